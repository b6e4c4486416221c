"""Which rows the public may read: the one module every public route, feed and API takes its rows from.

The rule itself is `Meeting.objects.public()` and `AgendaItem.objects.public()` (minutes/models.py); a meeting's
minutes, its documents' and its attendance are public once `Meeting.objects.with_public_minutes()` says so.
Pages and records a clerk may preview read through `visible_meetings()` / `visible_items()` (staff see unpublished
records; a stranger gets the public rows, and a draft is a 404, never a 403); lists, feeds, sitemaps, search and the
open-data APIs read the public rows only (`public_meetings()`, `public_items()`, `meetings_with_public_minutes()`),
whoever asks.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import AgendaItem, Meeting


def public_meetings():
    return Meeting.objects.public()


def public_items():
    return AgendaItem.objects.public()


def meetings_with_public_minutes():
    return Meeting.objects.with_public_minutes()


def is_previewer(request):
    return request.user.is_authenticated and request.user.is_staff


def visible_meetings(request):
    return Meeting.objects.all() if is_previewer(request) else Meeting.objects.public()


def visible_items(request):
    return AgendaItem.objects.all() if is_previewer(request) else AgendaItem.objects.public()


def get_meeting(request, pk, queryset=None):
    """The meeting the request may see, or 404 (a draft is a stranger's 404, never a 403)."""
    meetings = visible_meetings(request)
    return get_object_or_404(queryset(meetings) if queryset else meetings.for_listing(), pk=pk)


def get_item(request, pk, queryset=None):
    items = visible_items(request)
    return get_object_or_404(queryset(items) if queryset else items.for_item_page(), pk=pk)


def require_minutes(request, meeting):
    """Text and printed minutes exist only once minutes are published (staff may check them before)."""
    if not (meeting.minutes_public or is_previewer(request)):
        raise Http404("The minutes of this meeting are not published yet.")
