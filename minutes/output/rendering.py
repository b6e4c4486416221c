"""One ordered walk of an agenda item's content, shared by the HTML pages, the plain text and the printed minutes.

`walk(item)` turns an item's points, questions and resolutions (already prefetched by `for_item_page()`) into a flat
list of `Block`s in the published order; `list_events(blocks)` nests them into lists for HTML and PDF templates;
`item_text()` and `meeting_text()` lay them out as the published plain text. Nothing here builds HTML: templates do.
"""

import re
from dataclasses import dataclass, field

BULLETS = {"·", "-", "•", "–"}
LABEL_RE = re.compile(
    r"^(?P<label>\d+\.|\(\d+\)|\d+\)|[a-z]\.|[a-z]\)|\([a-z]\)|\([ivx]+\)|[ivx]+\)|[·•–-])\s+(?P<text>\S.*)$",
    re.DOTALL,
)


def paragraphs(text):
    """Paragraphs of a multi-paragraph field: separated by blank lines (or lines holding only white space)."""
    parts = re.split(r"\n[ \t\u00a0]*\n", (text or "").replace("\r\n", "\n").strip())
    return [p.strip() for p in parts if p.strip()]


@dataclass
class Para:
    label: str
    text: str

    @property
    def value(self):
        return numeric_value(self.label)


def labelled_paragraphs(text):
    """Paragraphs that may open with a label as written ('1.', '(a)', '·'); the label is kept apart for lists."""
    out = []
    for paragraph in paragraphs(text):
        match = LABEL_RE.match(paragraph)
        out.append(Para(match["label"], match["text"]) if match else Para("", paragraph))
    return out


def numeric_value(label):
    """The `value` of an <li> for plain numbered labels ('5.', '(5)', '5)'); None for letters, numerals, bullets."""
    match = re.fullmatch(r"\(?(\d+)[.)]", label or "")
    return int(match[1]) if match else None


def list_tag(label):
    if not label:
        return None
    return "ul" if label in BULLETS else "ol"


@dataclass
class Block:
    """One paragraph-level piece of an item's minutes, in order."""

    kind: str  # "point", "heading", "note", "attendance", "question", "resolution", "summary"
    obj: object
    depth: int = 0
    label: str = ""
    anchor: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def tag(self):
        return list_tag(self.label)

    @property
    def value(self):
        return numeric_value(self.label)


def public_description(item, public=True):
    """The agenda's description, which the public never reads of an exempt item (only its title and summary)."""
    return "" if item.is_exempt and public else item.description


def description_paragraphs(item, public=True):
    return paragraphs(public_description(item, public))


def walk(item, public=True):
    """The blocks of an item's minutes in published order. The public reads only the summary of an exempt item."""
    if item.is_exempt and public:
        return [
            Block("summary", item, anchor=f"item-{item.pk}-summary", extra={"paras": paragraphs(item.exempt_summary)})
        ]
    return [content_block(obj) for obj in item.content()]


def content_block(obj):
    """The block of one point, question or resolution (saved or not: the item editor previews unsaved rows)."""
    model = obj._meta.model_name
    if model == "minutepoint":
        kind = "point" if obj.kind == "paragraph" else obj.kind
        return Block(kind, obj, obj.depth, obj.label, obj.anchor, {"paras": paragraphs(obj.text)})
    if model == "question":
        return Block(
            "question",
            obj,
            obj.depth,
            obj.label,
            obj.anchor,
            {"paras": paragraphs(obj.text), "response": labelled_paragraphs(obj.response)},
        )
    return Block(
        "resolution",
        obj,
        obj.depth,
        obj.label,
        obj.anchor,
        {"paras": paragraphs(obj.text), "clauses": labelled_paragraphs(obj.clauses)},
    )


@dataclass
class Event:
    op: str  # "open" (a list), "close" (a list), "item" (opens an <li>), "end" (closes it), "block" (no list)
    tag: str = ""
    block: Block | None = None


