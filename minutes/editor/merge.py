"""An item's minutes as one text, and that text saved back onto the item's rows without losing what it cannot say.

The text is the published layout (what `/items/<pk>/minutes.txt` prints under `Minutes:`), read by the importer's
reader and turned into rows by the importer's `content_row`. Saving does not replace the rows: each paragraph of the
text is matched to the row it was (same text, or similar text of the same kind), so a row that survives keeps its
primary key, its history and what the layout does not carry (a question's asker linked to a Person, a resolution's
named votes and recorded counts, a question's introducing point). Only rows that really change are written, so an
unchanged text writes nothing at all, and a correction to approved minutes is recorded paragraph by paragraph.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..importer.reader import ParsedItem, ParsedQuestion, Reader, squash
from ..importer.save import content_row, match_item
from ..models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from ..output.rendering import block_paragraphs, content_block, item_body_lines, meeting_text

# What the layout text says of each kind of row: the editor writes these and nothing else.
TEXT_FIELDS = {
    MinutePoint: ["depth", "label", "kind", "text"],
    Question: ["depth", "label", "heading", "text", "asked_by_text", "response", "response_inline"],
    Resolution: ["depth", "label", "lead_in", "text", "clauses"],
}
# Counts the reader finds only when the wording states them ("11 in favour, 3 against"); otherwise those recorded
# by hand stand.
COUNTED_FIELDS = ["votes_for", "votes_against", "abstentions", "outcome"]
# Below this similarity an edited paragraph is a new one, not the old one reworded.
SIMILAR = 0.5
# Rows whose position changes pass through positions far above any real one, so that the per-item unique positions
# never collide mid-save.
PARKING = 1_000_000
NUMBERED_RE = re.compile(r"^(?P<open>\(?)(?P<n>\d{1,3})(?P<close>[.)])$")


def item_minutes_text(item):
    """The editor's text: the item's minutes exactly as the plain text prints them below `Minutes:`."""
    lines = item_body_lines(item, public=False)
    return "\n\n".join(lines) + "\n" if lines else ""


@dataclass
class Reading:
    blocks: list
    notices: list

    @property
    def warnings(self):
        return [n for n in self.notices if n.level == "warning"]


def read(text):
    """The text's blocks, numbered labels renumbered, with the reader's notices (line numbers of `text` itself)."""
    reader = Reader(text or "")
    paras = reader.paragraphs()
    blocks = reader.read_body(paras, ParsedItem()) if paras else []
    renumber(blocks)
    return Reading(blocks, reader.notices)


def renumber(blocks):
    """Plain numbered labels ('1.', '(1)', '1)') count on from the first of each run at its depth, so a paragraph
    inserted, deleted or moved leaves 1, 2, 3 … behind it. A shallower block ends the runs below it; letters,
    numerals and bullets are kept as written."""
    runs = {}  # depth -> ((open, close), last number)
    for block in blocks:
        for depth in [d for d in runs if d > block.depth]:
            del runs[depth]
        match = NUMBERED_RE.match(block.label)
        if not match:
            continue
        shape = (match["open"], match["close"])
        run = runs.get(block.depth)
        number = run[1] + 1 if run and run[0] == shape else int(match["n"])
        block.label = f"{shape[0]}{number}{shape[1]}"
        runs[block.depth] = (shape, number)


def key(row):
    """What a reader sees of a row: its kind and its paragraphs as printed."""
    return (type(row).__name__, tuple(squash(p) for p in block_paragraphs(content_block(row))))


def flat(keys):
    return [paragraph for _, paragraphs in keys for paragraph in paragraphs]


def wording(row):
    return " ".join(squash(p) for p in block_paragraphs(content_block(row)))


@dataclass
class Plan:
    """The item's rows as the text has them, in order, and what saving them changes."""

    rows: list = field(default_factory=list)
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # existing rows whose wording (or shape) changes
    moved: list = field(default_factory=list)  # existing rows that only change position
    deleted: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.created or self.changed or self.moved or self.deleted)

    def counts(self):
        return {
            "added": len(self.created),
            "changed": len(self.changed),
            "moved": len(self.moved),
            "removed": len(self.deleted),
        }


