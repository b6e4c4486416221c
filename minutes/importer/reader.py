"""Read minutes in the published plain-text layout into a tree of plain objects.

Two page shapes are read: an agenda item page (the seed: `Agenda item`, the title, `Minutes:`, the points,
`Supporting documents:`) and a whole meeting page (`Agenda and minutes`, the title line with the date, `Venue:`,
`Contact:`, then each item's number, title, `Additional documents:`, `Minutes:` and minutes). Copies of pages are
untidy, so the reader repairs what it safely can (lines holding only a non-breaking space, hard wraps, a label alone
on its line, a paragraph broken mid-sentence, `|` table captures, a site error banner) and says so.

The rule that matters most: no text is ever dropped or reordered. A paragraph the reader cannot place stays a plain
paragraph where it stood, with a warning naming its line. Nothing here touches Django: `minutes.importer.save` writes a
tree to the database, and the admin previews it.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024


class ImportTextError(ValueError):
    """The text cannot be imported; the message says why in words a clerk can act on."""


class UnreadableText(ImportTextError):
    """Empty, binary, too large or not in a known encoding."""


class UnrecognisedText(ImportTextError):
    """Readable text, but nothing in it has the shape of published minutes."""


# The tree.


@dataclass
class Notice:
    line: int
    message: str
    level: str = "warning"  # "warning": check this; "info": a repair the reader made

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedDocument:
    title: str
    file_format: str = ""
    size_bytes: int | None = None
    is_additional: bool = True
    kind: str = "report"
    line: int = 0


@dataclass
class ParsedPoint:
    text: str
    label: str = ""
    depth: int = 0
    kind: str = "paragraph"  # paragraph, heading, note, attendance (MinutePoint.Kind)
    line: int = 0


@dataclass
class ParsedQuestion:
    text: str
    label: str = ""
    depth: int = 0
    heading: str = ""
    asked_by_text: str = ""
    response: str = ""
    response_inline: bool = False
    introduced_by: ParsedPoint | None = None
    line: int = 0


@dataclass
class ParsedResolution:
    text: str
    lead_in: str = ""
    label: str = ""
    depth: int = 0
    clauses: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    outcome: str = ""
    line: int = 0


@dataclass
class ParsedItem:
    number: str = ""
    agenda_code: str = ""
    title: str = ""
    kind: str = "report"
    description: str = ""
    documents: list = field(default_factory=list)
    # None when the text does not say (an item page never shows the meeting page's label): the record's default.
    show_documents_label: bool | None = None
    show_minutes_label: bool = False
    blocks: list = field(default_factory=list)
    line: int = 0

    def count(self, cls):
        return sum(isinstance(block, cls) for block in self.blocks)

    def __str__(self):
        return f"{self.number + '. ' if self.number else ''}{self.title or self.description[:60] or '(untitled item)'}"


@dataclass
class MeetingHeader:
    status_heading: str = ""
    status: str = ""  # the Meeting.Status the heading names (shown in previews only: imports are saved as drafts)
    panel_name: str = ""
    sub_committee: str = ""
    special_name: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    venue: str = ""
    has_directions: bool = False
    contact: str = ""
    note: str = ""
    has_media: bool = False
    # ("PRESENT", "Cllr A Birch (Chair) (Ashbury Borough Council), …", line): matched to people when saved.
    attendance: list = field(default_factory=list)
    line: int = 0


@dataclass
class ParsedMinutes:
    kind: str  # "meeting" (a whole meeting page) or "item" (one agenda item page)
    header: MeetingHeader | None = None
    items: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def warnings(self):
        return [n for n in self.notices if n.level == "warning"]

    def summary(self):
        return {
            "items": len(self.items),
            "points": sum(item.count(ParsedPoint) for item in self.items),
            "questions": sum(item.count(ParsedQuestion) for item in self.items),
            "resolutions": sum(item.count(ParsedResolution) for item in self.items),
            "warnings": len(self.warnings),
        }


# Reading bytes.

BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a Word document or other zip file",
    b"\xd0\xcf\x11\xe0": "an old-style Word document",
    b"{\\rtf": "an RTF document",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
}


def decode_minutes(data, encoding=None):
    """The text of an uploaded or read file, or UnreadableText saying what is wrong with it.

    A UTF-8 byte order mark (Notepad, Excel) is dropped: it carries no text. Text that is not UTF-8 is refused
    rather than guessed at, because a wrong guess would corrupt the record silently; the message names the likely
    encoding so the clerk can say it (`--encoding cp1252`) or re-save the file as UTF-8.
    """
    if len(data) > MAX_BYTES:
        raise UnreadableText(f"the file is {len(data) / 1024 / 1024:.1f} MB; the importer reads files up to 5 MB.")
    if not data.strip():
        raise UnreadableText("the file is empty.")
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableText(f"the file is {what}, not plain text: copy the minutes into a .txt file (UTF-8).")
    if b"\x00" in data[:8192]:
        hint = " (it looks like UTF-16: re-save it as UTF-8)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise UnreadableText(f"the file holds binary data, not plain text{hint}.")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise UnreadableText(f"unknown encoding {encoding!r}.") from None
        except UnicodeDecodeError as exc:
            raise UnreadableText(f"the file is not valid {encoding} text (byte {exc.start}).") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            likely = "Windows-1252 (Word's 'Plain Text' default)" if _looks_cp1252(data) else "not UTF-8"
            raise UnreadableText(
                f"the file is not UTF-8 text: line {line} has the byte 0x{data[exc.start]:02x}; it looks like "
                f"{likely}. Re-save it as UTF-8, or name its encoding (--encoding cp1252)."
            ) from None
    text = text.lstrip("\ufeff")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:8192]) // 100):
        raise UnreadableText("the file holds binary data, not plain text.")
    return text


def _looks_cp1252(data):
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return any(byte in data for byte in (0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xA3, 0xA0, 0xB7))


# Patterns of the published layout.

SPACE = "[\\s\u00a0]"
LABEL_RE = re.compile(
    r"^(?P<label>\d{1,3}\.|\(\d{1,3}\)|\d{1,3}\)|[a-z]\.|[a-z]\)|\([a-z]\)|\([ivx]{1,5}\)|[ivx]{1,5}\)|[ivx]{1,5}\."
    r"|[·•]|-|–)(?:" + SPACE + r"+(?P<text>\S.*))?$",
    re.DOTALL,
)
BULLET_STYLES = {"·": "·", "•": "·", "-": "-", "–": "-"}
STATUS_HEADINGS = {
    "agenda": "agenda",
    "agenda and draft minutes": "draft_minutes",
    "agenda and minutes": "approved",
}
MONTHS = {
    name: n
    for n, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
DATE_RE = re.compile(
    r"(?P<dow>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*,?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\s*,?\s+"
    r"(?P<year>\d{4})(?:\s*,?\s+(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\.?)?\s*$",
    re.IGNORECASE,
)
SIZE = r"(?P<fmt>PDF|DOCX?|XLSX?|PPTX?|RTF|ODT|ODS|HTML?|TXT|CSV|ZIP)\s+(?P<size>\d+(?:[.,]\d+)?)\s*(?P<unit>KB|MB|GB)"
TITLE_DOC_RE = re.compile(r"\s*\b\w+\s+icon\s+" + SIZE + r"\s*$", re.IGNORECASE)
LIST_DOC_RE = re.compile(r"^(?P<title>.+?)\s+(?:\w+\s+icon\s+)?" + SIZE + r"\s*$", re.IGNORECASE)
ITEM_NUMBER_RE = re.compile(r"^(?P<number>\d{1,4}[a-z]?\.|[A-Z]{1,2}\d{1,3}[a-z]?\.?)$")
ITEM_NUMBER_TITLE_RE = re.compile(r"^(?P<number>\d{1,4}[a-z]?)\.\s+(?P<title>\S.*)$")
AGENDA_CODE_RE = re.compile(r"\(Item\s+(?P<code>[A-Z]{0,2}\d{1,3}[a-z]?)\)\s*$")
MEETING_LINE_RE = re.compile(r"^Meeting:\s*(?P<meeting>.+?)(?:\s*\(Item\s+(?P<number>[\w.]+?)\.?\))?$")
BANNER_RE = re.compile(r"^(This is a default template|An error has occurred|Error:|We're sorry)", re.IGNORECASE)
QUESTION_HEADING_RE = re.compile(r"^Questions?\s*\d{1,3}[a-z]?\s*[:.]?$")
ATTRIBUTION_RE = re.compile(r"^\(.{3,298}\)$", re.DOTALL)
NAME_LABEL_RE = re.compile(
    r"^(?P<who>(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Professor|Prof)\.?\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*){0,2}):"
    r"(?:\s+(?P<rest>\S.*))?$",
    re.DOTALL,
)
RESOLVED_RE = re.compile(
    r"^(?P<lead>(?:(?:UNANIMOUSLY|Unanimously)\s+)?(?:RESOLVED|Resolved)(?:\s*:)?)(?=[\s:]|$)\s*(?P<text>.*)$",
    re.DOTALL,
)
PROSE_RESOLUTION_RE = re.compile(
    r"^(?:The\s+)?(?:Panel|Committee|Sub-Committee|Board|Members)\s+(?:unanimously\s+)?resolved\s+(?:that|to)\b"
)
QUESTION_INTRO_RE = re.compile(
    r"\b(?:questions?|issues?|quer(?:y|ies)|matters?)\b.*\b(?:raised|asked|put)\b.*\b(?:following|included?)\b.*:$",
    re.IGNORECASE | re.DOTALL,
)
NOTE_RE = re.compile(r"^post[-\s]?meeting\s+note\b", re.IGNORECASE)
ATTENDANCE_LINE_RE = re.compile(r"^(PRESENT|ALSO PRESENT|IN ATTENDANCE|APOLOGIES)\s*:\s*(.+)$", re.DOTALL)
ATTENDANCE_RE = re.compile(r"\b(?:was|were)\s+in\s+attendance\s+for\s+(?:this|the)\s+item\b", re.IGNORECASE)
LAYOUT_LABELS = {"Minutes:", "Additional documents:", "Supporting documents:", "Agenda item", "Items", "No. Item"}
ITEM_KINDS = [
    (r"^apologies", "apologies"),
    (r"^declarations?\b", "declarations"),
    (r"^(?:\w+\s+)?minutes\s+of\b|^minutes\b", "minutes_approval"),
    (r"^questions?\b", "questions"),
    (r"\belection\b|^election", "election"),
    (r"exclusion of the press|exclude the press|exempt", "exclusion"),
    (r"\bmembership\b", "membership"),
    (r"\b(?:oral|verbal)\s+update\b|\s-\s+update\b", "update"),
]
NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS |= {"none": 0, "thirty": 30, "forty": 40, "fifty": 50}
NUM = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
VOTE_FOR_RE = re.compile(r"\b" + NUM + r"\s+(?:votes?\s+|members?\s+)?(?:were\s+)?(?:in\s+favour|for)\b", re.IGNORECASE)
VOTE_AGAINST_RE = re.compile(r"\b" + NUM + r"\s+(?:votes?\s+|members?\s+)?(?:were\s+)?against\b", re.IGNORECASE)
ABSTAIN_RE = re.compile(r"\b" + NUM + r"\s+(?:abstentions?|(?:members?\s+)?abstained)\b", re.IGNORECASE)
NUMBER_GAP = "    "


def squash(text):
    """One paragraph's words with single spaces: hard wraps and non-breaking spaces are layout, not text."""
    return " ".join(text.split())


