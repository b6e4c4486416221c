"""Feeds of published minutes (RSS, Atom), calendars of meetings (iCalendar), the sitemap and robots.txt: all from
the public record only."""

import datetime
import re
import zoneinfo

import feedparser
import icalendar
import pytest
from django.conf import settings

from minutes.models import AgendaItem, Meeting, MinutePoint
from tests import records

pytestmark = pytest.mark.django_db

SECRET = "quokkaplinth"
KENT = "kent-and-medway-police-and-crime-panel"
WEALDSHIRE = "wealdshire-police-and-crime-panel"


@pytest.fixture
def archive(seed_item, wealdshire):
    panel = records.kent_panel()
    draft = Meeting.objects.create(
        panel=panel, date=datetime.date(2024, 1, 10), status=Meeting.Status.DRAFT, venue=f"{SECRET} House"
    )
    item = AgendaItem.objects.create(meeting=draft, title=f"Draft item about {SECRET}")
    MinutePoint.objects.create(item=item, text=f"The {SECRET} was discussed.")
    approved = Meeting.objects.create(panel=panel, date=datetime.date(2024, 2, 10), status=Meeting.Status.APPROVED)
    exempt = AgendaItem.objects.create(
        meeting=approved, title="Exempt contract award", is_exempt=True, exempt_summary="The Panel agreed."
    )
    MinutePoint.objects.create(item=exempt, text=f"The confidential {SECRET} price was agreed.")
    upcoming = Meeting.objects.create(
        panel=panel,
        date=datetime.date(2099, 7, 1),
        start_time=datetime.time(10, 0),
        status=Meeting.Status.AGENDA,
        venue="Council Chamber, Sessions House, Maidstone",
    )
    cancelled = Meeting.objects.create(
        panel=panel, date=datetime.date(2099, 8, 1), start_time=datetime.time(14, 0), status=Meeting.Status.CANCELLED
    )
    return {"draft": draft, "approved": approved, "upcoming": upcoming, "cancelled": cancelled}


@pytest.mark.parametrize("url", ["/feeds/minutes.rss", "/feeds/minutes.atom"])
def test_the_site_feed_lists_published_minutes(client, archive, seed_item, wealdshire, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    links = {entry.link for entry in feed.entries}
    expected = {seed_item.meeting, wealdshire, archive["approved"]}
    assert links == {f"http://testserver{m.get_absolute_url()}" for m in expected}
    assert all(entry.get("published") for entry in feed.entries)
    weald = next(e for e in feed.entries if e.link.endswith(wealdshire.get_absolute_url()))
    assert weald.title.startswith("Agenda and minutes: Wealdshire Police and Crime Panel - Wednesday, 4th March, 2026")
    assert "Rural Crime Strategy" in weald.summary
    assert SECRET not in response.content.decode()


def test_the_newest_minutes_come_first(client, archive, seed_item):
    seed_item.meeting.save()  # moves changed_at
    feed = feedparser.parse(client.get("/feeds/minutes.rss").content)
    assert feed.entries[0].link.endswith(seed_item.meeting.get_absolute_url())


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_a_panel_feed_has_that_panel_only(client, archive, wealdshire, suffix):
    response = client.get(f"/panels/{WEALDSHIRE}/minutes.{suffix}")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [f"http://testserver{wealdshire.get_absolute_url()}"]
    assert "Wealdshire Police and Crime Panel" in feed.feed.title


def test_an_unknown_panel_has_no_feed(client, db):
    assert client.get("/panels/nobody/minutes.rss").status_code == 404
    assert client.get("/panels/nobody/meetings.ics").status_code == 404


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}, calendar


def test_the_calendar_lists_public_meetings_past_and_upcoming(client, archive, seed_item, wealdshire):
    response = client.get("/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events, calendar = events_of(response)
    uids = {f"meeting-{m.pk}@testserver" for m in Meeting.objects.public()}
    assert set(events) == uids
    assert f"meeting-{archive['draft'].pk}@testserver" not in events
    assert SECRET not in response.content.decode()
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"

    upcoming = events[f"meeting-{archive['upcoming'].pk}@testserver"]
    start = upcoming.decoded("dtstart")
    assert start == datetime.datetime(2099, 7, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert str(upcoming["location"]) == "Council Chamber, Sessions House, Maidstone"
    assert str(upcoming["url"]) == f"http://testserver/meetings/{archive['upcoming'].pk}/"
    assert str(upcoming["status"]) == "CONFIRMED"
    assert str(events[f"meeting-{archive['cancelled'].pk}@testserver"]["status"]) == "CANCELLED"

    summer = events[f"meeting-{seed_item.meeting.pk}@testserver"]
    assert summer.decoded("dtstart").utcoffset() == datetime.timedelta(hours=1)  # 14 July: British Summer Time
    assert str(summer["summary"]).startswith("Kent and Medway Police and Crime Panel - Tuesday, 14th July, 2020")


def test_a_panel_calendar_has_that_panel_only(client, archive, wealdshire):
    events, _ = events_of(client.get(f"/panels/{WEALDSHIRE}/meetings.ics"))
    assert set(events) == {f"meeting-{wealdshire.pk}@testserver"}
    assert str(events[f"meeting-{wealdshire.pk}@testserver"]["location"]) == "Committee Room 2, Shire Hall, Ashbury."


def sitemap_urls(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index.content.decode())
    assert {"/sitemap-panels.xml", "/sitemap-meetings.xml", "/sitemap-items.xml"} <= set(sections)
    body = "".join(client.get(section).content.decode() for section in sections)
    return body, re.findall(r"<loc>http://testserver(/[^<]*)</loc>", body)


def test_the_sitemap_lists_public_pages_with_lastmod(client, archive, seed_item, wealdshire):
    body, urls = sitemap_urls(client)
    assert f"/panels/{KENT}/" in urls
    assert seed_item.meeting.get_absolute_url() in urls
    assert seed_item.get_absolute_url() in urls
    assert archive["draft"].get_absolute_url() not in urls
    assert archive["draft"].items.get().get_absolute_url() not in urls
    assert len(urls) == len(set(urls))
    assert body.count("<lastmod>") == len(urls)
    public_items = AgendaItem.objects.public().count()
    assert sum(1 for url in urls if url.startswith("/items/")) == public_items
    assert SECRET not in body


def test_robots_keeps_crawlers_out_of_admin_and_search(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Disallow: /{settings.ADMIN_URL}" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_pages_advertise_the_feeds(client, db):
    panel = records.kent_panel()
    for url in ("/", "/items/", "/search/", f"/panels/{panel.slug}/"):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/feeds/minutes.atom"' in html
    for html in (
        client.get("/items/", {"panel": KENT}).content.decode(),
        client.get(f"/panels/{KENT}/").content.decode(),
    ):
        assert f'href="/panels/{KENT}/meetings.ics"' in html
