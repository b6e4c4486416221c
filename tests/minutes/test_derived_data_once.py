"""Derived data (the item's search document, the meeting's change stamp) is rebuilt once per item per transaction,
when it commits, and not at all when it rolls back; the stored parent is read before a save only when the instance
cannot tell it.

Saving an item with 20 points used to cost 9 derived queries per point (406 queries for the admin's save, 222 for 20
ORM saves in one transaction); now the derived part is one stamp and one search rebuild per transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import AgendaItem, Meeting, MinutePoint
from minutes.output.pages import store_pages
from minutes.search import refresh_search_document
from tests import records
from tests.forms import form_data

POINTS = 20


def build_item():
    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-01-01", status="approved")
    item = AgendaItem.objects.create(meeting=meeting, position=1, number="1", title="Budget")
    MinutePoint.objects.bulk_create(
        MinutePoint(item=item, position=p + 1, label=f"{p + 1}.", text=f"Point {p}") for p in range(POINTS)
    )
    refresh_search_document(item.pk)
    # bulk_create sends no signals: as the importer does, a bulk write says what it changed (the stamp moves and the
    # stored pages are rendered again), or a reader would be served the pages stored before it.
    meeting.touch()
    return item


@pytest.fixture
def item(db):
    return build_item()


def statements(ctx, start=""):
    """The SQL statements captured, without transaction control (BEGIN, COMMIT, savepoints)."""
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    sql = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(control)]
    return [s for s in sql if s.startswith(start)]


def pages_cost(*items):
    """Queries storing the pages of these items' meetings costs (minutes/output/pages.py decides; counted here)."""
    with CaptureQueriesContext(connection) as ctx:
        store_pages(item_ids=[item.pk for item in items])
    return len(statements(ctx))


def rebuild_cost(item):
    """Queries one search rebuild costs (minutes.search decides; this file only counts how often it runs)."""
    with CaptureQueriesContext(connection) as ctx:
        refresh_search_document(item.pk)
    return len(statements(ctx))


def changed_at(meeting_id):
    return Meeting.objects.values_list("changed_at", flat=True).get(pk=meeting_id)


