"""On PostgreSQL the search reads the GIN index `item_search_vector_gin` rather than scanning every item."""

import datetime

import pytest
from django.db import connection

from minutes import search
from minutes.models import AgendaItem, Meeting
from tests import records

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the GIN index exists on PostgreSQL only"),
]

FILLER = "The Panel noted the report of the Commissioner on policing, budgets and community safety in the county."


def fill(count=5000):
    panel = records.kent_panel()
    meetings = [
        Meeting.objects.create(panel=panel, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=7 * n), status=s)
        for n, s in enumerate([Meeting.Status.APPROVED] * 40 + [Meeting.Status.AGENDA] * 5 + [Meeting.Status.DRAFT] * 5)
    ]
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meetings[n % len(meetings)],
            position=n // len(meetings) + 1,
            title=f"Report {n} on topic{n % 977}",
            search_document=f"Report {n} on topic{n % 977}\n{FILLER} Reference marker{n}.",
        )
        for n in range(count)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE minutes_agendaitem SET search_vector = "
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', search_document), 'C')"
        )
        # What autovacuum does after a bulk load: move the new entries from the index's pending list into the tree.
        cursor.execute("SELECT gin_clean_pending_list('item_search_vector_gin'::regclass)")
        cursor.execute("ANALYZE minutes_agendaitem")
        cursor.execute("ANALYZE minutes_meeting")


def test_the_search_uses_the_gin_index(db):
    fill()
    items = AgendaItem.objects.public().select_related("meeting__panel__parent")
    paginator, _ = search.paginate("marker1234", items)
    page_plan = paginator.object_list[:20].explain()
    count_plan = paginator.count_list.values("pk")[: search.COUNT_CAP + 1].explain()
    for plan in (page_plan, count_plan):
        assert "Bitmap Index Scan on item_search_vector_gin" in plan, plan
        assert "Seq Scan on minutes_agendaitem" not in plan, plan
    results = search.run_search("marker1234", items)
    assert [hit.item.title for hit in results.hits] == ["Report 1234 on topic257"]