def plan(item, reading):
    """Match the text's blocks to the item's rows (read fresh): nothing is written here."""
    old = item.content()
    new = [content_row(item, 0, block) for block in reading.blocks]
    old_keys, new_keys = [key(row) for row in old], [key(row) for row in new]
    slots = []  # the final order: ("old", row) kept as it is, or ("new", index into new)
    loose_old, loose_new = [], []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (i2 > i1 and j2 > j1 and flat(old_keys[i1:i2]) == flat(new_keys[j1:j2])):
            # The same paragraphs (perhaps read into another shape than the one recorded): the record stands.
            slots += [("old", row) for row in old[i1:i2]]
            continue
        loose_old += range(i1, i2)
        loose_new += range(j1, j2)
        slots += [("new", j) for j in range(j1, j2)]

    partner = pair(old, new, old_keys, new_keys, loose_old, loose_new)
    result = Plan()
    row_of_block = {}
    for kind, value in slots:
        if kind == "old":
            result.rows.append(value)
            continue
        block, row = reading.blocks[value], new[value]
        existing = partner.get(value)
        if existing is not None:
            if rewrite(existing, row):
                result.changed.append(existing)
            row = existing
        else:
            result.created.append(row)
        row_of_block[id(block)] = row
        result.rows.append(row)
    used = {id(row) for row in result.rows}
    result.deleted = [row for row in old if id(row) not in used]
    gone = {row.pk for row in result.deleted if isinstance(row, MinutePoint)}

    for block in reading.blocks:
        row = row_of_block.get(id(block)) if isinstance(block, ParsedQuestion) else None
        point = row_of_block.get(id(block.introduced_by)) if row is not None else None
        if point is None or (point.pk is not None and row.introduced_by_id == point.pk):
            continue
        row.introduced_by = point
        if row.pk is not None and row not in result.changed:
            result.changed.append(row)
    for row in result.rows:
        if isinstance(row, Question) and row.introduced_by_id in gone:
            row.introduced_by = None
            if row.pk is not None and row not in result.changed:
                result.changed.append(row)

    changed = {id(row) for row in result.changed}
    for position, row in enumerate(result.rows, 1):
        if row.pk is not None and row.position != position and id(row) not in changed:
            result.moved.append(row)
        row.position = position
    return result


def pair(old, new, old_keys, new_keys, loose_old, loose_new):
    """{new index: old row} for the paragraphs that changed or moved: first the same text elsewhere (a move), then
    the most similar row of the same kind, in order. Similarity is over words, with the matcher's cheap upper
    bounds tried first, so a whole pasted replacement of a long item still previews quickly."""
    partner, free = {}, list(loose_old)
    for j in loose_new:
        same = next((i for i in free if old_keys[i] == new_keys[j]), None)
        if same is not None:
            partner[j] = old[same]
            free.remove(same)
    old_words = {i: words(old_keys[i]) for i in free}
    matcher = difflib.SequenceMatcher(autojunk=False)
    for j in loose_new:
        if j in partner:
            continue
        matcher.set_seq2(words(new_keys[j]))
        best, best_ratio = None, SIMILAR
        for i in free:
            if type(old[i]) is not type(new[j]):
                continue
            matcher.set_seq1(old_words[i])
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = i, ratio
        if best is not None:
            partner[j] = old[best]
            free.remove(best)
    return partner


def words(row_key):
    return [word for paragraph in row_key[1] for word in paragraph.split()]


def rewrite(existing, row):
    """Give `existing` what the text says (`row`); returns whether anything changed."""
    changed = False
    model = type(existing)
    names = TEXT_FIELDS[model] + (
        [name for name in COUNTED_FIELDS if getattr(row, name) not in (None, "")] if model is Resolution else []
    )
    for name in names:
        if getattr(existing, name) != getattr(row, name):
            setattr(existing, name, getattr(row, name))
            changed = True
    return changed


