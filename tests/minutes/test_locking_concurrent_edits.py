"""No lost edits: two clerks open the same page; the second save is refused and keeps the second clerk's text."""

import pytest
from django.test import Client
from django.urls import reverse

from minutes.models import AgendaItem, Meeting
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def two_clerks():
    first, second = Client(), Client()
    first.force_login(user_in("Clerk", "ann", first_name="Ann"))
    second.force_login(user_in("Clerk", "bob", first_name="Bob"))
    return first, second


def test_second_save_of_an_item_is_refused_with_its_text_kept():
    item = records.build_seed(status=Meeting.Status.DRAFT)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    first, second = two_clerks()
    data_1 = form_data(first.get(url).content.decode())
    data_2 = form_data(second.get(url).content.decode())
    assert data_1["version"] == data_2["version"] == str(item.version)

    assert first.post(url, {**data_1, "title": "Ann's title"}).status_code == 302
    response = second.post(url, {**data_2, "title": "Bob's typed title", "description": "Bob's long paragraph"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else (Ann) saved this agenda item at" in page and "after you opened it" in page
    assert "Bob&#x27;s typed title" in page and "Bob&#x27;s long paragraph" in page
    item.refresh_from_db()
    assert item.title == "Ann's title" and item.description == ""


def test_second_save_of_a_meeting_with_inlines_is_refused():
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    first, second = two_clerks()
    data_1 = form_data(first.get(url).content.decode())
    data_2 = form_data(second.get(url).content.decode())
    assert first.post(url, {**data_1, "venue": "Ann's venue"}).status_code == 302
    response = second.post(url, {**data_2, "venue": "Bob's venue"})
    assert response.status_code == 200 and "after you opened it" in response.content.decode()
    assert "Bob&#x27;s venue" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).venue == "Ann's venue"


def test_stale_copy_of_an_item_in_the_meeting_inline_is_refused():
    """Bob's meeting page holds item 60 as it was before Ann retitled it: saving it would undo her edit."""
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    item = meeting.items.get(number="60")
    meeting_url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    item_url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    first, second = two_clerks()
    meeting_form = form_data(second.get(meeting_url).content.decode())
    item_form = form_data(first.get(item_url).content.decode())
    assert first.post(item_url, {**item_form, "title": "Ann's item title"}).status_code == 302

    response = second.post(meeting_url, {**meeting_form, "venue": "Room 3"})
    assert response.status_code == 200 and "saved this agenda item at" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).title == "Ann's item title"
    assert Meeting.objects.get(pk=meeting.pk).venue != "Room 3"

    # Reloaded, the page carries Ann's title and the new version, and Bob's change goes through.
    fresh = form_data(second.get(meeting_url).content.decode())
    assert second.post(meeting_url, {**fresh, "venue": "Room 3"}).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).title == "Ann's item title"
    assert Meeting.objects.get(pk=meeting.pk).venue == "Room 3"


def test_version_moves_on_with_each_save():
    item = records.build_seed(status=Meeting.Status.DRAFT)
    before_item, before_meeting = item.version, Meeting.objects.get(pk=item.meeting_id).version
    item.save()
    item.meeting.save()
    assert item.version == before_item + 1
    assert Meeting.objects.get(pk=item.meeting_id).version == before_meeting + 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_saving_at_the_same_moment_one_is_refused(monkeypatch, django_user_model):
    """Both forms were opened at the same version and are saved at once, in two real transactions: the version
    check must lock the row, or both pass it and the second save silently undoes the first."""
    from minutes.record.admin import RecordForm

    from .races import Race

    item = records.build_seed(status=Meeting.Status.DRAFT)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    ann, bob = Client(), Client()
    ann.force_login(django_user_model.objects.create_superuser("ann", first_name="Ann"))
    bob.force_login(django_user_model.objects.create_superuser("bob", first_name="Bob"))
    form_ann, form_bob = form_data(ann.get(url).content.decode()), form_data(bob.get(url).content.decode())

    race = Race()
    monkeypatch.setattr(RecordForm, "check_version", race.checkpoint(RecordForm.check_version))
    (_, first), (_, second) = race.run(
        lambda: ann.post(url, {**form_ann, "title": "Ann's title"}),
        lambda: bob.post(url, {**form_bob, "title": "Bob's typed title"}),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else (Ann) saved this agenda item" in page and "Bob&#x27;s typed title" in page
    item.refresh_from_db()
    assert item.title == "Ann's title"
    assert race.second_waited  # and it was the lock that made it wait
