"""On PostgreSQL the search reads the GIN index `item_search_vector_gin` rather than scanning every item, except to
rank a common word's newest matches, which it finds sooner by walking back from the newest item."""

import datetime
import re

import pytest
from django.db import connection

from minutes.models import AgendaItem, Meeting
from minutes.search import engine as search
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


@pytest.fixture
def fresh_statistics(monkeypatch):
    """The search reads afresh the lexeme statistics ANALYZE keeps (search.inspect_query caches them a while)."""
    monkeypatch.setattr(search, "_statistics", {})


def test_the_search_uses_the_gin_index(db, fresh_statistics):
    fill()
    items = AgendaItem.objects.public().select_related("meeting__panel__parent")
    # Relevance: a rare word's matches are read from the index, every one of them, and the newest ranked.
    info = search.inspect_query("marker1234", items.db)
    assert search.uses_index(info, search.COUNT_CAP + 1)
    window_plan = search.window_candidates(search.match(items, "marker1234")[0], info).explain()
    # The dated orders: the page and the capped count.
    paginator, _ = search.paginate("marker1234", items, "newest")
    page_plan = paginator.object_list[:20].explain()
    count_plan = paginator.count_list.values("pk")[: search.COUNT_CAP + 1].explain()
    for plan in (window_plan, page_plan, count_plan):
        # Either full-text index (the RUM one, migration 0010, where the server has it) serves the match.
        assert re.search(r"(Bitmap Index Scan on|Index Scan using) item_search_vector_(gin|rum)\b", plan), plan
        assert "Seq Scan on minutes_agendaitem" not in plan, plan
    results = search.run_search("marker1234", items)
    assert [hit.item.title for hit in results.hits] == ["Report 1234 on topic257"]


def test_a_common_word_walks_the_newest_items_instead(db, fresh_statistics):
    """Every item holds "commissioner": reading all of them from the index to keep the newest 1,001 would cost far
    more than walking back from the newest item until 1,001 have matched."""
    fill()
    items = AgendaItem.objects.public().select_related("meeting__panel__parent")
    info = search.inspect_query("commissioner", items.db)
    assert info.share == pytest.approx(1.0)
    assert not search.uses_index(info, search.COUNT_CAP + 1)
    plan = search.window_candidates(search.match(items, "commissioner")[0], info).explain()
    assert "Index Scan Backward using minutes_agendaitem_pkey" in plan, plan
    results = search.run_search("commissioner", items)
    assert results.more_than_cap and len(results.hits) == search.PER_PAGE


def test_without_statistics_the_planner_chooses(db, fresh_statistics):
    items = AgendaItem.objects.public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'minutes_agendaitem'")
        if cursor.fetchone()[0]:
            pytest.skip("the test database has statistics of minutes_agendaitem already")
    info = search.inspect_query("marker1234", items.db)
    assert info.share is None and not search.uses_index(info, search.COUNT_CAP + 1)
