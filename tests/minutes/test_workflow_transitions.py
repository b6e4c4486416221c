"""Meeting workflow: transitions only from valid states, recorded with who and when, through the admin's actions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from minutes.models import Meeting
from minutes.record import workflow
from tests import records
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:minutes_meeting_changelist")


@pytest.fixture
def publisher():
    return user_in("Publisher", first_name="Pat", last_name="Lee")


def draft():
    return records.build_seed(status=Meeting.Status.DRAFT).meeting


def test_full_life_records_who_and_when(publisher):
    meeting = draft()
    workflow.apply(meeting, "publish_agenda", publisher)
    workflow.apply(meeting, "publish_minutes", publisher)
    later = records.build_wealdshire_meeting()
    resolution = later.items.get(number="59").resolutions.get()
    workflow.apply(meeting, "approve_minutes", publisher, approved_by_resolution=resolution)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    assert meeting.agenda_published_by == meeting.minutes_published_by == meeting.approved_by == publisher
    assert meeting.agenda_published_at <= meeting.minutes_published_at <= meeting.approved_at
    assert meeting.approved_by_resolution == resolution and meeting.approved_at_meeting == later
    assert meeting.history.first().history_change_reason == "Record the minutes as approved"


@pytest.mark.parametrize(
    "status,name",
    [
        (Meeting.Status.DRAFT, "publish_minutes"),
        (Meeting.Status.DRAFT, "approve_minutes"),
        (Meeting.Status.AGENDA, "publish_agenda"),
        (Meeting.Status.APPROVED, "cancel_meeting"),
        (Meeting.Status.CANCELLED, "publish_agenda"),
        (Meeting.Status.POSTPONED, "postpone_meeting"),
    ],
)
def test_invalid_transitions_are_refused(publisher, status, name):
    meeting = records.build_seed(status=status).meeting
    with pytest.raises(workflow.TransitionError):
        workflow.apply(meeting, name, publisher)
    meeting.refresh_from_db()
    assert meeting.status == status and meeting.status_changed_at is None


def test_approval_by_own_meeting_is_refused(publisher):
    meeting = records.build_seed(status=Meeting.Status.DRAFT_MINUTES).meeting
    with pytest.raises(workflow.TransitionError):
        workflow.apply(meeting, "approve_minutes", publisher, approved_at_meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES


def test_anonymous_and_clerk_cannot_transition():
    meeting = draft()
    for user in (AnonymousUser(), user_in("Clerk")):
        with pytest.raises(PermissionDenied):
            workflow.apply(meeting, "publish_agenda", user)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT


def test_admin_action_asks_for_confirmation_then_moves(client, publisher):
    meeting = draft()
    client.force_login(publisher)
    data = {"action": "publish_agenda", "_selected_action": [meeting.pk]}
    page = client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert "admin/minutes/meeting/confirm_transition.html" in [t.name for t in page.templates]
    assert "Yes, publish the agenda" in page.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    done = client.post(CHANGELIST, {**data, "confirm": "yes"})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA and meeting.agenda_published_by == publisher


def test_admin_action_from_wrong_state_changes_nothing(client, publisher):
    meeting = records.build_seed(status=Meeting.Status.APPROVED).meeting
    client.force_login(publisher)
    response = client.post(
        CHANGELIST, {"action": "publish_agenda", "_selected_action": [meeting.pk], "confirm": "yes"}, follow=True
    )
    assert "cannot publish the agenda" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.APPROVED


def test_publisher_status_edit_in_form_follows_the_workflow(client, publisher):
    from tests.forms import form_data

    meeting = draft()
    client.force_login(publisher)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    data = form_data(client.get(url).content.decode())
    refused = client.post(url, {**data, "status": Meeting.Status.APPROVED})
    assert refused.status_code == 200 and "cannot move from" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    data = form_data(client.get(url).content.decode())
    assert client.post(url, {**data, "status": Meeting.Status.AGENDA}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA and meeting.agenda_published_by == publisher


def test_admin_approval_records_the_approving_resolution(client, publisher):
    meeting = records.build_seed(status=Meeting.Status.DRAFT_MINUTES).meeting
    resolution = records.approving_resolution(meeting)
    later = resolution.item.meeting
    other_panel = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    client.force_login(publisher)
    data = {"action": "approve_minutes", "_selected_action": [meeting.pk]}
    page = client.post(CHANGELIST, data).content.decode()
    assert 'name="approved_by_resolution"' in page
    # Only later meetings of the same panel, and their minutes-approval resolutions, are offered.
    assert f'<option value="{later.pk}">' in page and f'<option value="{other_panel.pk}">' not in page
    assert f'<option value="{resolution.pk}">' in page
    wrong = client.post(CHANGELIST, {**data, "confirm": "yes", "approved_at_meeting": meeting.pk}, follow=True)
    assert "Select a valid choice" in wrong.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES
    client.post(
        CHANGELIST,
        {**data, "confirm": "yes", "approved_by_resolution": resolution.pk, "approved_at_meeting": later.pk},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED and meeting.approved_by == publisher
    assert (meeting.approved_by_resolution, meeting.approved_at_meeting) == (resolution, later)


@pytest.mark.django_db(transaction=True)
def test_two_publishers_moving_one_meeting_at_once(monkeypatch, django_user_model):
    """Publishing the minutes and cancelling the meeting at the same moment, in two real transactions: the state
    check must hold the row, or both pass it on 'agenda' and a meeting with published minutes ends up cancelled."""
    from .races import Race

    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-05-01", status=Meeting.Status.AGENDA)
    ann = django_user_model.objects.create_superuser("ann")
    bob = django_user_model.objects.create_superuser("bob")

    race = Race()
    monkeypatch.setattr(workflow, "check", race.checkpoint(workflow.check))
    first, second = race.run(
        lambda: workflow.apply(meeting, "publish_minutes", ann),
        lambda: workflow.apply(meeting, "cancel_meeting", bob),
    )

    assert first[0] == "ok"
    assert second[0] == "error" and isinstance(second[1], workflow.TransitionError)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT_MINUTES
    assert meeting.status_changed_by == ann and meeting.minutes_published_by == ann
    assert race.second_waited  # and it was the lock that made it wait
