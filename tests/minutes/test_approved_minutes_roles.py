"""Approved minutes are corrected by Publishers and Administrators only: a Clerk sees the meeting's and the item's admin
pages read-only and a save is refused on the server; drafts stay the clerk's."""

import pytest
from django.urls import reverse

from minutes.models import Meeting, MinutePoint
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def item_url(item):
    return reverse("admin:minutes_agendaitem_change", args=[item.pk])


def test_a_clerk_reads_approved_minutes_but_cannot_save_them(client):
    item = records.build_seed(status=Meeting.Status.APPROVED)
    client.force_login(user_in("Clerk"))
    page = client.get(item_url(item)).content.decode()
    assert 'name="_save"' not in page
    point = item.points.get(position=1)
    response = client.post(item_url(item), {"title": "Changed", "_save": "Save"})
    assert response.status_code == 403
    assert MinutePoint.objects.get(pk=point.pk).text == point.text
    meeting_url = reverse("admin:minutes_meeting_change", args=[item.meeting_id])
    assert client.post(meeting_url, {"venue": "Elsewhere", "_save": "Save"}).status_code == 403
    assert Meeting.objects.get(pk=item.meeting_id).venue == ""


@pytest.mark.parametrize("role", ["Publisher", "Administrator"])
def test_publishers_and_administrators_may_correct_them(client, role):
    item = records.build_seed(status=Meeting.Status.APPROVED)
    client.force_login(user_in(role))
    data = form_data(client.get(item_url(item)).content.decode())
    assert client.post(item_url(item), {**data, "title": "Victim Satisfaction Update (corrected)"}).status_code == 302
    item.refresh_from_db()
    assert item.title.endswith("(corrected)")


def test_a_clerk_still_writes_drafts(client):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    client.force_login(user_in("Clerk"))
    data = form_data(client.get(item_url(item)).content.decode())
    assert client.post(item_url(item), {**data, "title": "Renamed draft"}).status_code == 302
    item.refresh_from_db()
    assert item.title == "Renamed draft"
