"""Thin public views. Every route takes its rows from minutes/visibility.py (`visible_meetings()`, `visible_items()`
and the like), which applies the one public rule (`Meeting.objects.public()`, `AgendaItem.objects.public()`); staff
see unpublished records as previews."""

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from panels.models import Panel

from .models import Meeting
from .output.html import minutes_html
from .output.rendering import (
    DRAFT_NOTICE,
    description_paragraphs,
    item_documents,
    item_number_label,
    item_reference,
    item_text,
    list_events,
    meeting_text,
    minutes_are_draft,
    walk,
)
from .people.lines import attendance_lines
from .visibility import get_item, get_meeting, is_previewer, public_meetings, require_minutes, visible_items

MAX_PK = 2**63 - 1  # the primary keys are bigint


def gone_when_withdrawn(kind):
    """A meeting's or item's address whose approved minutes were withdrawn answers 410 Gone with the withdrawal's
    date and reason (Meeting.objects.withdrawn_notices()), where a never-published one answers 404."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            try:
                return view(request, pk, *args, **kwargs)
            except Http404:
                notices = Meeting.objects.withdrawn_notices().select_related("panel")
                lookup = {"pk": pk} if kind == "meeting" else {"items__pk": pk}
                meeting = notices.filter(**lookup).first() if pk <= MAX_PK else None
                if meeting is None:
                    raise
                return render(request, "minutes/withdrawn.html", {"meeting": meeting}, status=410)

        return wrapper

    return decorate


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


def home(request):
    today = timezone.localdate()
    meetings = public_meetings().for_listing()
    context = {
        "panels": Panel.objects.filter(parent__isnull=True).prefetch_related("sub_committees"),
        "recent": meetings.filter(date__lte=today).order_by("-date", "-start_time")[:8],
        "upcoming": meetings.filter(date__gt=today).order_by("date", "start_time")[:8],
    }
    return render(request, "minutes/home.html", context)


@gone_when_withdrawn("meeting")
def meeting(request, pk):
    meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
    show_minutes = meeting.minutes_public or is_previewer(request)
    items = [present_item(item, show_minutes) for item in meeting.ordered_items]
    # Attendance and declarations are part of the minutes: none of it shows before the minutes are published.
    context = {
        "meeting": meeting,
        "items": items,
        "show_minutes": show_minutes,
        "draft_notice": DRAFT_NOTICE if minutes_are_draft(meeting, show_minutes) else "",
        "attendance_lines": attendance_lines(meeting.attendance.all()) if show_minutes else [],
        "declarations": list(meeting.declarations.all()) if show_minutes else [],
        "meeting_documents": [d for d in meeting.documents.all() if d.is_public_for(meeting)],
        "preview": not meeting.is_public,
        "breadcrumbs": [
            ("Panels", "/panels/"),
            (meeting.panel.name, meeting.panel.get_absolute_url()),
            (meeting.date.strftime("%-d %B %Y"), None),
        ],
    }
    return render(request, "minutes/meeting.html", context)


@gone_when_withdrawn("meeting")
def meeting_txt(request, pk):
    meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
    require_minutes(request, meeting)
    return HttpResponse(meeting_text(meeting, meeting.ordered_items), content_type="text/plain; charset=utf-8")


@gone_when_withdrawn("item")
def item(request, pk):
    item = get_item(request, pk)
    meeting = item.meeting
    show_minutes = meeting.minutes_public or is_previewer(request)
    present_item(item, show_minutes, heading_level=3)
    siblings = list(visible_items(request).filter(meeting=meeting).order_by("position").values("pk", "number", "title"))
    index = next(i for i, s in enumerate(siblings) if s["pk"] == item.pk)
    context = {
        "item": item,
        "meeting": meeting,
        "show_minutes": show_minutes,
        "draft_notice": DRAFT_NOTICE if minutes_are_draft(meeting, show_minutes) else "",
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "preview": not meeting.is_public,
        "breadcrumbs": [
            ("Panels", "/panels/"),
            (meeting.panel.name, meeting.panel.get_absolute_url()),
            (meeting.date.strftime("%-d %B %Y"), meeting.get_absolute_url()),
            (f"Item {item.number}" if item.number else "Agenda item", None),
        ],
    }
    return render(request, "minutes/item.html", context)


@gone_when_withdrawn("item")
def item_txt(request, pk):
    item = get_item(request, pk)
    require_minutes(request, item.meeting)
    return HttpResponse(item_text(item), content_type="text/plain; charset=utf-8")


@gone_when_withdrawn("meeting")
def meeting_pdf(request, pk):
    from .output import pdf

    # A lean look-up: the content is loaded (pdf.with_page_content) only when the cached PDF is stale.
    meeting = get_meeting(request, pk)
    require_minutes(request, meeting)
    return pdf.serve_meeting_pdf(request, meeting)


@gone_when_withdrawn("item")
def item_pdf(request, pk):
    from .output import pdf

    item = get_item(request, pk)
    require_minutes(request, item.meeting)
    return pdf.serve_item_pdf(request, item)


def item_list(request):
    from . import browse

    return browse.item_list(request)


def search(request):
    from . import browse

    return browse.search(request)


def not_found(request, exception=None):
    return render(request, "404.html", {"breadcrumbs": [("Page not found", None)]}, status=404)


def server_error(request):
    return render(request, "500.html", status=500)
