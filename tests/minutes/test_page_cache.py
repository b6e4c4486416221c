"""Public pages are cached by their meeting's change stamp: never stale after an edit or a state change, never a
staff preview served to the public, and revalidated with ETags."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Meeting, MinutePoint

pytestmark = pytest.mark.django_db


def urls(item):
    return [item.get_absolute_url(), f"/items/{item.pk}/minutes.txt", item.meeting.get_absolute_url(),
            f"/meetings/{item.meeting.pk}/minutes.txt"]  # fmt: skip


def test_second_request_is_served_from_the_cache(client, seed_item):
    for url in urls(seed_item):
        first = client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(url)
        assert second.content == first.content
        assert len(ctx.captured_queries) == 1, url  # only the stamp look-up


def test_an_edit_is_never_served_stale(client, seed_item):
    for url in urls(seed_item):
        client.get(url)
    point = seed_item.points.get(position=3)
    point.text = "The Commissioner corrected the figure."
    point.save()
    for url in urls(seed_item):
        body = client.get(url).content.decode()
        assert "The Commissioner corrected the figure." in body, url


def test_a_state_change_is_never_served_stale(client, seed_item):
    meeting = seed_item.meeting
    assert client.get(meeting.get_absolute_url()).status_code == 200
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    for url in urls(seed_item):
        assert client.get(url).status_code == 404, url
    meeting.status = Meeting.Status.DRAFT_MINUTES
    meeting.save()
    assert "Agenda and draft minutes" in client.get(meeting.get_absolute_url()).content.decode()


def test_renaming_the_panel_refreshes_cached_pages(client, seed_item):
    client.get(seed_item.get_absolute_url())
    panel = seed_item.meeting.panel
    panel.name = "Kent and Medway Police and Crime Panel (renamed)"
    panel.save()
    assert "(renamed)" in client.get(seed_item.get_absolute_url()).content.decode()


def test_staff_preview_is_never_served_to_the_public(staff_client, wealdshire):
    client = Client()  # a stranger, beside the signed-in clerk
    draft = Meeting.objects.create(panel=wealdshire.panel, date="2026-10-01", status=Meeting.Status.DRAFT)
    item = AgendaItem.objects.create(meeting=draft, title="Unpublished item")
    MinutePoint.objects.create(item=item, text="Not yet public")
    for url in urls(item)[:3]:
        preview = staff_client.get(url)
        assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store", url
        assert client.get(url).status_code == 404, url
    # A staff visit to a public page does not put a staff rendering in the cache either.
    staff_client.get(wealdshire.get_absolute_url())
    assert "this page is not public" not in client.get(wealdshire.get_absolute_url()).content.decode()


def test_conditional_get_revalidates(client, seed_item):
    first = client.get(seed_item.get_absolute_url())
    etag = first["ETag"]
    assert client.get(seed_item.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    seed_item.title = "Victim Satisfaction Update (corrected)"
    seed_item.save()
    again = client.get(seed_item.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_cached_page_keeps_the_security_headers(client, seed_item):
    first = client.get(seed_item.get_absolute_url())
    second = client.get(seed_item.get_absolute_url())
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Type"):
        assert second[header] == first[header], header
    assert not second.cookies
