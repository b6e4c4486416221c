"""Feeds of newly published minutes (RSS and Atom) and calendars of meetings (iCalendar), site-wide and per panel.

Rows come from `Meeting.objects.public()`; a feed entry names the meeting and lists its items' titles (an exempt
item's title is public; its minutes are not, and no feed carries minutes text)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from panels.models import Panel

from . import visibility
from .models import Meeting
from .output.rendering import item_heading

FEED_SIZE = 30
CALENDAR_SIZE = 1000
LONDON = ZoneInfo("Europe/London")


def published_minutes(panel=None):
    """Meetings with public minutes, the latest publication first. An entry is dated by the times the workflow
    recorded: first published (the draft minutes, or the approval when the minutes went straight to approved, or a
    publisher's creating the meeting in that state) and last published (the approval, once there is one). Minutes
    entered without the workflow (a fixture, a restore of an old archive) have no recorded time, and their last change
    stands in for it."""
    meetings = visibility.meetings_with_public_minutes().for_listing()
    if panel is not None:
        meetings = meetings.filter(panel=panel)
    items = (
        visibility.public_items()
        .only("pk", "meeting_id", "number", "agenda_code", "title", "position")
        .order_by("position")
    )
    return (
        meetings.annotate(
            first_published=Coalesce("minutes_published_at", "approved_at", "status_changed_at", "changed_at"),
            last_published=Coalesce("approved_at", "minutes_published_at", "status_changed_at", "changed_at"),
        )
        .prefetch_related(Prefetch("items", queryset=items, to_attr="feed_items"))
        .order_by("-last_published", "-pk")[:FEED_SIZE]
    )


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
        titles = [item_heading(item) for item in meeting.feed_items if item.title]
        return "Items: " + "; ".join(t for t in titles if t) if titles else meeting.status_heading

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_pubdate(self, meeting):
        return meeting.first_published

    def item_updateddate(self, meeting):
        return meeting.last_published

    def item_categories(self, meeting):
        return [meeting.panel.name]


class AtomMinutesFeed(MinutesFeed):
    feed_type = Atom1Feed


# The record holds a meeting's start time only. A calendar event without an end shows as zero-length, so a timed
# meeting is given this length, and its description says the finish time is not published.
ASSUMED_DURATION = datetime.timedelta(hours=2)


def new_calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Minutes archive//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    return calendar


def meeting_event(request, meeting, stamp):
    event = icalendar.Event()
    host = request.get_host().split(":")[0]
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.changed_at)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    description = f"{meeting.status_heading}: {url}"
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
        event.add("dtstart", start)
        event.add("dtend", start + ASSUMED_DURATION)
        description += "\nFinish time not published: shown as two hours."
    else:
        # A day's meeting with no time: an all-day event, which ends (exclusively) the next day.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    summary = meeting.title_line
    if meeting.status == Meeting.Status.POSTPONED:
        summary = f"Postponed: {summary}"
    event.add("summary", summary)
    if meeting.venue:
        event.add("location", " ".join(meeting.venue.split()))
    event.add("url", url)
    event.add("description", description)
    cancelled = meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def ics_response(calendar, filename):
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_response(request, meetings, name):
    calendar = new_calendar(name)
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(request, meeting, stamp))
    return ics_response(calendar, "meetings.ics")


def public_meetings(panel=None):
    """Upcoming and past meetings, newest first (so every upcoming one fits under the cap)."""
    meetings = visibility.public_meetings().for_listing()
    if panel is not None:
        meetings = meetings.filter(panel=panel)
    return meetings.order_by("-date", "-start_time", "-pk")[:CALENDAR_SIZE]


def meetings_ics(request):
    return calendar_response(request, public_meetings(), f"{settings.SITE_NAME}: meetings")


def panel_meetings_ics(request, slug):
    panel = get_object_or_404(Panel, slug=slug)
    return calendar_response(request, public_meetings(panel), f"{panel.name}: meetings")


def meeting_ics(request, pk):
    """One meeting as a calendar file (the meeting page links to it); the meeting page's visibility rule applies."""
    from .visibility import get_meeting

    meeting = get_meeting(request, pk)
    calendar = new_calendar(meeting.title_line)
    calendar.add_component(meeting_event(request, meeting, timezone.now()))
    return ics_response(calendar, f"{meeting.panel.slug}-{meeting.date:%Y-%m-%d}.ics")


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
