"""The public meeting and item pages, rendered when the record changes and stored (render on write).

A page-cache miss should not redo work that only a change to the record can change. So each public meeting's page
is kept as stored parts, rendered from the same templates the live page uses:

- `RenderedMeeting`: the meeting page down to its items (`head`) and after them (`tail`);
- `RenderedItem`: the item as the meeting page shows it (`meeting_section`) and the item page's body (`page`).

Each row carries the meeting's `changed_at` it was rendered from (`stamp`). Any change to a meeting or anything in
it moves that stamp (minutes/record/signals.py), and the pages are rendered again when the change commits
(`store_pages`, called from the same place that rebuilds the search documents). A reader is served stored parts only
while their stamp equals the meeting's current one; otherwise (a rebuild not yet done, or one that failed) the page
is rendered live, from the same templates, so a stored page is never stale and never differs from a live one.

Only what the public reads is stored: parts are built for public meetings through the one visibility rule, with no
request (so no staff-only text, such as a redaction's private note, can enter them), and a clerk's preview is always
rendered live. `store_pages` removes the parts of a meeting that is no longer public.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ..models import AgendaItem, Meeting, RenderedItem, RenderedMeeting
from ..page_cache import Precompiled
from ..people.lines import attendance_lines
from ..visibility import public_items, public_meetings
from .html import minutes_html
from .rendering import (
    DRAFT_NOTICE,
    description_paragraphs,
    item_documents,
    item_number_label,
    item_reference,
    list_events,
    minutes_are_draft,
    walk,
)

logger = logging.getLogger("minutes.pages")


def rendering_fingerprint():
    """A digest of the code and templates the stored parts are rendered by. Stored parts carry it, and only parts
    of the running code's fingerprint are served: after an upgrade that changes how pages look, pages are rendered
    live until `manage.py store_pages` has stored them again, never served as the old code made them."""
    package = Path(__file__).resolve().parents[1]  # minutes/
    sources = [
        *sorted((package / "output").glob("*.py")),
        package / "models.py",
        package / "people" / "lines.py",
        *sorted((package / "templatetags").glob("*.py")),
        *sorted((package.parent / "templates" / "minutes").glob("_*.html")),
    ]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


RENDERING = rendering_fingerprint()


def current(stamp):
    """The one rule for parts that may be served: rendered from the meeting's stamp as it stands (`stamp`, the path
    to the meeting's changed_at from the queried model), by the running code."""
    return Q(rendered__stamp=F(stamp), rendered__version=RENDERING)


# A change that moves more meetings' stamps than this at once (renaming a panel or a person) has them rendered by the
# task worker rather than in the request that made the change; readers get live pages meanwhile.
INLINE_LIMIT = 5


def present_item(item, show_minutes, heading_level=4):
    """Attach what the templates need to an item whose content was prefetched; `heading_level` is that of the
    sub-headings inside its minutes (4 on the meeting page, 3 on the item page)."""
    item.events = list_events(walk(item, public=True)) if show_minutes else []
    item.minutes_html = minutes_html(item.events, heading_level)
    # Headed as in the text and in print (rendering.item_heading): the record's own minute number and agenda code.
    item.number_label = item_number_label(item)
    item.reference = item_reference(item)
    item.description_paragraphs = description_paragraphs(item)
    documents = item_documents(item)
    item.title_documents = [d for d in documents if not d.is_additional]
    item.additional_documents = [d for d in documents if d.is_additional]
    return item


@dataclass
class MeetingPage:
    head: str
    sections: list
    tail: str


def meeting_title(meeting):
    return f"{meeting.status_heading}: {meeting.title_line}"


def item_title(item):
    return item.title or "Agenda item"


def meeting_breadcrumbs(meeting):
    return [
        ("Panels", "/panels/"),
        (meeting.panel.name, meeting.panel.get_absolute_url()),
        (meeting.date.strftime("%-d %B %Y"), None),
    ]


def item_breadcrumbs(item, meeting):
    return [
        ("Panels", "/panels/"),
        (meeting.panel.name, meeting.panel.get_absolute_url()),
        (meeting.date.strftime("%-d %B %Y"), meeting.get_absolute_url()),
        (f"Item {item.number}" if item.number else "Agenda item", None),
    ]


def render_meeting(meeting, show_minutes, request=None):
    """The parts of a meeting page, from a meeting loaded `for_meeting_page()` (its `ordered_items` already those the
    reader may see). Attendance and declarations are part of the minutes: none of it shows before they are public."""
    context = {
        "meeting": meeting,
        "show_minutes": show_minutes,
        "draft_notice": DRAFT_NOTICE if minutes_are_draft(meeting, show_minutes) else "",
        "attendance_lines": attendance_lines(meeting.attendance.all()) if show_minutes else [],
        "declarations": list(meeting.declarations.all()) if show_minutes else [],
        "meeting_documents": [d for d in meeting.documents.all() if d.is_public_for(meeting)],
    }
    sections = [
        render_to_string("minutes/_meeting_item.html", {"item": present_item(item, show_minutes), **context}, request)
        for item in meeting.ordered_items
    ]
    return MeetingPage(
        head=render_to_string("minutes/_meeting_head.html", context, request),
        sections=sections,
        tail=render_to_string("minutes/_meeting_tail.html", context, request),
    )


