"""Drafts, unpublished minutes and exempt text never reach an anonymous reader; staff can preview."""

import pytest

from minutes.models import AgendaItem, Meeting, MinutePoint
from tests import records

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquux"


@pytest.fixture
def draft_item(db):
    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-05-01", status=Meeting.Status.DRAFT)
    item = AgendaItem.objects.create(meeting=meeting, title=f"Draft item {SECRET}")
    MinutePoint.objects.create(item=item, label="1.", text=f"Draft point {SECRET}")
    return item


@pytest.fixture
def exempt_item(wealdshire):
    item = AgendaItem.objects.create(
        meeting=wealdshire, title="Exempt contract", is_exempt=True, exempt_summary="SUMMARY OF EXEMPT ITEM: noted."
    )
    MinutePoint.objects.create(item=item, label="1.", text=f"Confidential {SECRET} figures")
    return item


def public_urls(item):
    meeting = item.meeting
    return [
        meeting.get_absolute_url(),
        f"/meetings/{meeting.pk}/minutes.txt",
        item.get_absolute_url(),
        f"/items/{item.pk}/minutes.txt",
    ]


def test_draft_meeting_is_404_on_every_page(client, draft_item):
    for url in public_urls(draft_item):
        assert client.get(url).status_code == 404, url


def test_draft_never_listed(client, draft_item, seed_item):
    for url in ("/", "/panels/", f"/panels/{draft_item.meeting.panel.slug}/"):
        html = client.get(url).content.decode()
        assert SECRET not in html
        assert f"/meetings/{draft_item.meeting.pk}/" not in html
    assert "/meetings/" in client.get("/panels/kent-and-medway-police-and-crime-panel/").content.decode()


def test_staff_preview_a_draft(staff_client, draft_item):
    response = staff_client.get(draft_item.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Draft point {SECRET}" in html
    assert "this page is not public" in html


def test_exempt_item_shows_only_its_summary(client, exempt_item):
    for url in public_urls(exempt_item):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, url
    assert "SUMMARY OF EXEMPT ITEM: noted." in client.get(exempt_item.get_absolute_url()).content.decode()
    assert "SUMMARY OF EXEMPT ITEM: noted." in client.get(f"/items/{exempt_item.pk}/minutes.txt").content.decode()


def test_agenda_only_meeting_hides_minutes(client, db):
    item = records.build_seed(status=Meeting.Status.AGENDA)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "Victim Satisfaction Update" in html
    assert "Key issues raised by the Panel" not in html
    assert client.get(f"/meetings/{item.meeting.pk}/minutes.txt").status_code == 404
    assert "minutes.txt" not in html


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (Meeting.Status.AGENDA, "Agenda"),
        (Meeting.Status.DRAFT_MINUTES, "Agenda and draft minutes"),
        (Meeting.Status.APPROVED, "Agenda and minutes"),
    ],
)
def test_status_heading(client, db, status, heading):
    item = records.build_seed(status=status)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert f'<p class="kicker">{heading}</p>' in html


def test_cancelled_meeting_says_so(client, db):
    item = records.build_seed(status=Meeting.Status.CANCELLED)
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "This meeting was cancelled." in html
    assert "cancelled" in client.get("/").content.decode()


def test_queryset_rule(db, draft_item, seed_item):
    assert draft_item.meeting not in Meeting.objects.public()
    assert seed_item.meeting in Meeting.objects.public()
    assert draft_item not in AgendaItem.objects.public()
    assert seed_item in AgendaItem.objects.public()


def test_exempt_item_documents_are_not_listed(client, exempt_item):
    from minutes.models import Document

    Document.objects.create(item=exempt_item, title="Confidential appendix", file_format="PDF", size_bytes=2048)
    for url in public_urls(exempt_item):
        assert "Confidential appendix" not in client.get(url).content.decode(), url
