"""Calendars give every meeting an end, each meeting has its own .ics, and feed entries are dated by the publication
times the workflow recorded, not by when the data last changed."""

import datetime
import zoneinfo

import feedparser
import icalendar
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from minutes.models import Meeting, MinutePoint
from minutes.record import workflow
from tests import records

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def end_of(event):
    if "DTEND" in event:
        return event.decoded("dtend")
    return event.decoded("dtstart") + event.decoded("duration")


def test_every_calendar_event_has_an_end_after_its_start(client, seed_item, wealdshire):
    untimed = Meeting.objects.create(panel=wealdshire.panel, date=datetime.date(2099, 5, 6), status="agenda")
    events = events_of(client.get("/meetings.ics"))
    assert len(events) == Meeting.objects.public().count() == 3
    for event in events:
        assert "DTEND" in event or "DURATION" in event
        assert end_of(event) > event.decoded("dtstart")
    by_uid = {str(e["uid"]): e for e in events}
    day = by_uid[f"meeting-{untimed.pk}@testserver"]
    # A meeting with a date only is an all-day event: it ends, exclusively, the next day.
    assert day.decoded("dtstart") == datetime.date(2099, 5, 6)
    assert day.decoded("dtend") == datetime.date(2099, 5, 7)


def test_the_meeting_page_links_its_own_calendar_file_which_matches_the_meeting(client, wealdshire):
    page = client.get(wealdshire.get_absolute_url()).content.decode()
    url = f"/meetings/{wealdshire.pk}/meeting.ics"
    assert f'href="{url}"' in page
    response = client.get(url)
    (event,) = events_of(response)
    assert response["Content-Disposition"] == 'inline; filename="wealdshire-police-and-crime-panel-2026-03-04.ics"'
    assert str(event["uid"]) == f"meeting-{wealdshire.pk}@testserver"
    assert str(event["summary"]) == wealdshire.title_line
    assert str(event["location"]) == "Committee Room 2, Shire Hall, Ashbury."
    assert str(event["url"]) == f"http://testserver{wealdshire.get_absolute_url()}"
    start = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=LONDON)
    assert event.decoded("dtstart") == start
    assert end_of(event) == start + datetime.timedelta(hours=2)
    # The length is the archive's assumption, and the event says so.
    assert "Finish time not published" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"


def test_a_draft_meetings_calendar_file_is_a_strangers_404(wealdshire, staff_client):
    client = Client()
    draft = Meeting.objects.create(panel=wealdshire.panel, date=datetime.date(2026, 9, 1), venue="Secret House")
    assert client.get(f"/meetings/{draft.pk}/meeting.ics").status_code == 404
    assert client.get("/meetings/999999/meeting.ics").status_code == 404
    assert b"Secret House" not in client.get("/meetings.ics").content
    # Staff preview it, as they preview the page.
    assert staff_client.get(f"/meetings/{draft.pk}/meeting.ics").status_code == 200


@pytest.fixture
def publisher(django_user_model):
    user = django_user_model.objects.create_user("publisher", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["publish_meeting", "approve_minutes", "change_meeting"])
    )
    return django_user_model.objects.get(pk=user.pk)


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return {entry.link.removeprefix("http://testserver"): entry for entry in feed.entries}


def as_utc(struct):
    return datetime.datetime(*struct[:6], tzinfo=datetime.UTC)


def whole_seconds(moment):
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


@pytest.mark.parametrize("url", ["/feeds/minutes.rss", "/feeds/minutes.atom"])
def test_feed_entries_are_dated_by_the_recorded_publication_times(client, publisher, url):
    draft_minutes = records.build_seed(status=Meeting.Status.AGENDA).meeting
    approved = records.build_wealdshire_meeting(status=Meeting.Status.AGENDA)
    workflow.apply(approved, "publish_minutes", publisher)
    workflow.apply(approved, "approve_minutes", publisher)
    workflow.apply(draft_minutes, "publish_minutes", publisher)
    draft_minutes.refresh_from_db()
    approved.refresh_from_db()
    # Later edits move changed_at (a correction, a reload of the data): they are not publications.
    later = timezone.now() + datetime.timedelta(days=30)
    Meeting.objects.filter(pk__in=[draft_minutes.pk, approved.pk]).update(changed_at=later)
    MinutePoint.objects.filter(item__meeting=approved).first().save()

    entries = feed_entries(client, url)
    draft_entry = entries[draft_minutes.get_absolute_url()]
    approved_entry = entries[approved.get_absolute_url()]
    assert as_utc(draft_entry.published_parsed) == whole_seconds(draft_minutes.minutes_published_at)
    assert as_utc(approved_entry.published_parsed) == whole_seconds(approved.minutes_published_at)
    if url.endswith(".atom"):
        assert as_utc(draft_entry.updated_parsed) == whole_seconds(draft_minutes.minutes_published_at)
        assert as_utc(approved_entry.updated_parsed) == whole_seconds(approved.approved_at)
    for entry in entries.values():
        assert as_utc(entry.published_parsed) < whole_seconds(later)
    # The latest publication first: the seed's draft minutes were published after the approval.
    assert list(entries) == [draft_minutes.get_absolute_url(), approved.get_absolute_url()]


def test_minutes_entered_without_the_workflow_fall_back_to_their_last_change(client, seed_item):
    meeting = seed_item.meeting
    assert meeting.minutes_published_at is None and meeting.approved_at is None
    entry = feed_entries(client, "/feeds/minutes.atom")[meeting.get_absolute_url()]
    assert as_utc(entry.published_parsed) == whole_seconds(Meeting.objects.get(pk=meeting.pk).changed_at)


def test_feed_entries_head_items_by_the_numbering_rule(client, wealdshire):
    wealdshire.items.filter(number="60").update(agenda_code="A4")
    entry = feed_entries(client, "/feeds/minutes.rss")[wealdshire.get_absolute_url()]
    assert entry.summary.startswith("Items: 57. Apologies and Substitutes; 58. Declarations of Interests")
    assert "; 60. Rural Crime Strategy (Item A4); " in entry.summary
