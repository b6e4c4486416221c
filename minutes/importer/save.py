"""Write minutes read by `minutes.importer.reader` to the record, in one transaction.

Imported meetings are always drafts: a clerk checks them in the admin and publishes them by hand. Importing the same
text again adds nothing: an item already in the meeting (same number and title) is compared with the text, and any
difference is reported, never applied, so a clerk's corrections in the admin are not overwritten by an old copy.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import router, transaction

from panels.models import Panel

from ..models import AgendaItem, Document, Meeting, MinutePoint, Question, Resolution
from ..people.matching import save_attendance
from ..record import signals
from .reader import ParsedMinutes, ParsedPoint, ParsedQuestion, ParsedResolution, squash


class ImportFailed(Exception):
    """The tree cannot be saved as asked; nothing was written."""


class _Rollback(Exception):
    pass


@dataclass
class SaveReport:
    meeting: Meeting | None = None
    created_meeting: bool = False
    created_items: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)  # items already saved exactly as the text has them
    changes: list = field(default_factory=list)  # differences between the text and the record, not applied
    notes: list = field(default_factory=list)  # things the clerk must finish by hand
    counts: dict = field(default_factory=dict)
    dry_run: bool = False
    rendered: object = None


def save_minutes(parsed: ParsedMinutes, *, meeting=None, panel=None, dry_run=False, render=None):
    """Save `parsed` into `meeting` (or a draft meeting found or made from the text's header, under `panel` or the
    panel the header names). `render(meeting, items)` runs inside the transaction, before a dry run rolls back, so a
    preview shows exactly what would be saved. Raises ImportFailed, leaving the database untouched."""
    report = SaveReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _save(parsed, report, meeting, panel)
            if render is not None:
                report.rendered = render(report.meeting, report.created_items)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _save(parsed, report, meeting, panel):
    header = parsed.header
    if meeting is None:
        meeting = _find_or_create_meeting(parsed, report, panel)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if header is not None:
            _compare_header(meeting, header, report)
    report.meeting = meeting

    existing = list(meeting.items.with_content().order_by("position"))
    position = max((item.position for item in existing), default=0)
    new_items = []
    for parsed_item in parsed.items:
        match, conflict = match_item(parsed_item, existing)
        if conflict:
            report.changes.append(conflict)
        elif match is not None:
            difference = _difference(match, parsed_item)
            if difference:
                report.changes.append(f"{_name(parsed_item)}: already saved, and {difference}; not changed.")
            else:
                report.unchanged.append(_name(parsed_item))
        else:
            new_items.append(parsed_item)

    if new_items and meeting.status != Meeting.Status.DRAFT:
        raise ImportFailed(
            f"the meeting '{meeting}' is published ({meeting.get_status_display()}); the importer adds minutes to "
            "draft meetings only, so nothing the public reads changes unchecked. Set it back to draft first."
        )
    items = []
    for parsed_item in new_items:
        position += 1
        items.append(_item(parsed_item, meeting, position))
    _validate(items, ["meeting", "search_vector"])
    items = AgendaItem.objects.bulk_create(items)
    points, pending = [], []
    for item, parsed_item in zip(items, new_items, strict=True):
        for n, block in enumerate(parsed_item.blocks, 1):
            pending.append((item, parsed_item, n, block))
            if isinstance(block, ParsedPoint):
                points.append((block, content_row(item, n, block)))
    _validate([p for _, p in points], ["item"])
    saved_points = MinutePoint.objects.bulk_create([p for _, p in points])
    point_of = {id(block): point for (block, _), point in zip(points, saved_points, strict=True)}

    questions, resolutions, documents = [], [], []
    for item, _, n, block in pending:
        if isinstance(block, ParsedQuestion):
            question = content_row(item, n, block)
            question.introduced_by = point_of.get(id(block.introduced_by))
            questions.append(question)
        elif isinstance(block, ParsedResolution):
            resolutions.append(content_row(item, n, block))
    for item, parsed_item in zip(items, new_items, strict=True):
        for n, doc in enumerate(parsed_item.documents, 1):
            documents.append(
                Document(
                    meeting=meeting,
                    item=item,
                    position=n,
                    title=doc.title,
                    kind=doc.kind,
                    is_additional=doc.is_additional,
                    file_format=doc.file_format,
                    size_bytes=doc.size_bytes,
                )
            )
    # A question or resolution may be all clauses or all answer ('RESOLVED:' then '(a) …'): text may be empty.
    _validate(questions, ["item", "introduced_by", "asked_by", "text"])
    _validate(resolutions, ["item", "text"])
    _validate(documents, ["meeting", "item", "file"])
    Question.objects.bulk_create(questions)
    Resolution.objects.bulk_create(resolutions)
    Document.objects.bulk_create(documents)

    attendance = save_attendance(meeting, parsed, report)

    # bulk_create sends no signals: note what changed as saving one by one would, for the commit to rebuild once (a
    # preview, rolled back, rebuilds nothing).
    if items:
        signals.note_change(router.db_for_write(AgendaItem), meetings=[meeting.pk], items=[item.pk for item in items])
    report.created_items = items
    report.counts = {
        "items": len(items),
        "points": len(saved_points),
        "questions": len(questions),
        "resolutions": len(resolutions),
        "documents": len(documents),
        "attendance": len(attendance),
    }


def content_row(item, position, block):
    """The unsaved point, question or resolution a parsed block is (the importer and the item editor both save these;
    a question's introducing point is linked by the caller, once that point has a row)."""
    if isinstance(block, ParsedPoint):
        return MinutePoint(
            item=item, position=position, depth=block.depth, label=block.label, kind=block.kind, text=block.text
        )
    if isinstance(block, ParsedQuestion):
        return Question(
            item=item,
            position=position,
            depth=block.depth,
            label=block.label,
            heading=block.heading,
            text=block.text,
            asked_by_text=block.asked_by_text,
            response=block.response,
            response_inline=block.response_inline,
        )
    return Resolution(
        item=item,
        position=position,
        depth=block.depth,
        label=block.label,
        lead_in=block.lead_in,
        text=block.text,
        clauses=block.clauses,
        votes_for=block.votes_for,
        votes_against=block.votes_against,
        abstentions=block.abstentions,
        outcome=block.outcome,
    )


def _item(parsed_item, meeting, position):
    return AgendaItem(
        meeting=meeting,
        position=position,
        number=parsed_item.number,
        agenda_code=parsed_item.agenda_code,
        title=parsed_item.title,
        description=parsed_item.description,
        kind=parsed_item.kind,
        show_documents_label=(
            parsed_item.show_documents_label
            if parsed_item.show_documents_label is not None
            else AgendaItem._meta.get_field("show_documents_label").default
        ),
        show_minutes_label=parsed_item.show_minutes_label,
    )


def _validate(objects, exclude):
    for obj in objects:
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as exc:
            where = getattr(obj, "item", None) or obj
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items())
            raise ImportFailed(f"{where}: {problems}") from None


