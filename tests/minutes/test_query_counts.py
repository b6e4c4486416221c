"""The item and meeting pages use page-shaped querysets: their query counts do not grow with content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Document, Meeting, MinutePoint, Question, Resolution
from tests import records

pytestmark = pytest.mark.django_db


def build_meeting(items, points, questions):
    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-01-01", status="approved")
    for i in range(items):
        item = AgendaItem(meeting=meeting, position=i + 1, number=str(i + 1), title=f"Item {i}")
        item.save()
        MinutePoint.objects.bulk_create(
            MinutePoint(item=item, position=p + 1, label=f"{p + 1}.", text=f"Point {p} of item {i}")
            for p in range(points)
        )
        Question.objects.bulk_create(
            Question(item=item, position=points + q + 1, depth=1, label="·", text=f"Q{q}?", response="A.")
            for q in range(questions)
        )
        Resolution.objects.create(item=item, position=points + questions + 1, lead_in="RESOLVED", text="to note.")
        Document.objects.create(item=item, title=f"Report {i}", file_format="PDF", size_bytes=1000)
    return meeting


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_meeting_page_queries_are_flat(client):
    small = build_meeting(items=1, points=1, questions=1)
    large = build_meeting(items=20, points=10, questions=5)
    assert count(client, large.get_absolute_url()) == count(client, small.get_absolute_url())


def test_item_page_queries_are_flat(client):
    small = build_meeting(items=1, points=1, questions=1).items.get()
    large = build_meeting(items=20, points=10, questions=5).items.first()
    assert count(client, large.get_absolute_url()) == count(client, small.get_absolute_url())


def test_query_budgets(client, django_assert_max_num_queries):
    meeting = build_meeting(items=20, points=10, questions=5)
    with django_assert_max_num_queries(12):
        client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(meeting.items.first().get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(f"/meetings/{meeting.pk}/minutes.txt")
    with django_assert_max_num_queries(6):
        client.get("/")
    with django_assert_max_num_queries(6):
        client.get(f"/panels/{meeting.panel.slug}/")
