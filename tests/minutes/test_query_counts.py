"""The item and meeting pages use page-shaped querysets: their query counts do not grow with content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Meeting,
    MinutePoint,
    Question,
    Resolution,
)
from minutes.output import pdf
from panels.models import Person
from tests import records

pytestmark = pytest.mark.django_db


def build_meeting(items, points, questions, people=1):
    """A meeting carrying every relation its pages read, `people` of each kind of row about people: attendance
    named only by its person (the name comes from the person), substitutes standing in for a member, declarations
    naming their item and declarers, papers of the whole meeting, questions asked by a person, recorded votes."""
    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-01-01", status="approved")
    tag = meeting.pk
    members = [Person.objects.create(honorific="Cllr", name=f"Member {tag}-{n}") for n in range(2 * people)]
    for i in range(items):
        item = AgendaItem(meeting=meeting, position=i + 1, number=str(i + 1), title=f"Item {i}")
        item.save()
        MinutePoint.objects.bulk_create(
            MinutePoint(item=item, position=p + 1, label=f"{p + 1}.", text=f"Point {p} of item {i}")
            for p in range(points)
        )
        intro = item.points.first()
        Question.objects.bulk_create(
            Question(
                item=item,
                position=points + q + 1,
                depth=1,
                label="·",
                text=f"Q{q}?",
                response="A.",
                introduced_by=intro,
                asked_by=members[q % len(members)],
                asked_by_text=members[q % len(members)].display_name,
            )
            for q in range(questions)
        )
        Resolution.objects.create(
            item=item,
            position=points + questions + 1,
            lead_in="RESOLVED",
            text="to note.",
            votes_for=people,
            votes_against=1,
            outcome=Resolution.Outcome.CARRIED,
            vote_detail={"for": [m.display_name for m in members[:people]], "against": [members[-1].display_name]},
        )
        Document.objects.create(item=item, title=f"Report {i}", file_format="PDF", size_bytes=1000)
    first = meeting.items.order_by("position").first()
    for n, member in enumerate(members[:people]):
        Attendance.objects.create(meeting=meeting, kind=Attendance.Kind.PRESENT, position=n, person=member, role="")
        Attendance.objects.create(
            meeting=meeting,
            kind=Attendance.Kind.SUBSTITUTE,
            position=n,
            person=members[people + n],
            substitute_for=member,
        )
        declaration = Declaration.objects.create(meeting=meeting, item=first, position=n, interest=f"Interest {n}")
        declaration.people.set([member, members[people + n]])
        Document.objects.create(meeting=meeting, position=n, title=f"Agenda pack {n}", file_format="PDF")
    return meeting


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_meeting_page_queries_are_flat(client):
    small = build_meeting(items=1, points=1, questions=1, people=1)
    large = build_meeting(items=20, points=10, questions=5, people=8)
    assert count(client, large.get_absolute_url()) == count(client, small.get_absolute_url())
    page = client.get(large.get_absolute_url()).content.decode()
    # The rows the count is about are on the page: names through their person, substitutes, declarations.
    assert f"Cllr Member {large.pk}-0" in page and "(Substitute for " in page and "Interest 7" in page


def test_printed_minutes_queries_are_flat():
    def printed(meeting):
        with CaptureQueriesContext(connection) as ctx:
            html = pdf.meeting_html(Meeting.objects.for_meeting_page().get(pk=meeting.pk))
        return len(ctx.captured_queries), html

    small = build_meeting(items=1, points=1, questions=1, people=1)
    large = build_meeting(items=20, points=10, questions=5, people=8)
    (small_count, _), (large_count, html) = printed(small), printed(large)
    assert large_count == small_count
    assert f"Member {large.pk}-7" in html and "Substitute for" in html


def test_item_page_queries_are_flat(client):
    small = build_meeting(items=1, points=1, questions=1).items.get()
    large = build_meeting(items=20, points=10, questions=5).items.first()
    assert count(client, large.get_absolute_url()) == count(client, small.get_absolute_url())


def test_query_budgets(client, django_assert_max_num_queries):
    meeting = build_meeting(items=20, points=10, questions=5, people=8)
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
