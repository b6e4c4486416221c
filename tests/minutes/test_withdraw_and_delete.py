"""Something published by mistake can be withdrawn (back to draft, with a reason; approved minutes leave a 410 Gone
notice at their address), and drafts can be deleted by those allowed to (issue 14, finding 4)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from minutes.models import AgendaItem, Meeting, MinutePoint
from minutes.record import workflow
from tests import records
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:minutes_meeting_changelist")
REASON = "Published before the Chair signed them off."


@pytest.fixture
def publisher():
    return user_in("Publisher", first_name="Pat", last_name="Lee")


def addresses(item):
    meeting = item.meeting
    return [
        meeting.get_absolute_url(),
        f"/meetings/{meeting.pk}/minutes.txt",
        f"/meetings/{meeting.pk}/minutes.pdf",
        item.get_absolute_url(),
        f"/items/{item.pk}/minutes.txt",
        f"/items/{item.pk}/minutes.pdf",
    ]


def test_withdrawn_approved_minutes_answer_410_with_the_reason(client, publisher):
    item = records.build_seed()
    for url in addresses(item):
        assert client.get(url).status_code == 200, url  # and cached
    workflow.apply(item.meeting, "withdraw", publisher, reason=REASON)
    meeting = Meeting.objects.get(pk=item.meeting_id)
    assert meeting.status == Meeting.Status.DRAFT
    assert (meeting.withdrawn_from, meeting.withdrawal_reason, meeting.withdrawn_by) == ("approved", REASON, publisher)
    assert meeting.withdrawn_at is not None
    assert meeting.history.first().history_change_reason == REASON
    for url in addresses(item):
        response = client.get(url)
        assert response.status_code == 410, url
        page = response.content.decode()
        assert "Minutes withdrawn" in page and REASON in page, url
        assert "Victim Satisfaction" not in page and "Witness Care" not in page, url
    assert "Victim" not in client.get("/search/", {"q": "victim"}).content.decode().split("</form>")[-1]
    assert client.get("/items/", {"q": ""}).content.decode().count(f"/items/{item.pk}/") == 0

    workflow.apply(meeting, "publish_agenda", publisher)  # published again: the notice gives way to the page
    assert client.get(item.meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Meeting.Status.AGENDA, Meeting.Status.DRAFT_MINUTES, Meeting.Status.CANCELLED])
def test_other_withdrawn_meetings_are_simply_not_found(client, publisher, status):
    item = records.build_seed(status=status)
    workflow.apply(item.meeting, "withdraw", publisher, reason=REASON)
    assert Meeting.objects.get(pk=item.meeting_id).withdrawn_from == status
    for url in addresses(item)[:1] + addresses(item)[3:4]:
        response = client.get(url)
        assert response.status_code == 404 and REASON not in response.content.decode(), url


def test_a_withdrawal_needs_a_reason_and_the_permission(publisher):
    item = records.build_seed()
    with pytest.raises(workflow.TransitionError):
        workflow.apply(item.meeting, "withdraw", publisher, reason="  ")
    with pytest.raises(PermissionDenied):
        workflow.apply(item.meeting, "withdraw", user_in("Clerk"), reason=REASON)
    draft = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    with pytest.raises(workflow.TransitionError):
        workflow.apply(draft, "withdraw", publisher, reason=REASON)
    assert Meeting.objects.get(pk=item.meeting_id).status == Meeting.Status.APPROVED


def test_withdraw_action_asks_for_the_reason(client, publisher):
    meeting = records.build_seed().meeting
    client.force_login(publisher)
    base = {"action": "withdraw", "_selected_action": [meeting.pk]}
    page = client.post(CHANGELIST, base)
    assert page.status_code == 200 and "Reason for withdrawing" in page.content.decode()
    refused = client.post(CHANGELIST, {**base, "confirm": "yes", "reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.APPROVED
    assert client.post(CHANGELIST, {**base, "confirm": "yes", "reason": REASON}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).withdrawal_reason == REASON


def test_the_change_form_cannot_withdraw_without_a_reason(client, publisher):
    from tests.forms import form_data

    meeting = records.build_seed().meeting
    client.force_login(publisher)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    data = form_data(client.get(url).content.decode())
    data["status"] = "draft"
    response = client.post(url, data)
    assert response.status_code == 200 and "Withdraw (return to draft)" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.APPROVED


def test_an_administrator_deletes_a_draft_with_all_its_content(client):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    meeting = item.meeting
    client.force_login(user_in("Administrator"))
    url = reverse("admin:minutes_meeting_delete", args=[meeting.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AgendaItem.objects.filter(pk=item.pk).exists() and not MinutePoint.objects.filter(item=item.pk).exists()


def test_nothing_public_is_deleted_and_clerks_delete_nothing(client):
    public = records.build_seed().meeting
    draft = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    client.force_login(user_in("Administrator"))
    assert client.post(reverse("admin:minutes_meeting_delete", args=[public.pk]), {"post": "yes"}).status_code == 403
    item = public.items.first()
    assert client.post(reverse("admin:minutes_agendaitem_delete", args=[item.pk]), {"post": "yes"}).status_code == 403
    client.force_login(user_in("Clerk"))
    assert client.post(reverse("admin:minutes_meeting_delete", args=[draft.pk]), {"post": "yes"}).status_code == 403
    assert Meeting.objects.filter(pk__in=[public.pk, draft.pk]).count() == 2
