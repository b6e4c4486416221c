"""A cached page is never stale: renaming the author of a correction, or changing records through QuerySet.update(),
moves the stamp of the pages that show them (issue 14, finding 10)."""

import pytest
from django.urls import reverse

from minutes.models import AgendaItem, Attendance, Meeting, MinutePoint, Question
from tests.forms import form_data
from tests.minutes.test_history_corrections import approved_seed
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def test_renaming_a_corrections_author_refreshes_the_cached_page(client, django_user_model):
    publisher = user_in("Publisher", first_name="Pat", last_name="Lee")
    item = approved_seed(publisher)
    # Approved minutes are corrected by a publisher (a clerk only reads them: test_approved_minutes_roles.py).
    corrector = user_in("Publisher", "jo", first_name="Jo", last_name="Smith")
    staff = client.__class__()
    staff.force_login(corrector)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(staff.get(url).content.decode())
    point = item.points.get(position=1)
    field = next(k for k, v in data.items() if k.startswith("points-") and k.endswith("-id") and v == str(point.pk))
    data[field.replace("-id", "-text")] += " (corrected)"
    data["change_reason"] = "Typo."
    assert staff.post(url, data).status_code == 302

    for page in (item.get_absolute_url(), item.meeting.get_absolute_url()):
        assert "by J.S." in client.get(page).content.decode()  # now cached
    corrector.first_name, corrector.last_name = "Kim", "Brown"
    corrector.save()
    for page in (item.get_absolute_url(), item.meeting.get_absolute_url()):
        body = client.get(page).content.decode()
        assert "by K.B." in body and "by J.S." not in body, page


def test_a_login_does_not_move_any_stamp(client):
    publisher = user_in("Publisher", first_name="Pat", last_name="Lee")
    item = approved_seed(publisher)
    before = Meeting.objects.get(pk=item.meeting_id).changed_at
    assert client.login(username="publisher", password="pw")
    assert Meeting.objects.get(pk=item.meeting_id).changed_at == before


def test_queryset_update_cannot_leave_a_cached_page_stale(client, seed_item):
    url = seed_item.get_absolute_url()
    meeting_url = seed_item.meeting.get_absolute_url()
    client.get(url), client.get(meeting_url)
    MinutePoint.objects.filter(item=seed_item, position=1).update(text="Rewritten by update().")
    assert "Rewritten by update()." in client.get(url).content.decode()
    Question.objects.filter(item=seed_item).update(response="Answered by update().")
    assert "Answered by update()." in client.get(url).content.decode()
    AgendaItem.objects.filter(pk=seed_item.pk).update(title="Retitled by update()")
    assert "Retitled by update()" in client.get(meeting_url).content.decode()
    Meeting.objects.filter(pk=seed_item.meeting_id).update(venue="Moved by update()")
    client.get(meeting_url)
    assert "Moved by update()" in client.get(meeting_url).content.decode()
    Attendance.objects.create(meeting=seed_item.meeting, kind="present", name="Cllr Ann Other")
    client.get(meeting_url)
    Attendance.objects.filter(meeting=seed_item.meeting).update(name="Cllr Renamed Byupdate")
    assert "Cllr Renamed Byupdate" in client.get(meeting_url).content.decode()


def test_derived_columns_do_not_move_the_stamp(seed_item):
    before = Meeting.objects.get(pk=seed_item.meeting_id).changed_at
    AgendaItem.objects.filter(pk=seed_item.pk).update(search_document="x")
    assert Meeting.objects.get(pk=seed_item.meeting_id).changed_at == before


def test_rows_moved_by_update_change_both_meetings(seed_item, wealdshire):
    stamps = dict(Meeting.objects.values_list("pk", "changed_at"))
    AgendaItem.objects.filter(pk=seed_item.pk).update(meeting=wealdshire, position=999)
    after = dict(Meeting.objects.values_list("pk", "changed_at"))
    assert after[seed_item.meeting_id] > stamps[seed_item.meeting_id]
    assert after[wealdshire.pk] > stamps[wealdshire.pk]
