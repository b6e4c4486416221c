"""A member page's attendance counts equal a direct count over the data, by the one visibility rule."""

import pytest
import tinyhtml5

from minutes.models import Attendance, Meeting
from minutes.people.record import person_record

from .builders import build_panel

pytestmark = pytest.mark.django_db


def direct_counts(person, panel):
    """{year: {outcome: n}} counted straight from the rows, independently of minutes.people.record."""
    counts = {}
    for meeting in Meeting.objects.filter(panel=panel, status__in=["draft_minutes", "approved"]):
        memberships = person.memberships.filter(panel=panel)
        if not any(
            (m.start_date is None or m.start_date <= meeting.date)
            and (m.end_date is None or meeting.date <= m.end_date)
            for m in memberships
        ):
            continue
        rows = Attendance.objects.filter(meeting=meeting, item__isnull=True)
        if rows.filter(person=person, kind="present").exists():
            outcome = "present"
        elif rows.filter(substitute_for=person, kind="substitute").exists():
            outcome = "substituted"
        elif rows.filter(person=person, kind="apologies").exists():
            outcome = "apologies"
        else:
            outcome = "absent"
        year = counts.setdefault(meeting.date.year, dict.fromkeys(["present", "apologies", "substituted", "absent"], 0))
        year[outcome] += 1
    return counts


def table_counts(html):
    """{year: {outcome: n}} as the member page's attendance table shows them."""
    ns = "{http://www.w3.org/1999/xhtml}"
    root = tinyhtml5.parse(html)
    table = next(t for t in root.iter(f"{ns}table") if t.get("id") == "attendance-table")
    found = {}
    for row in table.iter(f"{ns}tr"):
        if row.get("data-year"):
            cells = {td.get("data-outcome"): int(td.text) for td in row.iter(f"{ns}td") if td.get("data-outcome")}
            year = found.setdefault(int(row.get("data-year")), dict.fromkeys(cells, 0))
            for outcome, n in cells.items():
                year[outcome] += n
    return found


def test_member_page_counts_equal_a_direct_count(client):
    panel, people, spare = build_panel()
    checked = 0
    for person in people:
        expected = direct_counts(person, panel)
        response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        assert table_counts(response.content.decode()) == expected, person
        checked += sum(sum(y.values()) for y in expected.values())
    assert checked > 20  # the generated panel is not trivially empty


def test_draft_and_agenda_meetings_do_not_count():
    panel, people, _ = build_panel()
    counted = {e.meeting.pk for p in people for e in person_record(p).expected}
    hidden = set(Meeting.objects.filter(panel=panel, status__in=["draft", "agenda"]).values_list("pk", flat=True))
    assert hidden and not counted & hidden


def test_membership_dates_bound_the_expected_meetings():
    panel, people, _ = build_panel()
    leaver = people[2]  # left on 31 March 2025
    assert all(e.meeting.date.isoformat() <= "2025-03-31" for e in person_record(leaver).expected)
    joiner = people[1]  # joined on 1 June 2024
    assert all(e.meeting.date.isoformat() >= "2024-06-01" for e in person_record(joiner).expected)


def test_substitute_is_credited_for_substituting_not_as_a_member(client):
    panel, people, spare = build_panel()
    record = person_record(spare)
    assert record.expected == []
    assert (
        len(record.substituting)
        == Attendance.objects.filter(
            person=spare, kind="substitute", meeting__status__in=["draft_minutes", "approved"]
        ).count()
    )
    assert len(record.substituting) > 0


def test_a_visitor_present_outside_their_term_is_not_counted():
    panel, people, _ = build_panel()
    leaver = people[2]
    late = Meeting.objects.filter(panel=panel, status="approved", date__gt="2025-03-31").first()
    Attendance.objects.filter(meeting=late, person=leaver).delete()
    Attendance.objects.create(meeting=late, person=leaver, kind="present")
    assert late.pk not in {e.meeting.pk for e in person_record(leaver).expected}
