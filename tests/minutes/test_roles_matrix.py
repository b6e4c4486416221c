"""Roles enforced on the server: each role × each transition; clerks cannot set status through the form;
non-staff never reach the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from minutes.models import Meeting
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:minutes_meeting_changelist")

# (action, starting status, status after)
ACTIONS = [
    ("publish_agenda", Meeting.Status.DRAFT, Meeting.Status.AGENDA),
    ("publish_minutes", Meeting.Status.AGENDA, Meeting.Status.DRAFT_MINUTES),
    ("approve_minutes", Meeting.Status.DRAFT_MINUTES, Meeting.Status.APPROVED),
    ("cancel_meeting", Meeting.Status.AGENDA, Meeting.Status.CANCELLED),
    ("postpone_meeting", Meeting.Status.DRAFT, Meeting.Status.POSTPONED),
    ("withdraw", Meeting.Status.APPROVED, Meeting.Status.DRAFT),
]
# The confirmation page's answers: announce a never-published meeting; the reason for withdrawing.
ANSWERS = {"announce": "on", "reason": "Published by mistake."}
ALLOWED = {"Clerk": set(), "Publisher": {a[0] for a in ACTIONS}, "Administrator": {a[0] for a in ACTIONS}}


def test_groups_exist_with_their_permissions():
    clerk, publisher, administrator = (Group.objects.get(name=n) for n in ("Clerk", "Publisher", "Administrator"))
    codes = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in (clerk, publisher, administrator)}
    assert {"add_meeting", "change_meeting", "view_meeting", "change_minutepoint", "view_person"} <= codes["Clerk"]
    assert not {"publish_meeting", "approve_minutes", "delete_meeting", "change_user", "change_panel"} & codes["Clerk"]
    assert codes["Publisher"] == codes["Clerk"] | {"publish_meeting", "approve_minutes"}
    assert {"change_user", "add_panel", "delete_person", "publish_meeting", "delete_meeting"} <= codes["Administrator"]


@pytest.mark.parametrize("role", ["Clerk", "Publisher", "Administrator"])
@pytest.mark.parametrize("action,start,end", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_role_action_matrix(client, role, action, start, end):
    meeting = records.build_seed(status=start).meeting
    client.force_login(user_in(role))
    data = {"action": action, "_selected_action": [meeting.pk], "confirm": "yes", **ANSWERS}
    if action == "approve_minutes":
        resolution = records.approving_resolution(meeting)
        data |= {"approved_at_meeting": resolution.item.meeting_id, "approved_by_resolution": resolution.pk}
    client.post(CHANGELIST, data)
    meeting.refresh_from_db()
    if action in ALLOWED[role]:
        assert meeting.status == end
    else:
        assert meeting.status == start and meeting.status_changed_at is None


def test_clerk_does_not_see_workflow_actions(client):
    client.force_login(user_in("Clerk"))
    records.build_seed(status=Meeting.Status.DRAFT)
    page = client.get(CHANGELIST).content.decode()
    assert "publish_agenda" not in page and "approve_minutes" not in page


def test_clerk_cannot_change_status_through_the_form(client):
    meeting = records.build_seed(status=Meeting.Status.DRAFT).meeting
    client.force_login(user_in("Clerk"))
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    data = form_data(page)
    response = client.post(url, {**data, "status": Meeting.Status.APPROVED, "venue": "Room 1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and meeting.venue == "Room 1"


def test_clerk_cannot_create_a_published_meeting(client):
    panel = records.kent_panel()
    client.force_login(user_in("Clerk"))
    url = reverse("admin:minutes_meeting_add")
    data = form_data(client.get(url).content.decode())
    data.update({"panel": panel.pk, "date": "2026-01-01", "status": Meeting.Status.APPROVED})
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


def test_non_staff_never_reach_the_admin(client, django_user_model):
    meeting = records.build_seed(status=Meeting.Status.DRAFT).meeting
    django_user_model.objects.create_user("resident", password="pw")
    client.force_login(django_user_model.objects.get(username="resident"))
    for url in (CHANGELIST, reverse("admin:minutes_meeting_change", args=[meeting.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(CHANGELIST, {"action": "publish_agenda", "_selected_action": [meeting.pk], "confirm": "yes"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
