"""Corrections to approved minutes, read from the record's history (django-simple-history).

A correction is any change recorded after the minutes were approved. The public pages list them under "Corrected on
<date>", each with who made it (initials, or "the clerk"), what changed as a readable word diff, and the reason the
clerk gave. Only what the public may read is described: an exempt item's minutes never appear, only its public
title and summary. Each function reads the history in a fixed number of queries, whatever the meeting's size.

A correction recorded as a redaction (personal data removed) is listed as "Text removed on <date>: <reason>", and no
correction of a redacted record quotes its text any more: the words stay in the history, and in `private`, which
only staff holding minutes.view_redacted_text are shown.
"""

import difflib
from typing import NamedTuple

from ..models import AgendaItem, Meeting, MinutePoint, Question, Resolution

# The fields of each record a reader would notice, with how to name them.
TRACKED = {
    Meeting: [
        ("special_name", "name"),
        ("date", "date"),
        ("start_time", "start time"),
        ("venue", "venue"),
        ("contact", "contact"),
        ("note", "note"),
        ("media_url", "media link"),
    ],
    AgendaItem: [("number", "number"), ("title", "title"), ("description", "description")],
    MinutePoint: [("label", "label"), ("text", "text")],
    Question: [
        ("heading", "heading"),
        ("text", "question"),
        ("asked_by_text", "attribution"),
        ("response", "response"),
    ],
    Resolution: [
        ("lead_in", "wording"),
        ("text", "wording"),
        ("clauses", "clauses"),
        ("votes_for", "votes for"),
        ("votes_against", "votes against"),
        ("abstentions", "abstentions"),
        ("outcome", "outcome"),
    ],
}
EXEMPT_TRACKED = [("number", "number"), ("title", "title"), ("exempt_summary", "public summary")]
# History rows saved together by one admin save are one correction.
SAME_SAVE_SECONDS = 10
# The approval's own save moves changed_at a moment after approved_at.
APPROVAL_SAVE_SECONDS = 2
EXCERPT = 160


class Correction(NamedTuple):
    date: object  # datetime
    who: str  # initials, or "the clerk"
    description: str
    reason: str
    redaction: bool = False
    private: str = ""  # what a redaction hides: the full description, for staff allowed to see it


REDACTED = "Text removed"


def corrections_for_meeting(meeting):
    return _corrections(meeting)


def corrections_for_item(item):
    return _corrections(item.meeting, item_pk=item.pk)


def _corrections(meeting, item_pk=None):
    """Corrections are counted from the recorded approval (minutes.record.workflow stamps approved_at). Minutes entered as
    already approved have no approval moment, so nothing after it to call a correction."""
    since = meeting.approved_at
    if meeting.status != Meeting.Status.APPROVED or since is None:
        return []
    # changed_at moves on with every change to the meeting or anything in it: unchanged since approval, no queries.
    if meeting.changed_at and (meeting.changed_at - since).total_seconds() < APPROVAL_SAVE_SECONDS:
        return []
    meeting_history = [] if item_pk else list(Meeting.history.filter(id=meeting.pk).select_related("history_user"))

    items = AgendaItem.history.select_related("history_user")
    items = items.filter(id=item_pk) if item_pk else items.filter(meeting_id=meeting.pk)
    item_history = list(items)
    latest_item = {}
    for record in sorted(item_history, key=order):
        latest_item[record.id] = record
    public_items = [pk for pk, record in latest_item.items() if not record.is_exempt]

    changes = []
    if item_pk is None:
        changes += changes_of(Meeting, meeting_history, since, lambda record: "Meeting")
    changes += changes_of(AgendaItem, item_history, since, lambda record: item_name(record), exempt_aware=True)
    for model in (MinutePoint, Question, Resolution):
        history = list(model.history.filter(item_id__in=public_items).select_related("history_user"))
        changes += changes_of(model, history, since, lambda record, model=model: block_name(model, record, latest_item))
    return merge(sorted(changes, key=lambda change: change[0]))


def order(record):
    return (record.history_date, record.history_id)