def list_events(blocks):
    """Nest a flat, depth-tagged walk into lists: labelled blocks become <li>s of an <ol> (or <ul> for bullets),
    unlabelled ones stand as paragraphs, and a deeper block goes inside the <li> before it."""
    events, stack = [], []  # stack of (depth, tag) for each open list, each with one open <li>

    def close_top():
        events.append(Event("end"))
        events.append(Event("close", stack.pop()[1]))

    for block in blocks:
        tag = block.tag
        while stack and (stack[-1][0] > block.depth or (stack[-1][0] == block.depth and stack[-1][1] != tag)):
            close_top()
        if tag is None:
            events.append(Event("block", block=block))
        elif stack and stack[-1] == (block.depth, tag):
            events.append(Event("end"))
            events.append(Event("item", tag, block))
        else:
            stack.append((block.depth, tag))
            events.append(Event("open", tag))
            events.append(Event("item", tag, block))
    while stack:
        close_top()
    return events


# Dates as the published record writes them.


def ordinal(day):
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def clock(time):
    """'2.00 pm', '10.00 am', '12.30 pm'."""
    hour = time.hour % 12 or 12
    return f"{hour}.{time.minute:02d} {'am' if time.hour < 12 else 'pm'}"


def long_date(date, time=None):
    """'Wednesday, 16th July, 2025 2.00 pm' (the meeting page's title line)."""
    text = f"{date:%A}, {ordinal(date.day)} {date:%B}, {date.year}"
    return f"{text} {clock(time)}" if time else text


def printed_date(date):
    """'Thursday, 29 November 2012' (the printed minutes)."""
    return f"{date:%A}, {date.day} {date:%B} {date.year}"


def panel_full_name(panel):
    names = []
    while panel is not None:
        names.append(panel.name)
        panel = panel.parent
    return " - ".join(reversed(names))


# How an item is headed, on the pages, in the text and in print: "<minute number>. <title> (Item <agenda code>)", as
# Kent's printed minutes read. Both numbers come from the record: an item without a minute number is headed by its
# title alone (never by its position), and "(Item …)" appears only for an agenda code the title does not already end
# with (imported titles keep it as published).


def item_number_label(item):
    """'57.' for minute number 57 (written '57' or '57.'); '' when the record has none."""
    number = (item.number or "").strip().rstrip(".")
    return f"{number}." if number else ""


def item_reference(item):
    """'(Item A5)' for agenda code A5; '' without one or when the title already carries it."""
    code = (item.agenda_code or "").strip()
    if not code:
        return ""
    carried = re.search(rf"\(Item\s+{re.escape(code)}\)\s*$", item.title or "", re.IGNORECASE)
    return "" if carried else f"(Item {code})"


def item_heading_title(item):
    """The title with its agenda reference: 'Rural Crime Strategy (Item A4)'."""
    return " ".join(part for part in (item.title, item_reference(item)) if part)


def item_heading(item):
    """'57. Apologies and Substitutes', '2. Election of Chairman (Item A1)', 'Victim Satisfaction Update'."""
    return " ".join(part for part in (item_number_label(item), item_heading_title(item)) if part)


# Said where a reader cannot miss it (under the page's heading, under the text's title line) whenever minutes that are
# not the approved record are shown: draft minutes, or a clerk's preview.
DRAFT_NOTICE = "Draft minutes: not yet approved"


def minutes_are_draft(meeting, shown=True):
    return shown and meeting.status != "approved"


def meeting_title_line(meeting):
    special = f"{meeting.special_name}, " if meeting.special_name else ""
    return f"{special}{panel_full_name(meeting.panel)} - {long_date(meeting.date, meeting.start_time)}"


# Plain text in the published layout.

NUMBER_GAP = "    "
BULLET_GAP = "         "


def labelled(label, text):
    if not label:
        return text
    return f"{label}{BULLET_GAP if label in BULLETS else NUMBER_GAP}{text}"