def render_item(item, meeting, siblings, show_minutes, request=None):
    """The item page's body: `siblings` are the meeting's items the reader may see, as (pk, number, title), in order."""
    present_item(item, show_minutes, heading_level=3)
    index = next(i for i, s in enumerate(siblings) if s[0] == item.pk)
    as_link = lambda s: {"pk": s[0], "number": s[1], "title": s[2]}  # noqa: E731
    context = {
        "item": item,
        "meeting": meeting,
        "show_minutes": show_minutes,
        "draft_notice": DRAFT_NOTICE if minutes_are_draft(meeting, show_minutes) else "",
        "previous": as_link(siblings[index - 1]) if index > 0 else None,
        "next": as_link(siblings[index + 1]) if index + 1 < len(siblings) else None,
    }
    return render_to_string("minutes/_item_article.html", context, request)


# Reading stored parts: one query each, starting from the public queryset.


def json_value(value):
    return json.loads(value) if isinstance(value, str) else value


# Compiled once (page_cache.Precompiled): on a page-cache miss, building these querysets cost more than running them.
stored_meeting_row = Precompiled(
    lambda pk: (
        public_meetings()
        .filter(current("changed_at"), pk=pk)
        .values_list("rendered__title", "rendered__trail", "rendered__head", "rendered__tail")[:1]
    )
)
stored_sections = Precompiled(
    lambda pk: (
        public_items()
        .filter(meeting_id=pk)
        .annotate(fresh=ExpressionWrapper(current("meeting__changed_at"), output_field=BooleanField()))
        .order_by("position")
        .values_list("fresh", "rendered__meeting_section")
    )
)
stored_item_row = Precompiled(
    lambda pk: (
        public_items()
        .filter(current("meeting__changed_at"), pk=pk)
        .values_list("rendered__title", "rendered__trail", "rendered__page")[:1]
    )
)


def stored_meeting(pk):
    """The context of a meeting page from stored parts (title, breadcrumbs, MeetingPage), or None when any part is
    missing or was rendered from another stamp (the caller renders live)."""
    found = stored_meeting_row.rows(pk)
    if not found:
        return None
    title, trail, head, tail = found[0]
    rows = stored_sections.rows(pk)
    if not all(fresh for fresh, _ in rows):
        return None
    # Our own rendering, escaped when it was rendered: served as the HTML it is.
    page = MeetingPage(SafeString(head), [SafeString(section) for _, section in rows], SafeString(tail))
    return {"title": title, "breadcrumbs": json_value(trail), "page": page, "preview": False}


def stored_item(pk):
    """The context of an item page from its stored parts, or None when they are not stored as the record is now."""
    found = stored_item_row.rows(pk)
    if not found:
        return None
    title, trail, article = found[0]
    return {"title": title, "breadcrumbs": json_value(trail), "article": SafeString(article), "preview": False}


# Writing them.


def store_pages(meeting_ids=(), item_ids=()):
    """Render and store the public pages of these meetings (and of the meetings of these items) as they are now, and
    remove those of any of them no longer public. Returns how many meetings were stored."""
    wanted = Q(pk__in=list(meeting_ids))
    if item_ids:
        wanted |= Q(pk__in=AgendaItem.objects.filter(pk__in=list(item_ids)).values("meeting_id"))
    meetings = public_meetings().filter(wanted).for_meeting_page(items=public_items()).order_by("pk")
    with transaction.atomic():
        gone = Meeting.objects.filter(wanted).exclude(pk__in=public_meetings().values("pk"))
        RenderedMeeting.objects.filter(meeting__in=gone).delete()
        RenderedItem.objects.filter(item__meeting__in=gone).delete()
        stored = 0
        for meeting in meetings:
            store_meeting(meeting)
            stored += 1
    return stored


def store_meeting(meeting):
    show_minutes = meeting.minutes_public
    items = meeting.ordered_items
    page = render_meeting(meeting, show_minutes)
    siblings = [(item.pk, item.number, item.title) for item in items]
    rows = []
    for item, section in zip(items, page.sections, strict=True):
        item.meeting = meeting
        article = render_item(item, meeting, siblings, show_minutes)
        rows.append(
            RenderedItem(
                item=item,
                stamp=meeting.changed_at,
                version=RENDERING,
                title=item_title(item),
                trail=item_breadcrumbs(item, meeting),
                meeting_section=section,
                page=article,
            )
        )
    RenderedMeeting.objects.update_or_create(
        meeting=meeting,
        defaults={
            "stamp": meeting.changed_at,
            "version": RENDERING,
            "title": meeting_title(meeting),
            "trail": meeting_breadcrumbs(meeting),
            "head": page.head,
            "tail": page.tail,
        },
    )
    RenderedItem.objects.filter(item__meeting=meeting).exclude(item__in=items).delete()
    RenderedItem.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["item"],
        update_fields=["stamp", "version", "title", "trail", "meeting_section", "page"],
    )


def store_pages_safely(meeting_ids=(), item_ids=()):
    """Store the pages after a change; a failure is logged, not raised: readers get the live page instead."""
    meeting_ids, item_ids = sorted(set(meeting_ids)), sorted(set(item_ids))
    if not (meeting_ids or item_ids):
        return
    if len(meeting_ids) > INLINE_LIMIT:
        from ..tasks import enqueue_safely, store_meeting_pages

        enqueue_safely(store_meeting_pages, meeting_ids, item_ids)
        return
    try:
        store_pages(meeting_ids, item_ids)
    except Exception:
        logger.exception(
            "Could not store the pages of meetings %s (items %s): they are rendered live", meeting_ids, item_ids
        )


def stale_meetings():
    """Public meetings whose stored parts are missing, or were rendered from another stamp or by other code."""
    stale_items = AgendaItem.objects.exclude(current("meeting__changed_at")).values("meeting_id")
    return public_meetings().filter(Q(rendered__isnull=True) | ~current("changed_at") | Q(pk__in=stale_items))
