"""Corrections to approved minutes: recorded with a reason, shown on the public pages, in a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from minutes.record import workflow
from minutes.record.corrections import corrections_for_item, corrections_for_meeting, word_diff
from tests import records
from tests.forms import form_data
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db


def approved_seed(publisher):
    """The seed item, entered and approved an hour ago: saves from now on are corrections."""
    item = records.build_seed(status=Meeting.Status.DRAFT_MINUTES)
    workflow.apply(item.meeting, "approve_minutes", publisher)
    hour = datetime.timedelta(hours=1)
    for model in (Meeting, AgendaItem, MinutePoint, Question, Resolution):
        model.history.update(history_date=F("history_date") - hour)
    Meeting.objects.filter(pk=item.meeting_id).update(
        approved_at=F("approved_at") - hour, changed_at=F("changed_at") - hour
    )
    return item


@pytest.fixture
def publisher():
    return user_in("Publisher", first_name="Pat", last_name="Lee")


def test_word_diff_reads_plainly():
    assert word_diff("the workshop on 14 February", "the workshop on 14 January") == "“February” changed to “January”"
    assert word_diff("noted the report", "noted the annual report") == "“annual” added after “the”"


def test_admin_correction_needs_a_reason_and_is_published(client, publisher):
    item = approved_seed(publisher)
    # Approved minutes are corrected by a publisher (a clerk only reads them: test_approved_minutes_roles.py).
    corrector = user_in("Publisher", "jo", first_name="Jo", last_name="Smith")
    client.force_login(corrector)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(client.get(url).content.decode())
    assert "change_reason" in data
    point = item.points.get(position=1)
    field = next(k for k, v in data.items() if k.startswith("points-") and k.endswith("-id") and v == str(point.pk))
    field = field.replace("-id", "-text")
    data[field] = data[field].replace("Commissioner", "Chair", 1)
    refused = client.post(url, data)
    assert refused.status_code == 200 and "give the reason for the correction" in refused.content.decode()
    assert MinutePoint.objects.get(pk=point.pk).text == point.text
    data["change_reason"] = "Wrong body named, noted by the Chair."
    assert client.post(url, data).status_code == 302
    assert MinutePoint.objects.get(pk=point.pk).text.startswith("The Chair began")

    meeting = Meeting.objects.get(pk=item.meeting_id)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    for corrections in (corrections_for_item(item), corrections_for_meeting(meeting)):
        assert len(corrections) == 1, [tuple(c) for c in corrections]
        date, who, description, reason = corrections[0][:4]
        assert who == "J.S." and reason == "Wrong body named, noted by the Chair."
        assert "“Commissioner” changed to “Chair”" in description and "point 1: text:" in description
    client.logout()
    for url in (item.get_absolute_url(), meeting.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Corrected on" in page and "“Commissioner” changed to “Chair”" in page
        assert "Wrong body named" in page


def test_no_corrections_before_approval_or_without_changes(publisher):
    item = records.build_seed(status=Meeting.Status.DRAFT_MINUTES)
    MinutePoint.objects.filter(item=item).first().save()
    assert corrections_for_item(item) == []
    workflow.apply(item.meeting, "approve_minutes", publisher)
    assert corrections_for_meeting(Meeting.objects.get(pk=item.meeting_id)) == []


def test_exempt_item_content_never_described(publisher):
    item = approved_seed(publisher)
    item.is_exempt, item.exempt_summary = True, "The Panel considered a confidential report."
    item.save()
    point = item.points.first()
    point.text = "Secret figures: 42"
    point._change_reason = "typo"
    point.save()
    text = " ".join(c.description for c in corrections_for_meeting(Meeting.objects.get(pk=item.meeting_id)))
    assert "Secret" not in text and "confidential report" in text


def test_corrections_take_a_fixed_number_of_queries(publisher):
    item = approved_seed(publisher)
    for point in item.points.all():
        point.text += " (corrected)"
        point._change_reason = "typo"
        point.save()
    meeting = Meeting.objects.get(pk=item.meeting_id)
    with CaptureQueriesContext(connection) as small:
        assert corrections_for_meeting(meeting)
    for resolution in item.resolutions.all():
        resolution.text += " again"
        resolution.save()
    for question in item.questions.all():
        question.response += " Later."
        question.save()
    with CaptureQueriesContext(connection) as large:
        corrections_for_meeting(meeting)
    assert len(large) == len(small) <= 5