def block_paragraphs(block):
    """The plain-text paragraphs of one block, labels as written."""
    obj, paras = block.obj, block.extra.get("paras", [])
    if block.kind == "question":
        out = [obj.heading] if obj.heading else []
        if obj.response_inline and obj.response:
            joined = paras[:-1] + [f"{paras[-1]} {obj.response}".strip()] if paras else [obj.response]
            out += [labelled(block.label, joined[0]), *joined[1:]]
        else:
            out += [labelled(block.label, paras[0]), *paras[1:]] if paras else []
            if obj.asked_by_text:
                out.append(obj.asked_by_text)
            out += [labelled(p.label, p.text) for p in block.extra["response"]]
        return out
    if block.kind == "resolution":
        first = f"{obj.lead_in} {paras[0]}".strip() if paras else obj.lead_in
        return [labelled(block.label, first), *paras[1:], *(labelled(c.label, c.text) for c in block.extra["clauses"])]
    if not paras:
        return []
    return [labelled(block.label, paras[0]), *paras[1:]]


def item_documents(item, public=True):
    """An item's documents as the reader may see them: an exempt item's papers are not public."""
    return [] if item.is_exempt and public else item.document_list()


def document_line(document):
    size = document.size_label
    return f"{document.title} {size}".strip() if size else document.title


def item_body_lines(item, public=True):
    lines = []
    for block in walk(item, public):
        lines += block_paragraphs(block)
    return lines


def item_text(item, public=True):
    """An agenda item page as the published plain text (the seed's layout)."""
    parts = ["Agenda item", item.title] if item.title else ["Agenda item"]
    if public and minutes_are_draft(item.meeting):
        parts.append(DRAFT_NOTICE)
    parts += description_paragraphs(item, public)
    if item.show_minutes_label and (not public or item.meeting.minutes_public):
        parts.append("Minutes:")
    if not public or item.meeting.minutes_public:
        parts += item_body_lines(item, public)
    text = "\n\n".join(parts)
    docs = [document_line(d) for d in item_documents(item, public)]
    text += "\n\nSupporting documents:" + "".join(f"\n\n{line}" for line in docs)
    return text + "\n"


def meeting_text(meeting, items, public=True):
    """A whole meeting page ('Agenda and minutes') as the published plain text."""
    parts = [meeting.status_heading, meeting.title_line]
    if public and minutes_are_draft(meeting):
        parts.append(DRAFT_NOTICE)
    if meeting.status in ("cancelled", "postponed"):
        parts.append(f"This meeting was {meeting.status}.")
    if meeting.venue:
        parts.append(f"Venue: {meeting.venue}" + (" View directions" if meeting.venue_directions_url else ""))
    if meeting.contact:
        parts.append(f"Contact: {meeting.contact}")
    if meeting.note:
        parts.append(f"Note: {meeting.note}")
    if meeting.media_url:
        parts.append("Media")
    show_minutes = not public or meeting.minutes_public
    if show_minutes:
        # Imported when needed: this module imports no models, so minutes.models can use it without a cycle.
        from ..people.lines import attendance_text

        parts += attendance_text(meeting.attendance.all())
    parts.append("Items\nNo. Item")
    for item in items:
        if item.number:
            parts.append(item_number_label(item))
        documents = item_documents(item, public)
        title_docs = [d for d in documents if not d.is_additional]
        title = item_heading_title(item) + "".join(f" pdf icon {d.size_label}" for d in title_docs)
        if title:
            parts.append(title)
        parts += description_paragraphs(item, public)
        extra_docs = [d for d in documents if d.is_additional]
        if item.show_documents_label or extra_docs:
            parts.append("Additional documents:")
            parts += [document_line(d) for d in extra_docs]
        if show_minutes:
            if item.show_minutes_label:
                parts.append("Minutes:")
            parts += item_body_lines(item, public)
    return "\n\n".join(parts) + "\n"
