"""Feeds of newly published minutes (RSS and Atom) and calendars of meetings (iCalendar), site-wide and per panel.

Rows come from `Meeting.objects.public()`; a feed entry names the meeting and lists its items' titles (an exempt
item's title is public; its minutes are not, and no feed carries minutes text)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from panels.models import Panel

from .models import AgendaItem, Meeting

FEED_SIZE = 30
CALENDAR_SIZE = 1000
LONDON = ZoneInfo("Europe/London")


def published_minutes(panel=None):
    meetings = Meeting.objects.with_public_minutes().for_listing()
    if panel is not None:
        meetings = meetings.filter(panel=panel)
    items = AgendaItem.objects.public().only("pk", "meeting_id", "number", "title", "position").order_by("position")
    return meetings.prefetch_related(Prefetch("items", queryset=items, to_attr="feed_items")).order_by(
        "-changed_at", "-pk"
    )[:FEED_SIZE]


class MinutesFeed(Feed):
    def get_object(self, request, slug=None):
        return get_object_or_404(Panel, slug=slug) if slug else None

    def title(self, panel):
        name = panel.name if panel else settings.SITE_NAME
        return f"{name}: newly published minutes"

    def link(self, panel):
        return panel.get_absolute_url() if panel else "/"

    def description(self, panel):
        who = panel.name if panel else "every panel in the archive"
        return f"Minutes of {who}, as they are published (draft) and approved."

    subtitle = description

    def items(self, panel):
        return published_minutes(panel)

    def item_title(self, meeting):
        return f"{meeting.status_heading}: {meeting.title_line}"

    def item_description(self, meeting):
        titles = [f"{item.number}. {item.title}" if item.number else item.title for item in meeting.feed_items]
        return "Items: " + "; ".join(t for t in titles if t) if titles else meeting.status_heading

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting):
        return meeting.changed_at

    def item_updateddate(self, meeting):
        return meeting.changed_at

    def item_categories(self, meeting):
        return [meeting.panel.name]


class AtomMinutesFeed(MinutesFeed):
    feed_type = Atom1Feed


def calendar_response(request, meetings, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Minutes archive//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now()
    host = request.get_host().split(":")[0]
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.changed_at)
        if meeting.start_time:
            event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON))
        else:
            event.add("dtstart", meeting.date)
        summary = meeting.title_line
        if meeting.status == Meeting.Status.POSTPONED:
            summary = f"Postponed: {summary}"
        event.add("summary", summary)
        if meeting.venue:
            event.add("location", " ".join(meeting.venue.split()))
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event.add("url", url)
        event.add("description", f"{meeting.status_heading}: {url}")
        cancelled = meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def public_meetings(panel=None):
    """Upcoming and past meetings, newest first (so every upcoming one fits under the cap)."""
    meetings = Meeting.objects.public().for_listing()
    if panel is not None:
        meetings = meetings.filter(panel=panel)
    return meetings.order_by("-date", "-start_time", "-pk")[:CALENDAR_SIZE]


def meetings_ics(request):
    return calendar_response(request, public_meetings(), f"{settings.SITE_NAME}: meetings")


def panel_meetings_ics(request, slug):
    panel = get_object_or_404(Panel, slug=slug)
    return calendar_response(request, public_meetings(panel), f"{panel.name}: meetings")


class FollowFeed(Feed):
    """The feed of a filtered /items/ list or a /search/ (`…&format=atom` or `rss`): the newest matching public items.

    The view that owns the page builds the list through its own filters and search (so through the public rule) and
    hands it over as a FeedSource; this class only writes it out."""

    def get_object(self, request, source):
        return source

    def title(self, source):
        return f"{settings.SITE_NAME}: {source.title}"

    def link(self, source):
        return source.link

    def feed_url(self, source):
        return source.feed_url

    def description(self, source):
        return f"Newly published agenda items: {source.title}."

    subtitle = description

    def items(self, source):
        return source.entries

    def item_title(self, entry):
        return item_heading(entry.item)

    def item_description(self, entry):
        return entry.summary or entry.item.meeting.title_line

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.item.get_absolute_url()

    def item_pubdate(self, entry):
        return entry.item.meeting.changed_at

    def item_updateddate(self, entry):
        return entry.item.meeting.changed_at

    def item_categories(self, entry):
        return [entry.item.meeting.panel.name]


class AtomFollowFeed(FollowFeed):
    feed_type = Atom1Feed


FOLLOW_FEEDS = {"rss": FollowFeed(), "atom": AtomFollowFeed()}


def item_heading(item):
    return f"{item.number}. {item.title}" if item.number else item.title or "Agenda item"


class FeedEntry:
    def __init__(self, item, link="", summary=""):
        self.item, self.link, self.summary = item, link or item.get_absolute_url(), summary


class FeedSource:
    def __init__(self, title, link, feed_url, entries):
        self.title, self.link, self.feed_url, self.entries = title, link, feed_url, entries


def follow_feed(request, feed_format, title, entries):
    """The response for `…&format=rss|atom` on /items/ or /search/ (`feed_format` already checked)."""
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("page", None)
    link = f"{request.path}?{params.urlencode()}" if params else request.path
    source = FeedSource(title, link, request.get_full_path(), entries)
    return FOLLOW_FEEDS[feed_format](request, source=source)