def changes_of(model, history, since, name, exempt_aware=False):
    """(date, user, reason, description, redaction, private) for each history row after `since` that changed what a
    reader sees. The rows of a record with a redaction after `since` quote none of its text."""
    history = list(history)
    redacted = {record.id for record in history if record.is_redaction and record.history_date > since}
    previous = {}
    found = []
    for record in sorted(history, key=order):
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_date <= since:
            continue
        tracked = EXEMPT_TRACKED if exempt_aware and record.is_exempt else TRACKED[model]
        if record.history_type == "+":
            text = describe_value(record, tracked)
            description = f"{name(record)} added" + (f": “{text}”" if text else "")
        elif record.history_type == "-":
            text = describe_value(before or record, tracked)
            description = f"{name(before or record)} removed" + (f": “{text}”" if text else "")
        elif before is None:
            description = f"{name(record)} changed"
        else:
            diffs = field_diffs(before, record, tracked)
            if not diffs:
                continue
            description = f"{name(record)}: {'; '.join(diffs)}"
        private = ""
        if record.id in redacted:
            private, description = description, REDACTED if record.is_redaction else f"{name(record)} changed"
        reason = record.history_change_reason or ""
        found.append((record.history_date, record.history_user, reason, description, record.is_redaction, private))
    return found


def field_diffs(before, after, tracked):
    diffs = []
    seen = set()
    for field, label in tracked:
        old, new = getattr(before, field), getattr(after, field)
        if old == new or (field, label) in seen:
            continue
        seen.add((field, label))
        if isinstance(old, str) and isinstance(new, str):
            diffs.append(f"{label}: {word_diff(old, new)}")
        else:
            diffs.append(f"{label} changed from “{display(old)}” to “{display(new)}”")
    return diffs


def word_diff(old, new):
    """'the 14 February workshop' → 'the 14 January workshop' reads: “February” changed to “January”."""
    a, b = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = excerpt(" ".join(a[i1:i2])), excerpt(" ".join(b[j1:j2]))
        if tag == "replace":
            parts.append(f"“{removed}” changed to “{added}”")
        elif tag == "delete":
            parts.append(f"“{removed}” removed")
        elif tag == "insert":
            parts.append(f"“{added}” added" + (f" after “{a[i1 - 1]}”" if i1 else " at the start"))
    return "; ".join(parts) or "spacing or layout changed"


def describe_value(record, tracked):
    texts = [str(getattr(record, field)) for field, _ in tracked if isinstance(getattr(record, field), str)]
    return excerpt(" ".join(t for t in texts if t))


def display(value):
    if value is None or value == "":
        return "blank"
    return excerpt(str(value))


def excerpt(text):
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def item_name(record):
    return f"Item {record.number}" if record.number else f"Item “{excerpt(record.title)}”"


def block_name(model, record, items):
    if model is MinutePoint:
        own = f"point {record.label.rstrip('.')}" if record.label.strip(" .·-") else "a paragraph"
    elif model is Question:
        own = record.heading.rstrip(":") or "a question"
        own = own[0].lower() + own[1:] if own.startswith("Question") else own
    else:
        own = "the resolution"
    item = items.get(record.item_id)
    return f"{item_name(item)}, {own}" if item else own[0].upper() + own[1:]


def initials(user):
    if user is None:
        return "the clerk"
    names = [n for n in (user.first_name, user.last_name) if n]
    return "".join(f"{n[0].upper()}." for n in names) or "the clerk"


def merge(changes):
    """One Correction per admin save: rows by the same person, with the same reason, a few seconds apart."""
    corrections = []
    for date, user, reason, description, redaction, private in changes:
        last = corrections[-1] if corrections else None
        if (
            last
            and last[1] == user
            and last[2] == reason
            and last[4] == redaction
            and (date - last[0]["latest"]).total_seconds() <= SAME_SAVE_SECONDS
        ):
            last[3].append(description)
            last[5].append(private)
            last[0]["latest"] = date
            continue
        corrections.append(({"first": date, "latest": date}, user, reason, [description], redaction, [private]))
    return [
        Correction(
            dates["first"],
            initials(user),
            REDACTED if redaction else "; ".join(dict.fromkeys(descriptions)),
            reason,
            redaction,
            "; ".join(p for p in privates if p),
        )
        for dates, user, reason, descriptions, redaction, privates in corrections
    ]