def split_label(text):
    match = LABEL_RE.match(text)
    if not match:
        return "", text
    return match["label"], (match["text"] or "")


def ends_sentence(text):
    return bool(re.search(r"[.:;?!)\]\"'’”]$", text))


def number_value(word):
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


ROMAN = {"i": 1, "v": 5, "x": 10}


def roman_value(numeral):
    total, previous = 0, 0
    for ch in reversed(numeral):
        value = ROMAN[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


@dataclass
class Para:
    line: int
    text: str


@dataclass
class Level:
    style: str
    value: int | None


# The reader.


class Reader:
    def __init__(self, text):
        self.text = text
        self.notices = []

    def note(self, line, message, level="warning"):
        self.notices.append(Notice(line, message, level))

    # Paragraphs.

    def paragraphs(self):
        """Paragraphs with the line each starts on: blank lines (or ones holding only non-breaking spaces) separate
        them; the lines of one paragraph are joined; a `|` table capture becomes one paragraph per cell."""
        out, current, start = [], [], 0

        def flush():
            nonlocal current
            if current:
                out.append(Para(start, squash(" ".join(current))))
            current = []

        lines = self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for number, raw in enumerate(lines, 1):
            line = squash(raw)
            if not line:
                flush()
                continue
            if "|" in line and re.search(r"(^|\s)\|(\s|$)", line):
                flush()
                cells = [squash(cell) for cell in line.split("|")]
                cells = [cell for cell in cells if cell]
                pieces = []
                for cell in cells:
                    # Bullets flattened into a cell: '· a · b' are separate bullet points.
                    parts = re.split(r"\s+(?=[·•]\s)", cell)
                    pieces += [part for part in parts if part]
                out += [Para(number, piece) for piece in pieces]
                self.note(number, f"a table-shaped line was split at '|' into {len(pieces)} paragraphs; check them.")
                continue
            if current and self.starts_new_paragraph(current[-1], line):
                flush()
            if not current:
                start = number
            current.append(line)
            if line in LAYOUT_LABELS:
                flush()
        flush()
        return out

    @staticmethod
    def starts_new_paragraph(previous, line):
        """A line of a hard-wrapped paragraph that is really the start of the next one."""
        if line in LAYOUT_LABELS or line.lower() in STATUS_HEADINGS or QUESTION_HEADING_RE.match(line):
            return True
        if previous in LAYOUT_LABELS or QUESTION_HEADING_RE.match(previous):
            return True
        if previous.lower() in STATUS_HEADINGS:
            # 'Agenda' wrapped before 'and minutes' is one heading; anything else starts the title line.
            joined = f"{previous} {line}".lower()
            return not any(heading.startswith(joined) for heading in STATUS_HEADINGS)
        if line.startswith(("Venue:", "Contact:", "Note:")):
            return True
        label, _ = split_label(line)
        opens_block = bool(label) or bool(RESOLVED_RE.match(line) and line.split()[0].isupper())
        return opens_block and (ends_sentence(previous) or bool(ITEM_NUMBER_RE.match(previous)))

    # The page.

    def read(self):
        paras = self.paragraphs()
        if not paras:
            raise UnrecognisedText("the text holds no paragraphs.")
        while paras and BANNER_RE.match(paras[0].text):
            self.note(paras[0].line, f"skipped the site's error banner: {paras[0].text[:120]!r}.")
            paras = paras[1:]
        if not paras:
            raise UnrecognisedText("the text holds only a site error banner.")
        texts = [p.text for p in paras]
        first = texts[0]
        if first.lower() in STATUS_HEADINGS or any(self.title_line_match(t) for t in texts[:4]):
            return self.read_meeting(paras)
        if first == "Agenda item":
            return self.read_item_page(paras[1:], paras[0].line)
        if "Items" in texts or "No. Item" in texts or "Items No. Item" in texts or self.item_starts(paras, 0):
            self.note(paras[0].line, "no meeting header (status heading and title line with the date).")
            return self.read_meeting(paras, header_expected=False)
        if "Minutes:" in texts:
            return self.read_item_page(paras, paras[0].line, no_heading=True)
        if any(split_label(t)[0] or RESOLVED_RE.match(t) for t in texts):
            self.note(paras[0].line, "no 'Agenda item' heading, title or 'Minutes:' label: read as minutes only.")
            item = ParsedItem(line=paras[0].line)
            item.blocks = self.read_body(paras, item)
            return ParsedMinutes("item", items=[item], notices=self.notices)
        raise UnrecognisedText(
            "no recognisable structure: expected an 'Agenda and minutes' page, an 'Agenda item' page, a "
            "'Minutes:' label or numbered points."
        )

    @staticmethod
    def title_line_match(text):
        return DATE_RE.search(text) if len(text) < 400 else None

    # Meeting pages.

    def read_meeting(self, paras, header_expected=True):
        header = MeetingHeader(line=paras[0].line)
        i = 0
        if header_expected:
            i = self.read_header(paras, header)
        starts = [j for j in range(i, len(paras)) if self.item_starts(paras, j)]
        if i < len(paras) and (not starts or starts[0] > i):
            end = starts[0] if starts else len(paras)
            leftovers = paras[i:end]
            if not starts:
                raise UnrecognisedText("a meeting header, but no numbered items after it (e.g. '57.' then a title).")
            for p in leftovers:
                self.note(p.line, f"text before the first item kept in the meeting's note: {p.text[:80]!r}.")
            header.note = "\n\n".join([header.note, *(p.text for p in leftovers)]).strip()
        items = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(paras)
            items.append(self.read_meeting_item(paras[start:end]))
        return ParsedMinutes("meeting", header=header if header_expected else None, items=items, notices=self.notices)

    def read_header(self, paras, header):
        i = 0
        if paras[0].text.lower() in STATUS_HEADINGS:
            header.status_heading = paras[0].text
            header.status = STATUS_HEADINGS[paras[0].text.lower()]
            i = 1
        if i < len(paras):
            match = self.title_line_match(paras[i].text)
            lhs, line = None, paras[i].line
            if match and match.start() > 0:
                lhs, date_match = paras[i].text[: match.start()], match
                i += 1
            elif match and i > 0 and match.start() == 0:
                self.note(line, "the date line names no panel.")
                lhs, date_match = "", match
                i += 1
            elif i + 1 < len(paras) and DATE_RE.fullmatch(paras[i + 1].text):
                # The older form: the panel's name on one line and the date on the next.
                lhs, date_match = paras[i].text, DATE_RE.fullmatch(paras[i + 1].text)
                i += 2
            if lhs is not None:
                self.read_title(lhs, date_match, header, line)
            else:
                self.note(line, "no title line with the meeting's date (e.g. '<Panel> - Wednesday, 4th March, 2026').")
        while i < len(paras):
            text, line = paras[i].text, paras[i].line
            if text in ("Items", "No. Item", "Items No. Item"):
                i += 1
                continue
            if self.item_starts(paras, i):
                break
            if text.startswith("Venue:"):
                venue = text[len("Venue:") :].strip()
                if venue.endswith("View directions"):
                    header.has_directions = True
                    venue = venue[: -len("View directions")].strip()
                header.venue = venue
            elif text.startswith("Contact:"):
                header.contact = text[len("Contact:") :].strip()
            elif text.startswith("Note:"):
                header.note = "\n\n".join(filter(None, [header.note, text[len("Note:") :].strip()]))
            elif attendance := ATTENDANCE_LINE_RE.match(text):
                header.attendance.append((attendance[1], attendance[2].strip(), line))
            elif text in ("Media", "Media:") or text.startswith("Media "):
                header.has_media = True
                if text not in ("Media", "Media:"):
                    self.note(line, f"the media line has more than the link: {text!r}; only the link is kept.")
            else:
                self.note(line, f"header line not recognised, kept in the meeting's note: {text[:80]!r}.")
                header.note = "\n\n".join(filter(None, [header.note, text]))
            i += 1
        return i

    def read_title(self, lhs, match, header, line):
        lhs = re.sub(r"[\s,–-]+$", "", lhs).strip()
        parts = [part.strip() for part in lhs.split(" - ")]
        panel, header.sub_committee = parts[0], " - ".join(parts[1:])
        if ", " in panel:
            header.special_name, panel = panel.rsplit(", ", 1)
        header.panel_name = panel
        try:
            header.date = dt.date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            self.note(line, f"the date {match.group(0)!r} is not a real date.")
            return
        if WEEKDAYS[header.date.weekday()] != match["dow"].lower():
            self.note(line, f"{header.date:%d %B %Y} was a {header.date:%A}, not a {match['dow']}; the date is kept.")
        if match["hour"]:
            hour, minute = int(match["hour"]), int(match["minute"] or 0)
            if not (1 <= hour <= 12 and minute < 60):
                self.note(line, f"the time in {match.group(0)!r} is not a clock time; no time kept.")
                return
            hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
            header.start_time = dt.time(hour, minute)

    def item_starts(self, paras, i):
        """Whether paragraph i opens an item of a meeting page: its number ('57.'), then a title, then the labels.

        '1.' alone on its line may instead be a point's number, so a bare number opens an item only when the item's
        labels follow before anything numbered, or when a title-like line follows a number above the last item's."""
        text = paras[i].text
        match = ITEM_NUMBER_RE.match(text)
        if not match:
            paired = ITEM_NUMBER_TITLE_RE.match(text)
            return bool(paired) and i + 1 < len(paras) and paras[i + 1].text in ("Additional documents:", "Minutes:")
        for j in range(i + 1, min(i + 15, len(paras))):
            following = paras[j].text
            if following in ("Additional documents:", "Minutes:"):
                return True
            if ITEM_NUMBER_RE.match(following) or split_label(following)[0] or RESOLVED_RE.match(following):
                break
        if i > 0 and paras[i - 1].text in ("Items", "No. Item", "Items No. Item"):
            return True
        if i + 1 < len(paras):
            title = paras[i + 1].text
            return (
                len(title) < 200
                and not ends_sentence(title.rstrip("."))
                and title[:1].isupper()
                and not split_label(title)[0]
                and not title.endswith(".")
                and match["number"][:-1].isdigit()
                and int(match["number"][:-1]) > 1
            )
        return False

    def read_meeting_item(self, paras):
        head = paras[0]
        item = ParsedItem(line=head.line, show_documents_label=False)
        paired = ITEM_NUMBER_TITLE_RE.match(head.text)
        rest = paras[1:]
        if paired and not ITEM_NUMBER_RE.match(head.text):
            item.number = paired["number"]
            title = Para(head.line, paired["title"])
        else:
            item.number = ITEM_NUMBER_RE.match(head.text)["number"].rstrip(".")
            title = rest.pop(0) if rest and rest[0].text not in ("Additional documents:", "Minutes:") else None
        if title is not None:
            self.read_item_title(item, title)
        texts = [p.text for p in rest]
        docs_at = texts.index("Additional documents:") if "Additional documents:" in texts else None
        minutes_at = texts.index("Minutes:") if "Minutes:" in texts else None
        if docs_at is None and minutes_at is None:
            self.note(head.line, f"item {item.number}: no 'Minutes:' label; what follows the title is read as minutes.")
            item.blocks = self.read_body(rest, item)
            return item
        first_label = min(k for k in (docs_at, minutes_at) if k is not None)
        description = rest[:first_label]
        body_from = first_label + 1
        if docs_at is not None:
            item.show_documents_label = True
            stop = minutes_at if minutes_at is not None and minutes_at > docs_at else len(rest)
            j = docs_at + 1
            while j < stop:
                doc = self.list_document(rest[j])
                if doc is None:
                    break
                item.documents.append(doc)
                j += 1
            if minutes_at is not None and minutes_at > docs_at:
                for p in rest[j:minutes_at]:
                    self.note(
                        p.line, f"agenda text after 'Additional documents:' read as the description: {p.text[:60]!r}."
                    )
                description += rest[j:minutes_at]
                body_from = minutes_at + 1
            else:
                body_from = j
        if minutes_at is not None:
            item.show_minutes_label = True
            if docs_at is not None and minutes_at < docs_at:
                self.note(rest[docs_at].line, "'Additional documents:' after 'Minutes:' read as minutes text.")
                body_from = minutes_at + 1
        else:
            self.note(head.line, f"item {item.number}: no 'Minutes:' label.", "info")
        item.description = "\n\n".join(p.text for p in description)
        item.blocks = self.read_body(rest[body_from:], item)
        return item

    def read_item_title(self, item, para):
        title, docs = para.text, []
        while True:
            match = TITLE_DOC_RE.search(title)
            if not match or match.start() == 0:
                break
            docs.insert(0, self.document(match, "", para.line, is_additional=False))
            title = title[: match.start()].rstrip()
        if len(title) > 500:
            self.note(para.line, "a title longer than 500 characters read as the item's description.")
            item.description = title
            title = ""
        item.title = title
        for doc in docs:
            doc.title = title or "Document"
            doc.kind = document_kind(doc.title)
        code = AGENDA_CODE_RE.search(title)
        if code:
            item.agenda_code = code["code"]
        for pattern, kind in ITEM_KINDS:
            if re.search(pattern, title, re.IGNORECASE):
                item.kind = kind
                break
        item.documents += docs

    def document(self, match, title, line, is_additional=True):
        size = float(match["size"].replace(",", "."))
        factor = {"kb": 1024, "mb": 1024**2, "gb": 1024**3}[match["unit"].lower()]
        return ParsedDocument(
            title=title,
            file_format=match["fmt"].upper(),
            size_bytes=round(size * factor),
            is_additional=is_additional,
            kind=document_kind(title),
            line=line,
        )

    def list_document(self, para):
        match = LIST_DOC_RE.match(para.text)
        return self.document(match, match["title"], para.line) if match else None

    # Item pages.

    def read_item_page(self, paras, line, no_heading=False):
        item = ParsedItem(line=line)
        texts = [p.text for p in paras]
        if no_heading:
            self.note(line, "no 'Agenda item' heading: the paragraph before 'Minutes:' is read as the title.")
        minutes_at = texts.index("Minutes:") if "Minutes:" in texts else None
        docs_at = (
            len(texts) - 1 - texts[::-1].index("Supporting documents:") if "Supporting documents:" in texts else None
        )
        end = docs_at if docs_at is not None else len(paras)
        if minutes_at is not None and (docs_at is None or minutes_at < docs_at):
            head, body = paras[:minutes_at], paras[minutes_at + 1 : end]
            item.show_minutes_label = True
        else:
            head, body = paras[:1], paras[1:end]
            self.note(line, "no 'Minutes:' label: everything after the title is read as the minutes.", "info")
        if head:
            self.read_item_title(item, head[0])
        for p in head[1:]:
            match = MEETING_LINE_RE.match(p.text)
            if match and not item.number and match["number"]:
                item.number = match["number"]
                self.note(p.line, f"the line naming the meeting gave the item number {item.number}.", "info")
                continue
            item.description = "\n\n".join(filter(None, [item.description, p.text]))
        if docs_at is not None:
            for p in paras[docs_at + 1 :]:
                doc = self.list_document(p) or ParsedDocument(title=p.text, line=p.line)
                doc.is_additional = doc.title != item.title
                item.documents.append(doc)
        item.blocks = self.read_body(body, item)
        return ParsedMinutes("item", items=[item], notices=self.notices)

    # The minutes of one item.

    def mend(self, paras):
        """Join a label standing alone with the text after it, and a paragraph broken in the middle of a sentence."""
        out = []
        for p in paras:
            if out:
                previous = out[-1]
                label, rest = split_label(previous.text)
                if label and not rest and not split_label(p.text)[0] and p.text not in LAYOUT_LABELS:
                    out[-1] = Para(previous.line, f"{label} {p.text}")
                    self.note(
                        previous.line, f"the label {label!r} stood alone; joined with the next paragraph.", "info"
                    )
                    continue
                if (
                    not ends_sentence(previous.text)
                    and p.text[:1].islower()
                    and not split_label(p.text)[0]
                    and not (label and not rest)
                    and previous.text not in LAYOUT_LABELS
                    and not QUESTION_HEADING_RE.match(previous.text)
                ):
                    out[-1] = Para(previous.line, f"{previous.text} {p.text}")
                    self.note(p.line, "a paragraph break in the middle of a sentence was joined up.", "info")
                    continue
            out.append(p)
        return out

    def read_body(self, paras, item):
        paras = self.mend(paras)
        blocks, stack = [], []
        intro = None  # (point, depth): the point introducing '·' question bullets
        i = 0
        while i < len(paras):
            p = paras[i]
            label, text = split_label(p.text)
            if label and not text:
                self.note(p.line, f"a label with no text: {label!r}; kept as a paragraph.")
                blocks.append(ParsedPoint(p.text, line=p.line))
                i += 1
                continue
            if not label:
                i = self.read_unlabelled(paras, i, blocks, stack, item)
                intro = None
                continue
            depth = self.depth_for(label, stack, p.line)
            if RESOLVED_RE.match(text) and RESOLVED_RE.match(text)["lead"].split()[-1].rstrip(":").isupper():
                i = self.read_resolution(paras, i, blocks, stack, label, depth)
                intro = None
                continue
            if intro is not None and depth > intro[1]:
                if depth == intro[1] + 1:
                    question, response = split_question(text)
                    blocks.append(
                        ParsedQuestion(
                            question,
                            label=label,
                            depth=depth,
                            response=response,
                            response_inline=True,
                            introduced_by=intro[0],
                            line=p.line,
                        )
                    )
                    i += 1
                    continue
            else:
                intro = None
            named = NAME_LABEL_RE.match(text)
            if named and (named["rest"] or "").endswith("?") or named and not named["rest"]:
                i = self.read_named_question(paras, i, blocks, label, depth, text)
                continue
            point = ParsedPoint(text, label=label, depth=depth, line=p.line)
            if NOTE_RE.match(text):
                point.kind = "note"
            elif ATTENDANCE_RE.search(text):
                point.kind = "attendance"
            blocks.append(point)
            if QUESTION_INTRO_RE.search(text):
                intro = (point, depth)
            i += 1
        if not blocks and paras:
            self.note(paras[0].line, "the minutes of this item could not be read.")
        return blocks

    def read_unlabelled(self, paras, i, blocks, stack, item):
        p = paras[i]
        text = p.text
        if QUESTION_HEADING_RE.match(text):
            return self.read_heading_question(paras, i, blocks)
        resolved = RESOLVED_RE.match(text)
        if resolved and resolved["lead"].split()[-1].rstrip(":").isupper():
            return self.read_resolution(paras, i, blocks, stack, "", 0)
        if PROSE_RESOLUTION_RE.match(text):
            return self.read_resolution(paras, i, blocks, stack, "", 0, prose=True)
        named = NAME_LABEL_RE.match(text)
        if named and not named["rest"] and i + 1 < len(paras):
            return self.read_named_question(paras, i, blocks, "", 0, text, heading=True)
        if text in LAYOUT_LABELS or text.lower() in STATUS_HEADINGS:
            self.note(p.line, f"the layout label {text!r} inside the minutes; kept as a paragraph.")
            blocks.append(ParsedPoint(text, line=p.line))
            return i + 1
        if NOTE_RE.match(text):
            texts = [text]
            if text.endswith(":") and i + 1 < len(paras) and not split_label(paras[i + 1].text)[0]:
                texts.append(paras[i + 1].text)
                i += 1
            blocks.append(ParsedPoint("\n\n".join(texts), kind="note", line=p.line))
            return i + 1
        if ATTENDANCE_RE.search(text):
            blocks.append(ParsedPoint(text, kind="attendance", line=p.line))
            return i + 1
        previous = paras[i - 1].text if i > 0 else None
        following = paras[i + 1].text if i + 1 < len(paras) else None
        if looks_like_heading(text, previous, following):
            blocks.append(ParsedPoint(text, kind="heading", line=p.line))
            del stack[1:]
            return i + 1
        blocks.append(ParsedPoint(text, line=p.line))
        return i + 1

    def depth_for(self, label, stack, line):
        style, value = label_style(label, stack)
        depth = None
        for k, level in enumerate(stack):
            if level.style != style:
                continue
            continues = value is None or level.value is None or value == level.value + 1 or value != 1
            if continues or k == len(stack) - 1:
                depth = k
                del stack[k + 1 :]
                level.value = value
            break
        if depth is None:
            stack.append(Level(style, value))
            depth = len(stack) - 1
        if depth > 3:
            self.note(line, f"the label {label!r} is nested {depth + 1} levels deep; shown at the fourth level.")
            depth = 3
        return depth

    def read_resolution(self, paras, i, blocks, stack, label, depth, prose=False):
        p = paras[i]
        _, text = split_label(p.text) if label else ("", p.text)
        if prose:
            lead, rest = "", text
        else:
            match = RESOLVED_RE.match(text)
            lead, rest = match["lead"], match["text"]
        texts = [rest] if rest else []
        j = i + 1
        # 'RESOLVED:' alone, or a wording that runs on into lower-case paragraphs.
        while j < len(paras):
            following = paras[j].text
            if split_label(following)[0] or following in LAYOUT_LABELS:
                break
            if not texts or following[:1].islower():
                texts.append(following)
                j += 1
                continue
            break
        resolution = ParsedResolution("\n\n".join(texts), lead_in=lead, label=label, depth=depth, line=p.line)
        if not texts or texts[-1].endswith(":") or texts[-1].endswith("that"):
            clauses, j = self.read_clauses(paras, j, stack)
            resolution.clauses = "\n\n".join(clauses)
        self.read_votes(resolution, blocks)
        blocks.append(resolution)
        return j

    def read_clauses(self, paras, j, stack):
        """The labelled clauses of 'RESOLVED that the Panel:': all in the first clause's style, or nested under it
        (numerals, bullets); a label of the points around them, or a new plain number, ends them."""
        clauses, first, points = [], None, {level.style for level in stack}
        while j < len(paras):
            label, text = split_label(paras[j].text)
            if not label or not text:
                break
            style, _ = label_style(label, [])
            if first is None:
                if style in points:
                    break
                first = style
            elif style != first and (style in points or style in ("1.", "(1)", "1)")):
                break
            clauses.append(f"{label}{NUMBER_GAP}{text}")
            j += 1
        return clauses, j

    def read_votes(self, resolution, blocks):
        texts = [resolution.text]
        if blocks and isinstance(blocks[-1], ParsedPoint):
            texts.insert(0, blocks[-1].text)
        for text in texts:
            counts = [pattern.search(text) for pattern in (VOTE_FOR_RE, VOTE_AGAINST_RE, ABSTAIN_RE)]
            if counts[0] and counts[1]:
                values = [number_value(m[1]) if m else None for m in counts]
                resolution.votes_for, resolution.votes_against, resolution.abstentions = values
                if values[0] is not None and values[1] is not None and values[0] != values[1]:
                    resolution.outcome = "carried" if values[0] > values[1] else "lost"
                return
        if resolution.lead_in.upper().startswith("UNANIMOUSLY") or re.search(r"\bunanimous(ly)?\b", texts[-1], re.I):
            resolution.outcome = "unanimous"
        elif re.search(r"\bwithout a vote\b", " ".join(texts), re.I):
            resolution.outcome = "without_vote"

    def read_heading_question(self, paras, i, blocks):
        heading = paras[i]
        question, attribution, response = [], "", []
        j = i + 1
        while j < len(paras):
            text = paras[j].text
            if QUESTION_HEADING_RE.match(text) or self.is_resolution(text) or split_label(text)[0]:
                break
            j += 1
            if ATTRIBUTION_RE.match(text) and question:
                attribution = text
                break
            question.append(text)
        while j < len(paras):
            text = paras[j].text
            if QUESTION_HEADING_RE.match(text) or self.is_resolution(split_label(text)[1] or text):
                break
            label, rest = split_label(text)
            response.append(f"{label}{NUMBER_GAP}{rest}" if label and rest else text)
            j += 1
        if not question:
            self.note(heading.line, f"{heading.text!r} has no question text before its answer.")
        if not attribution:
            self.note(heading.line, f"{heading.text!r} names nobody: no '(Cllr … – Council)' line.", "info")
        blocks.append(
            ParsedQuestion(
                "\n\n".join(question),
                heading=heading.text,
                asked_by_text=attribution,
                response="\n\n".join(response),
                line=heading.line,
            )
        )
        return j

    def read_named_question(self, paras, i, blocks, label, depth, text, heading=False):
        """The older form: '1. Mr Hill:' (or 'Mr Hill:' alone), the question, then the unnumbered answer."""
        p = paras[i]
        j = i + 1
        question = ParsedQuestion(text, label=label, depth=depth, line=p.line)
        if heading:
            question = ParsedQuestion(paras[j].text, heading=text, line=p.line)
            j += 1
        elif not NAME_LABEL_RE.match(text)["rest"] and j < len(paras) and not split_label(paras[j].text)[0]:
            question.text = f"{text}\n\n{paras[j].text}"
            j += 1
        response = []
        while j < len(paras):
            following = paras[j].text
            if split_label(following)[0] or self.is_resolution(following) or QUESTION_HEADING_RE.match(following):
                break
            if NAME_LABEL_RE.match(following):
                break
            response.append(following)
            j += 1
        question.response = "\n\n".join(response)
        blocks.append(question)
        return j

    @staticmethod
    def is_resolution(text):
        match = RESOLVED_RE.match(text)
        return bool(match and match["lead"].split()[-1].rstrip(":").isupper()) or bool(PROSE_RESOLUTION_RE.match(text))


def label_style(label, stack):
    """(style, value) of a label: '1.' → ('1.', 1), '(b)' → ('(a)', 2), '(ii)' → ('(i)', 2), '·' → ('·', None).

    'i', 'v' and 'x' are letters when they continue a lettered list ('(h)' then '(i)'), numerals otherwise."""
    if label in BULLET_STYLES:
        return BULLET_STYLES[label], None
    core = label.strip("().")
    shape = label.replace(core, "{}")
    if core.isdigit():
        return shape.format("1"), int(core)
    if set(core) <= set("ivx"):
        letter_style = shape.format("a")
        follows_letter = any(
            level.style == letter_style and level.value == ord(core[0]) - ord("a") for level in stack if len(core) == 1
        )
        if not follows_letter:
            return shape.format("i"), roman_value(core)
    return shape.format("a"), ord(core) - ord("a") + 1


def document_kind(title):
    lowered = title.lower()
    for prefix, kind in (("minutes", "minutes"), ("appendix", "appendix"), ("agenda", "agenda")):
        if lowered.startswith(prefix):
            return kind
    return "report"


def split_question(text):
    """'Whether … rates. The Commissioner noted …' → the question, then the response (the '·' bullet form)."""
    match = re.search(r"[.?](?=\s+[A-Z])", text)
    if not match:
        return text, ""
    return text[: match.end()], text[match.end() :].strip()


def looks_like_heading(text, previous, following):
    """A sub-heading inside the minutes: short, no closing punctuation, between complete paragraphs."""
    if len(text) > 80 or len(text.split()) > 10 or ends_sentence(text) or text.endswith(","):
        return False
    if not text[:1].isupper() or following is None:
        return False
    if previous is not None and not re.search(r"[.?!)]$", previous):
        return False
    # A run of short lines is a list (names, dates), not headings.
    return bool(split_label(following)[0]) or len(following) > 80 or ends_sentence(following)


def parse_minutes(text):
    """Read text in the published layout; returns ParsedMinutes or raises UnrecognisedText."""
    if not text or not text.strip(" \t\r\n\u00a0\ufeff"):
        raise UnrecognisedText("the text is empty.")
    return Reader(text.lstrip("\ufeff")).read()
