"""'Import from text' on the meeting's admin page: preview with warnings, confirm saves, strangers refused."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from minutes.models import AgendaItem, Meeting, MinutePoint
from tests import records

pytestmark = pytest.mark.django_db

UNTIDY = (
    "Agenda item\n\nBudget Monitoring\n\nMinutes:\n\n"
    "1.\n\nThe Chief Finance Officer presented the report.\n\n"
    "a)\u00a0 \u00a0 an orphan label\n\n"
    "RESOLVED that the report be noted.\n\n(iv)\n\nSupporting documents:\n"
)


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2024, 2, 6))


def url(meeting):
    return f"/{settings.ADMIN_URL}minutes/meeting/{meeting.pk}/import/"


def test_change_page_links_to_the_import(staff_client, meeting):
    page = staff_client.get(f"/{settings.ADMIN_URL}minutes/meeting/{meeting.pk}/change/").content.decode()
    assert url(meeting) in page and "Import from text" in page


def test_preview_shows_the_public_layout_and_warnings_and_saves_nothing(staff_client, meeting):
    response = staff_client.post(url(meeting), {"text": UNTIDY, "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Budget Monitoring" in page and "The Chief Finance Officer presented the report." in page
    assert "<strong>RESOLVED</strong> that the report be noted." in page
    assert "1 warning" in page and "a label with no text" in page
    assert "<mark>(iv)</mark>" in page
    assert not AgendaItem.objects.exists()


def test_confirm_saves_into_the_draft_meeting(staff_client, meeting):
    response = staff_client.post(url(meeting), {"text": UNTIDY, "action": "confirm"})
    assert response.status_code == 302 and response["Location"].endswith(f"/meeting/{meeting.pk}/change/")
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.title == "Budget Monitoring"
    assert MinutePoint.objects.filter(item=item, label="1.").get().text.startswith("The Chief Finance Officer")
    assert item.resolutions.get().lead_in == "RESOLVED"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_confirming_twice_adds_nothing_the_second_time(staff_client, meeting):
    staff_client.post(url(meeting), {"text": UNTIDY, "action": "confirm"})
    staff_client.post(url(meeting), {"text": UNTIDY, "action": "confirm"})
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_back_keeps_the_text(staff_client, meeting):
    page = staff_client.post(url(meeting), {"text": UNTIDY, "action": "back"}).content.decode()
    assert "<textarea" in page and "The Chief Finance Officer presented the report." in page
    assert not AgendaItem.objects.exists()


def test_unreadable_text_is_an_error_on_the_form(staff_client, meeting):
    page = staff_client.post(url(meeting), {"text": "hello there", "action": "preview"}).content.decode()
    assert "Nothing can be imported" in page and "no recognisable structure" in page


def test_a_published_meeting_is_refused(staff_client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.APPROVED)
    page = staff_client.post(url(meeting), {"text": UNTIDY, "action": "confirm"}).content.decode()
    assert "Nothing was saved" in page and "draft meetings only" in page
    assert not AgendaItem.objects.exists()


def test_anonymous_and_non_staff_are_refused(client, django_user_model, meeting):
    response = client.post(url(meeting), {"text": UNTIDY, "action": "confirm"})
    assert response.status_code == 302 and "login" in response["Location"]
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    response = client.post(url(meeting), {"text": UNTIDY, "action": "confirm"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not AgendaItem.objects.exists()


def test_staff_without_change_permission_are_refused(client, django_user_model, meeting):
    client.force_login(django_user_model.objects.create_user("viewer", password="pw", is_staff=True))
    assert client.post(url(meeting), {"text": UNTIDY, "action": "confirm"}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_posts_need_the_csrf_token(django_user_model, meeting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("clerk2", password="pw", is_staff=True, is_superuser=True))
    assert client.post(url(meeting), {"text": UNTIDY, "action": "confirm"}).status_code == 403
    assert not AgendaItem.objects.exists()
