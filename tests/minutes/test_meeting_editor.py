"""The whole-meeting editor (/admin/minutes/meeting/<pk>/write/): the meeting in the "Agenda and minutes" layout, saved
to its items as the item editor saves them; pasting a meeting page into an empty draft adds its items."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def write_url(meeting):
    return reverse("admin:minutes_meeting_write", args=[meeting.pk])


def opened(client, meeting):
    response = client.get(write_url(meeting))
    assert response.status_code == 200
    return form_data(response.content.decode())


def dump(meeting):
    rows = [model_to_dict(Meeting.objects.get(pk=meeting.pk)), Meeting.objects.get(pk=meeting.pk).changed_at]
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("pk"):
        rows.append(model_to_dict(item))
        for model in (MinutePoint, Question, Resolution):
            rows += [model_to_dict(row) for row in model.objects.filter(item=item).order_by("pk")]
            rows.append(model.history.filter(item_id=item.pk).count())
    return rows


@pytest.fixture
def draft_wealdshire(db):
    return records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)


def test_the_meeting_page_links_to_both_editors(staff_client, draft_wealdshire):
    page = staff_client.get(reverse("admin:minutes_meeting_change", args=[draft_wealdshire.pk])).content.decode()
    assert write_url(draft_wealdshire) in page
    for item in draft_wealdshire.items.all():
        assert reverse("admin:minutes_agendaitem_write", args=[item.pk]) in page


def test_unchanged_save_changes_nothing(staff_client, draft_wealdshire):
    before = dump(draft_wealdshire)
    data = opened(staff_client, draft_wealdshire)
    assert data["text"].startswith("Agenda\n\nWealdshire Police and Crime Panel")
    assert staff_client.post(write_url(draft_wealdshire), {**data, "_save": "Save"}).status_code == 302
    assert dump(draft_wealdshire) == before


def test_an_edit_in_one_item_changes_that_item_only(staff_client, draft_wealdshire):
    item = draft_wealdshire.items.exclude(points=None).order_by("position").last()
    others = {other.pk: dump_item(other) for other in draft_wealdshire.items.exclude(pk=item.pk)}
    point = item.points.order_by("position").first()
    data = opened(staff_client, draft_wealdshire)
    assert point.text in data["text"]
    text = data["text"].replace(point.text, point.text + " Added in the meeting editor.", 1)
    assert staff_client.post(write_url(draft_wealdshire), {**data, "text": text, "_save": "Save"}).status_code == 302
    point.refresh_from_db()
    assert point.text.endswith("Added in the meeting editor.")
    assert {other.pk: dump_item(other) for other in draft_wealdshire.items.exclude(pk=item.pk)} == others


def dump_item(item):
    return [model_to_dict(row) for row in item.content()]


def test_pasting_a_meeting_into_an_empty_draft_adds_its_items(staff_client, draft_wealdshire):
    text = opened(staff_client, draft_wealdshire)["text"]
    empty = Meeting.objects.create(panel=draft_wealdshire.panel, date=datetime.date(2026, 5, 6))
    data = opened(staff_client, empty)
    preview = staff_client.post(write_url(empty), {**data, "text": text, "_preview": "Preview"}).content.decode()
    assert "(new)" in preview and not empty.items.exists()
    assert staff_client.post(write_url(empty), {**data, "text": text, "_save": "Save"}).status_code == 302
    assert empty.items.count() == draft_wealdshire.items.count()
    assert (
        MinutePoint.objects.filter(item__meeting=empty).count()
        == MinutePoint.objects.filter(item__meeting=draft_wealdshire).count()
    )


def test_one_item_page_is_refused_with_the_text_kept(staff_client, draft_wealdshire):
    data = opened(staff_client, draft_wealdshire)
    text = "Agenda item\n\nSomething\n\nMinutes:\n\n1.    A point.\n\nSupporting documents:\n"
    response = staff_client.post(write_url(draft_wealdshire), {**data, "text": text, "_save": "Save"})
    page = response.content.decode()
    assert response.status_code == 200 and "reads as a single agenda item" in page
    assert form_data(page)["text"] == text


def test_a_stale_save_is_refused(staff_client, draft_wealdshire):
    data = opened(staff_client, draft_wealdshire)
    item = draft_wealdshire.items.exclude(points=None).order_by("position").first()
    item_url = reverse("admin:minutes_agendaitem_write", args=[item.pk])
    item_data = form_data(staff_client.get(item_url).content.decode())
    changed = item_data["text"].replace(".", ". Meanwhile.", 1)
    assert staff_client.post(item_url, {**item_data, "text": changed, "_save": "Save"}).status_code == 302
    before = dump(draft_wealdshire)
    text = data["text"] + "\n"
    response = staff_client.post(write_url(draft_wealdshire), {**data, "text": text, "_save": "Save"})
    assert response.status_code == 200 and "Someone else saved this meeting" in response.content.decode()
    assert dump(draft_wealdshire) == before


def test_approved_meetings_need_a_publisher_and_a_reason(client):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.APPROVED)
    client.force_login(user_in("Clerk"))
    data = opened(client, meeting)
    assert client.post(write_url(meeting), {**data, "_save": "Save"}).status_code == 403
    client.force_login(user_in("Publisher"))
    data = opened(client, meeting)
    point = MinutePoint.objects.filter(item__meeting=meeting).order_by("pk").first()
    text = data["text"].replace(point.text, point.text + " Corrected.", 1)
    refused = client.post(write_url(meeting), {**data, "text": text, "_save": "Save"})
    assert refused.status_code == 200 and "give the reason for the correction" in refused.content.decode()
    done = client.post(write_url(meeting), {**data, "text": text, "change_reason": "Typo.", "_save": "Save"})
    assert done.status_code == 302
    point.refresh_from_db()
    assert point.text.endswith("Corrected.") and point.history.first().history_change_reason == "Typo."