def _find_or_create_meeting(parsed, report, panel):
    header = parsed.header
    if parsed.kind == "item" or header is None or header.date is None:
        what = "an agenda item page" if parsed.kind == "item" else "this text"
        raise ImportFailed(
            f"{what} does not give the meeting's date: choose the meeting to import into (--meeting PK)."
        )
    if panel is None:
        panel = _find_panel(header)
    elif header.panel_name and header.panel_name.lower() not in panel.name.lower():
        report.notes.append(f"the text names '{header.panel_name}'; imported into '{panel}' as asked.")
    candidates = list(Meeting.objects.filter(panel=panel, date=header.date, start_time=header.start_time))
    if len(candidates) > 1:
        pks = ", ".join(str(m.pk) for m in candidates)
        raise ImportFailed(
            f"{len(candidates)} meetings of {panel} fall on {header.date}: choose one (--meeting {pks})."
        )
    if candidates:
        meeting = Meeting.objects.select_for_update().get(pk=candidates[0].pk)
        report.notes.append(f"found the meeting already saved ({meeting.pk}); added only what it lacks.")
        _compare_header(meeting, header, report)
        return meeting
    meeting = Meeting(
        panel=panel,
        date=header.date,
        start_time=header.start_time,
        special_name=header.special_name,
        venue=header.venue,
        contact=header.contact,
        note=header.note,
        status=Meeting.Status.DRAFT,
    )
    _validate([meeting], ["panel", "approved_at_meeting"])
    meeting.save()
    report.created_meeting = True
    _link_notes(meeting, header, report)
    return meeting


