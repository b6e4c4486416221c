"""Cancelling or postponing a meeting that was never published leaves it unpublished unless the publisher chooses to
announce it, and the confirmation page lists what would become public (issue 14, finding 6)."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from minutes.record import workflow
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:minutes_meeting_changelist")


@pytest.fixture
def publisher():
    return user_in("Publisher", first_name="Pat", last_name="Lee")


@pytest.mark.parametrize("name", ["cancel_meeting", "postpone_meeting"])
def test_a_draft_is_not_published_by_cancelling_it_unless_announced(client, publisher, name):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    with pytest.raises(workflow.TransitionError, match="never published"):
        workflow.apply(meeting, name, publisher)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    for url in ("/", meeting.get_absolute_url(), "/meetings.ics", "/items/"):
        assert "Shire Hall" not in client.get(url).content.decode(), url
    workflow.apply(meeting, name, publisher, announce=True)
    assert Meeting.objects.get(pk=meeting.pk).status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED)
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_published_agenda_is_cancelled_without_further_question(publisher):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.AGENDA)
    workflow.apply(meeting, "cancel_meeting", publisher)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_the_confirmation_page_says_what_would_become_public(client, publisher):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    client.force_login(publisher)
    base = {"action": "cancel_meeting", "_selected_action": [meeting.pk]}
    page = client.post(CHANGELIST, base).content.decode()
    assert "Never published" in page and "Announce it" in page
    assert "Apologies and Substitutes" in page  # the items that would be published are named
    client.post(CHANGELIST, {**base, "confirm": "yes"})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    client.post(CHANGELIST, {**base, "confirm": "yes", "announce": "on"})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_the_change_form_does_not_cancel_a_draft(client, publisher):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    client.force_login(publisher)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    data = form_data(client.get(url).content.decode())
    data["status"] = "cancelled"
    response = client.post(url, data)
    assert response.status_code == 200 and "Cancel the meeting" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
