"""Approval names the approving meeting (a later one of the same panel) and its resolution: without them, or with ones
that do not fit, it is refused, in the action's confirmation form and on the meeting's page."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:minutes_meeting_changelist")


@pytest.fixture
def publisher_client(client):
    client.force_login(user_in("Publisher"))
    return client


def approve(client, meeting, **details):
    data = {"action": "approve_minutes", "_selected_action": [meeting.pk], "confirm": "yes", **details}
    return client.post(CHANGELIST, data)


def test_approval_without_meeting_or_resolution_is_refused(publisher_client):
    meeting = records.build_seed(status=Meeting.Status.DRAFT_MINUTES).meeting
    resolution = records.approving_resolution(meeting)
    for details in ({}, {"approved_at_meeting": resolution.item.meeting_id}, {"approved_by_resolution": resolution.pk}):
        page = approve(publisher_client, meeting, **details).content.decode()
        assert "Choose the" in page
        assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES


def test_a_resolution_of_another_meeting_is_refused(publisher_client):
    meeting = records.build_seed(status=Meeting.Status.DRAFT_MINUTES).meeting
    first = records.approving_resolution(meeting, days=28)
    second = records.approving_resolution(meeting, days=56)
    page = approve(
        publisher_client, meeting, approved_at_meeting=first.item.meeting_id, approved_by_resolution=second.pk
    ).content.decode()
    assert "Choose a resolution of the approving meeting named above." in page
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES
    approve(publisher_client, meeting, approved_at_meeting=second.item.meeting_id, approved_by_resolution=second.pk)
    assert Meeting.objects.get(pk=meeting.pk).approved_by_resolution == second


def test_the_meeting_page_offers_only_fitting_choices_and_requires_them(publisher_client):
    meeting = records.build_seed(status=Meeting.Status.DRAFT_MINUTES).meeting
    resolution = records.approving_resolution(meeting)
    earlier = records.build_seed(
        status=Meeting.Status.DRAFT,
        meeting=Meeting.objects.create(panel=meeting.panel, date=meeting.date.replace(year=meeting.date.year - 1)),
    ).meeting
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    page = publisher_client.get(url).content.decode()
    assert f'<option value="{resolution.item.meeting_id}">' in page and f'<option value="{earlier.pk}">' not in page
    data = form_data(page)
    refused = publisher_client.post(url, {**data, "status": Meeting.Status.APPROVED})
    assert (
        refused.status_code == 200
        and "Choose the meeting at which the minutes were approved." in refused.content.decode()
    )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES
    approved = publisher_client.post(
        url,
        {
            **data,
            "status": Meeting.Status.APPROVED,
            "approved_at_meeting": resolution.item.meeting_id,
            "approved_by_resolution": resolution.pk,
        },
    )
    assert approved.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.approved_by_resolution) == (Meeting.Status.APPROVED, resolution)