@pytest.mark.django_db
def test_admin_save_of_20_points_rebuilds_once(staff_client, item):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(staff_client.get(url).content.decode())
    for n in range(POINTS):
        data[f"points-{n}-text"] = f"Revised point {n}"
    data["change_reason"] = "Typing errors."
    stamp = changed_at(item.meeting_id)
    pages = pages_cost(item)

    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.post(url, data)

    assert response.status_code == 302
    assert len(statements(ctx, 'UPDATE "minutes_minutepoint"')) == POINTS
    assert len(statements(ctx, 'UPDATE "minutes_meeting" SET "changed_at"')) == 1
    assert len(statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"')) == 1
    # No row is read again to learn its parent: the admin loaded each one with it.
    assert statements(ctx, 'SELECT "minutes_minutepoint"."item_id" AS') == []
    assert statements(ctx, 'SELECT "minutes_agendaitem"."meeting_id" AS') == []
    # 406 queries before the derived data was batched; then the meeting's pages are stored once.
    assert len(statements(ctx)) <= 225 + pages
    stored = AgendaItem.objects.get(pk=item.pk).search_document
    assert "Revised point 0" in stored and "Revised point 19" in stored and "Point 7" not in stored
    assert changed_at(item.meeting_id) > stamp


@pytest.mark.django_db
def test_refused_admin_save_rebuilds_nothing(staff_client, item):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(staff_client.get(url).content.decode())
    data["points-0-text"] = "Never saved"
    data["points-0-depth"] = "9"  # the form refuses it
    stamp = changed_at(item.meeting_id)
    with CaptureQueriesContext(connection) as ctx:
        response = staff_client.post(url, data)
    assert response.status_code == 200 and "Never saved" in response.content.decode()
    assert statements(ctx, 'UPDATE "minutes_meeting"') == []
    assert statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"') == []
    assert changed_at(item.meeting_id) == stamp


@pytest.mark.django_db(transaction=True)
def test_orm_saves_in_one_transaction_rebuild_once_at_commit():
    item = build_item()
    cost = rebuild_cost(item) + pages_cost(item)
    points = list(item.points.order_by("position"))
    stamp = changed_at(item.meeting_id)

    with CaptureQueriesContext(connection) as ctx:
        with transaction.atomic():
            for point in points:
                point.text = f"Amended {point.position}"
                point.save()
            saves = len(statements(ctx))
            # Not yet: the derived data waits for the commit.
            assert "Amended" not in AgendaItem.objects.get(pk=item.pk).search_document
            assert changed_at(item.meeting_id) == stamp
            before_commit = len(statements(ctx))

    # Each point: its UPDATE and its history row. Then, once: the stamp, one rebuild and the stored pages. (222 queries
    # before.)
    assert saves == 2 * POINTS
    assert len(statements(ctx)) - before_commit == 1 + cost
    assert "Amended 20" in AgendaItem.objects.get(pk=item.pk).search_document
    assert changed_at(item.meeting_id) > stamp


@pytest.mark.django_db(transaction=True)
def test_one_point_saved_alone_costs_its_row_and_one_rebuild():
    item = build_item()
    cost = rebuild_cost(item) + pages_cost(item)
    point = item.points.get(position=1)
    point.text = "Zqsinglex"
    with CaptureQueriesContext(connection) as ctx:
        point.save()
    # Its UPDATE, its history row, the stamp, the rebuild and the stored pages (11 before the pages were stored: two
    # more look-ups of parents).
    assert len(statements(ctx)) == 2 + 1 + cost
    assert "Zqsinglex" in AgendaItem.objects.get(pk=item.pk).search_document


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_rebuilds_nothing_and_leaves_no_debt():
    item = build_item()
    stamp = changed_at(item.meeting_id)
    with pytest.raises(RuntimeError), transaction.atomic():
        MinutePoint.objects.create(item=item, position=99, text="Zqrolledbackx")
        raise RuntimeError("the clerk's save failed")
    assert "Zqrolledbackx" not in AgendaItem.objects.get(pk=item.pk).search_document
    assert changed_at(item.meeting_id) == stamp

    # The next transaction still rebuilds (the batch of the rolled-back one is queued again by its first save).
    with transaction.atomic():
        MinutePoint.objects.create(item=item, position=99, text="Zqcommittedx")
    assert "Zqcommittedx" in AgendaItem.objects.get(pk=item.pk).search_document
    assert changed_at(item.meeting_id) > stamp


@pytest.mark.django_db(transaction=True)
def test_items_of_two_meetings_each_rebuilt_once():
    first, second = build_item(), build_item()
    cost, pages = rebuild_cost(first), pages_cost(first, second)
    with CaptureQueriesContext(connection) as ctx:
        with transaction.atomic():
            for position, item in enumerate((first, second, first), start=50):
                MinutePoint.objects.create(item=item, position=position, text="Zqbothx")
    assert len(statements(ctx, 'UPDATE "minutes_meeting" SET "changed_at"')) == 1
    assert len(statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"')) == 2
    assert len(statements(ctx)) == 3 * 2 + 1 + 2 * cost + pages
    for item in (first, second):
        assert "Zqbothx" in AgendaItem.objects.get(pk=item.pk).search_document


@pytest.mark.django_db
def test_a_loaded_point_moved_by_the_orm_is_seen_without_reading_it_again():
    source, target = build_item(), build_item()
    point = source.points.get(position=1)
    point.text = "Zqmovedx"
    point.save()
    point.item, point.position = target, 99
    with CaptureQueriesContext(connection) as ctx:
        point.save()
    assert statements(ctx, 'SELECT "minutes_minutepoint"."item_id" AS') == []
    assert len(statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"')) == 2
    assert "Zqmovedx" not in AgendaItem.objects.get(pk=source.pk).search_document
    assert "Zqmovedx" in AgendaItem.objects.get(pk=target.pk).search_document


@pytest.mark.django_db
def test_a_point_loaded_without_its_parent_is_read_before_its_move():
    source, target = build_item(), build_item()
    MinutePoint.objects.filter(item=source, position=1).update(text="Zqdeferredx")
    refresh_search_document(source.pk)
    point = MinutePoint.objects.defer("item").get(item=source, position=1)
    point.item, point.position = target, 99
    with CaptureQueriesContext(connection) as ctx:
        point.save()
    assert len(statements(ctx, 'SELECT "minutes_minutepoint"."item_id" AS')) == 1
    assert "Zqdeferredx" not in AgendaItem.objects.get(pk=source.pk).search_document
    assert "Zqdeferredx" in AgendaItem.objects.get(pk=target.pk).search_document


@pytest.mark.django_db
def test_a_point_built_with_the_pk_of_a_stored_one_is_read_before_its_save():
    source, target = build_item(), build_item()
    MinutePoint.objects.filter(item=source, position=2).update(text="Zqstoredx")
    refresh_search_document(source.pk)
    stored = source.points.get(position=2)
    MinutePoint(pk=stored.pk, item=target, position=77, text="Zqrebuiltx").save()
    assert "Zqrebuiltx" in AgendaItem.objects.get(pk=target.pk).search_document
    assert "Zqstoredx" not in AgendaItem.objects.get(pk=source.pk).search_document


@pytest.mark.django_db(transaction=True)
def test_import_preview_rebuilds_nothing_and_the_import_rebuilds_each_item_once():
    from minutes.importer.reader import parse_minutes
    from minutes.importer.save import save_minutes

    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-03-04", status="draft")
    text = (records.EXAMPLES / "item-questions-to-commissioner.txt").read_text(encoding="utf-8")
    stamp = changed_at(meeting.pk)

    with CaptureQueriesContext(connection) as ctx:
        report = save_minutes(parse_minutes(text), meeting=meeting, dry_run=True)
    assert report.counts["items"] == 1 and not meeting.items.exists()
    assert statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"') == []
    assert changed_at(meeting.pk) == stamp

    with CaptureQueriesContext(connection) as ctx:
        report = save_minutes(parse_minutes(text), meeting=meeting)
    assert len(statements(ctx, 'UPDATE "minutes_agendaitem" SET "search_document"')) == 1
    assert len(statements(ctx, 'UPDATE "minutes_meeting" SET "changed_at"')) == 1
    (item,) = report.created_items
    assert "Commissioner" in AgendaItem.objects.get(pk=item.pk).search_document
    assert changed_at(meeting.pk) > stamp


@pytest.mark.django_db(transaction=True)
def test_a_reader_sees_a_committed_admin_save_at_once(django_user_model):
    """Real commits, no test transaction: by the time the clerk's save has answered, the stamp has moved (so no cached
    page or PDF is served stale) and the search finds the new words."""
    from django.test import Client

    item = build_item()
    reader, clerk = Client(), Client()
    clerk.force_login(django_user_model.objects.create_superuser("clerk"))
    assert "Point 3" in reader.get(item.get_absolute_url()).content.decode()  # cached now
    first_pdf = reader.get(f"/items/{item.pk}/minutes.pdf")

    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(clerk.get(url).content.decode())
    data["points-3-text"] = "Zqfreshx wording"
    assert clerk.post(url, data).status_code == 302

    page = reader.get(item.get_absolute_url()).content.decode()
    assert "Zqfreshx wording" in page and "Point 3" not in page
    assert reader.get(f"/items/{item.pk}/minutes.pdf", headers={"If-None-Match": first_pdf["ETag"]}).status_code == 200
    found = reader.get("/search/", {"q": "Zqfreshx"}).context["results"]
    assert [hit.item.pk for hit in found.hits] == [item.pk]
