"""On a meeting's or item's admin page, the person autocomplete offers the members of the meeting's panel on the
meeting's date first, then everyone else."""

import datetime
import html

import pytest
from django.urls import reverse

from minutes.models import Meeting
from panels.models import Membership, Person
from tests import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    meeting = Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2020, 7, 14))
    # Alphabetically first, but not on the panel that day.
    Person.objects.create(name="Aaron Abbott", slug="aaron-abbott")
    left = Person.objects.create(name="Abigail Left", slug="abigail-left")
    Membership.objects.create(panel=meeting.panel, person=left, end_date=datetime.date(2019, 5, 1))
    member = Person.objects.create(name="Zara Member", slug="zara-member")
    Membership.objects.create(panel=meeting.panel, person=member, start_date=datetime.date(2019, 5, 2))
    return meeting, member


def names(client, meeting_id, field="person", model="attendance"):
    params = {"app_label": "minutes", "model_name": model, "field_name": field, "term": ""}
    if meeting_id:
        params["meeting"] = meeting_id
    response = client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_members_on_the_date_come_first(staff_client, people):
    meeting, member = people
    found = names(staff_client, meeting.pk)
    assert found[0] == str(member) and len(found) == 3
    assert names(staff_client, None)[0] != str(member)  # without a meeting: the usual order
    assert names(staff_client, "nonsense")[0] != str(member)


def test_the_pages_widgets_name_their_meeting(staff_client, people):
    meeting, _ = people
    page = html.unescape(staff_client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk])).content.decode())
    assert f"/admin/autocomplete/?meeting={meeting.pk}" in page
    item = records.build_seed(status=Meeting.Status.DRAFT, meeting=meeting)
    page = html.unescape(staff_client.get(reverse("admin:minutes_agendaitem_change", args=[item.pk])).content.decode())
    assert f"/admin/autocomplete/?meeting={meeting.pk}" in page
    assert names(staff_client, meeting.pk, field="asked_by", model="question")[0] == str(people[1])