def _find_panel(header):
    names = [(header.sub_committee, header.panel_name)] if header.sub_committee else [(header.panel_name, None)]
    if header.special_name:
        # A comma inside the panel's own name, not a special meeting's name.
        names.append((f"{header.special_name}, {header.panel_name}", None))
    for name, parent in names:
        panels = Panel.objects.filter(name__iexact=name)
        panels = panels.filter(parent__name__iexact=parent) if parent else panels.filter(parent__isnull=True)
        found = panels.first()
        if found:
            if name != header.panel_name and not parent:
                header.panel_name, header.special_name = name, ""
            return found
    wanted = f"{header.panel_name} - {header.sub_committee}" if header.sub_committee else header.panel_name
    raise ImportFailed(f"no panel named '{wanted}': choose the panel (--panel SLUG) or add it first.")


def _compare_header(meeting, header, report):
    if header.date and header.date != meeting.date:
        report.changes.append(f"the text's date is {header.date}, the meeting's {meeting.date}; the meeting's is kept.")
    if header.start_time and meeting.start_time and header.start_time != meeting.start_time:
        report.changes.append(f"the text's time is {header.start_time:%H:%M}; the meeting's is kept.")
    editable = meeting.status == Meeting.Status.DRAFT
    fields = []
    for name in ("special_name", "venue", "contact", "note"):
        theirs, ours = getattr(header, name), getattr(meeting, name)
        if not theirs or squash(theirs) == squash(ours):
            continue
        if not ours and editable:
            setattr(meeting, name, theirs)
            fields.append(name)
        else:
            report.changes.append(f"the text's {name.replace('_', ' ')} is '{theirs}', the meeting's '{ours}'; kept.")
    if fields:
        _validate([meeting], ["panel", "approved_at_meeting"])
        meeting.save(update_fields=fields)
    _link_notes(meeting, header, report)


def _link_notes(meeting, header, report):
    if header.has_directions and not meeting.venue_directions_url:
        report.notes.append("the text shows 'View directions' but a copy holds no link: add it on the meeting.")
    if header.has_media and not meeting.media_url:
        report.notes.append(
            "the text shows a 'Media' link but a copy holds no address: add the webcast's on the meeting."
        )


def _name(parsed_item):
    return f"item {parsed_item}"


def match_item(parsed_item, existing):
    """(the saved item the text's item is, or None; a conflict message, or None)."""
    title = squash(parsed_item.title).lower()
    for item in existing:
        same_title = squash(item.title).lower() == title
        if parsed_item.number and item.number:
            if item.number == parsed_item.number:
                if same_title:
                    return item, None
                return None, (
                    f"item {parsed_item.number}: the meeting already has an item {item.number}, titled "
                    f"'{item.title}', not '{parsed_item.title}'; not imported."
                )
        elif same_title and (title or squash(item.description) == squash(parsed_item.description)):
            return item, None
    return None, None


def _fingerprint_saved(item):
    rows = []
    for obj in item.content():
        model = obj._meta.model_name
        if model == "minutepoint":
            rows.append(("point", obj.depth, obj.label, obj.kind, squash(obj.text)))
        elif model == "question":
            rows.append(
                ("question", obj.depth, obj.label, squash(obj.heading), squash(obj.text))
                + (squash(obj.asked_by_text), squash(obj.response))
            )
        else:
            rows.append(("resolution", obj.depth, obj.label, obj.lead_in, squash(obj.text), squash(obj.clauses)))
    return rows


def _fingerprint_parsed(parsed_item):
    rows = []
    for block in parsed_item.blocks:
        if isinstance(block, ParsedPoint):
            rows.append(("point", block.depth, block.label, block.kind, squash(block.text)))
        elif isinstance(block, ParsedQuestion):
            rows.append(
                ("question", block.depth, block.label, squash(block.heading), squash(block.text))
                + (squash(block.asked_by_text), squash(block.response))
            )
        else:
            rows.append(
                ("resolution", block.depth, block.label, block.lead_in, squash(block.text), squash(block.clauses))
            )
    return rows


def _difference(item, parsed_item):
    """What differs between a saved item and the text's, in words; '' when they agree."""
    if squash(item.description) != squash(parsed_item.description):
        return "its description differs"
    saved, text = _fingerprint_saved(item), _fingerprint_parsed(parsed_item)
    if saved == text:
        return ""
    for n, (ours, theirs) in enumerate(zip(saved, text, strict=False), 1):
        if ours != theirs:
            return f"block {n} differs (saved: '{' '.join(map(str, ours[1:]))[:80]}'; text: '{' '.join(map(str, theirs[1:]))[:80]}')"
    return f"the saved item has {len(saved)} blocks, the text {len(text)}"
