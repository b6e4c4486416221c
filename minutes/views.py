"""Thin public views. Every route takes its rows from minutes/visibility.py (`visible_meetings()`, `visible_items()`
and the like), which applies the one public rule (`Meeting.objects.public()`, `AgendaItem.objects.public()`); staff
see unpublished records as previews."""

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from panels.models import Panel

from .models import Meeting
from .output import pages
from .output.rendering import item_text, meeting_text
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


def home(request):
    today = timezone.localdate()
    meetings = public_meetings().for_listing()
    context = {
        "panels": Panel.objects.filter(parent__isnull=True).prefetch_related("sub_committees"),
        "recent": meetings.filter(date__lte=today).order_by("-date", "-start_time")[:8],
        "upcoming": meetings.filter(date__gt=today).order_by("date", "start_time")[:8],
    }
    return render(request, "minutes/home.html", context)


def reads_public_page(request):
    """Whether the request sees exactly what the public sees (no preview, no staff-only text): such a reader may be
    served the stored parts of a page (minutes/output/pages.py)."""
    return not is_previewer(request) and not request.user.has_perm("minutes.view_redacted_text")


@gone_when_withdrawn("meeting")
def meeting(request, pk):
    context = pages.stored_meeting(pk) if reads_public_page(request) and pk <= MAX_PK else None
    if context is None:
        meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
        show_minutes = meeting.minutes_public or is_previewer(request)
        context = {
            "title": pages.meeting_title(meeting),
            "breadcrumbs": pages.meeting_breadcrumbs(meeting),
            "page": pages.render_meeting(meeting, show_minutes, request),
            "preview": not meeting.is_public,
        }
    return render(request, "minutes/meeting.html", context)


@gone_when_withdrawn("meeting")
def meeting_txt(request, pk):
    meeting = get_meeting(request, pk, lambda qs: qs.for_meeting_page())
    require_minutes(request, meeting)
    return HttpResponse(meeting_text(meeting, meeting.ordered_items), content_type="text/plain; charset=utf-8")


@gone_when_withdrawn("item")
def item(request, pk):
    context = pages.stored_item(pk) if reads_public_page(request) and pk <= MAX_PK else None
    if context is None:
        item = get_item(request, pk)
        meeting = item.meeting
        siblings = list(
            visible_items(request).filter(meeting=meeting).order_by("position").values_list("pk", "number", "title")
        )
        show_minutes = meeting.minutes_public or is_previewer(request)
        context = {
            "title": pages.item_title(item),
            "breadcrumbs": pages.item_breadcrumbs(item, meeting),
            "article": pages.render_item(item, meeting, siblings, show_minutes, request),
            "preview": not meeting.is_public,
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

    # A lean look-up, as for the meeting: the item's content is read only when its PDF must be rendered.
    item = get_item(request, pk, lambda qs: qs.for_item_pdf())
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