def validate(result):
    """Field checks of every row written (lengths, depth); the messages name the paragraph."""
    problems = []
    for row in [*result.created, *result.changed]:
        try:
            row.clean_fields(exclude=["item", "introduced_by", "asked_by", "text", "position"])
        except ValidationError as exc:
            detail = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items())
            problems.append(f"“{wording(row)[:60]}”: {detail}")
    return problems


def apply(item, result, reason=None):
    """Write the plan in one transaction: removed rows first, moved ones through parking positions, then points
    (which questions may point to), questions and resolutions. Each written row gets the reason in its history."""
    if result.is_empty:
        return
    with transaction.atomic():
        for row in result.deleted:
            row._change_reason = reason
            row.delete()
        for model in (MinutePoint, Question, Resolution):
            pks = [row.pk for row in [*result.changed, *result.moved] if isinstance(row, model)]
            if pks:
                model.objects.filter(pk__in=pks).update(position=F("position") + PARKING)
        writes = {id(row) for row in [*result.created, *result.changed, *result.moved]}
        for model in (MinutePoint, Question, Resolution):
            for row in result.rows:
                if isinstance(row, model) and id(row) in writes:
                    # A question linked to a point created above takes the point's new key as it saves.
                    row._change_reason = reason
                    row.save()
        # Someone with the item's page open must not save over this: the item's version moves on.
        AgendaItem.objects.filter(pk=item.pk).update(version=F("version") + 1)


# A whole meeting: its items in the "Agenda and minutes" layout, each item's minutes saved as the item editor saves.


def meeting_minutes_text(meeting):
    """The editor's text for a whole meeting: the meeting page as the plain text prints it, minutes included."""
    items = list(meeting.items.with_content().order_by("position"))
    return meeting_text(meeting, items, public=False)


def versions_token(meeting):
    """The meeting's and its items' versions as one value: a save from a page opened before any of them changed is
    refused."""
    items = meeting.items.order_by("pk").values_list("pk", "version")
    return f"{meeting.version}:" + ",".join(f"{pk}.{version}" for pk, version in items)


@dataclass
class MeetingPlan:
    items: list = field(default_factory=list)  # (saved item, its Plan), in the text's order
    new_items: list = field(default_factory=list)  # ParsedItems the meeting does not have yet
    untouched: list = field(default_factory=list)  # saved items the text leaves out: kept as they are
    problems: list = field(default_factory=list)  # reasons nothing can be saved
    notes: list = field(default_factory=list)  # differences the editor does not apply (title, description)

    @property
    def is_empty(self):
        return not self.new_items and all(item_plan.is_empty for _, item_plan in self.items)


def plan_meeting(meeting, parsed):
    result = MeetingPlan()
    existing = list(meeting.items.order_by("position"))
    matched = set()
    for parsed_item in parsed.items:
        renumber(parsed_item.blocks)
        item, conflict = match_item(parsed_item, existing)
        if conflict:
            result.problems.append(conflict)
        elif item is None:
            result.new_items.append(parsed_item)
        else:
            matched.add(item.pk)
            if squash(item.description) != squash(parsed_item.description):
                result.notes.append(f"item {item}: the text's description differs; edit it on the item's page.")
            result.items.append((item, plan(item, Reading(parsed_item.blocks, []))))
    result.untouched = [item for item in existing if item.pk not in matched]
    if result.new_items and meeting.status != Meeting.Status.DRAFT:
        result.problems.append(
            "new items are added to draft meetings only (as the importer does): add them on the meeting's page."
        )
    return result


def apply_meeting(meeting, result, reason=None):
    """Each item's changes as the item editor saves them, then the new items through the importer's save path."""
    from ..importer.reader import ParsedMinutes
    from ..importer.save import save_minutes

    with transaction.atomic():
        for item, item_plan in result.items:
            apply(item, item_plan, reason)
        if result.new_items:
            save_minutes(ParsedMinutes("meeting", items=result.new_items), meeting=meeting)
