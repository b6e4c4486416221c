"""The importer fills attendance from the published PRESENT and apologies lines, matching names to people, and says
which names it could not match (kept as written)."""

import pytest

from minutes.importer.reader import parse_minutes
from minutes.importer.save import save_minutes
from minutes.models import Attendance, Meeting
from panels.models import Membership, Person
from tests import records

pytestmark = pytest.mark.django_db

TEXT = """Agenda and minutes

Wealdshire Police and Crime Panel - Wednesday, 4th March, 2026 10.00 am

Venue: Committee Room 2, Shire Hall, Ashbury.

PRESENT: Cllr Margaret Oduya (Chair) (Wealdshire County Council), Cllr C Dale (Substitute for Cllr Price) (Weald District Council), Cllr Nobody Known (Fernley Borough Council)

IN ATTENDANCE: Ms P Olawale (Panel Clerk)

APOLOGIES: Cllr Harriet Vane, Cllr O Price (Weald District Council)

Items
No. Item

57.

Apologies and Substitutes

Minutes:

1.    Apologies were received from:

·         Cllr Harriet Vane

·         Cllr Owen Price

2.    Cllr Dale substituted for Cllr Price.
"""


@pytest.fixture
def panel(db):
    panel = records.wealdshire_panel()
    for name in ("Margaret Oduya", "Harriet Vane", "Owen Price"):
        Membership.objects.create(panel=panel, person=Person.objects.create(honorific="Cllr", name=name))
    Person.objects.create(honorific="Cllr", name="C Dale")
    return panel


def test_import_matches_names_and_reports_the_rest(panel):
    report = save_minutes(parse_minutes(TEXT), panel=panel)
    meeting = report.meeting
    rows = {
        (
            a.kind,
            a.person.name if a.person else None,
            a.name,
            a.role,
            a.substitute_for.name if a.substitute_for else None,
        )
        for a in Attendance.objects.filter(meeting=meeting)
    }
    assert rows == {
        ("present", "Margaret Oduya", "", "Chair", None),
        ("substitute", "C Dale", "", "", "Owen Price"),
        ("present", None, "Cllr Nobody Known", "", None),
        ("in_attendance", None, "Ms P Olawale", "Panel Clerk", None),
        ("apologies", "Harriet Vane", "", "", None),
        ("apologies", "Owen Price", "", "", None),
    }
    # The apologies item is minutes text: it adds no second line for anyone.
    unmatched = [n for n in report.notes if n.startswith("attendance:")]
    assert unmatched == [
        "attendance: no one matches 'Cllr Nobody Known' (line 7); kept as written.",
        "attendance: no one matches 'Ms P Olawale' (line 9); kept as written.",
    ]
    # Nothing of it lands in the meeting's note as an unrecognised header line.
    assert "PRESENT" not in meeting.note
    assert meeting.status == Meeting.Status.DRAFT


def test_reimport_adds_no_attendance(panel):
    first = save_minutes(parse_minutes(TEXT), panel=panel)
    again = save_minutes(parse_minutes(TEXT), panel=panel)
    assert again.meeting == first.meeting
    assert Attendance.objects.filter(meeting=first.meeting).count() == 6
    assert not [c for c in again.changes if c.startswith("attendance")]


def test_dry_run_creates_no_attendance(panel):
    save_minutes(parse_minutes(TEXT), panel=panel, dry_run=True)
    assert not Attendance.objects.exists()


def test_the_texts_own_round_trip(client, panel):
    """The plain text the archive prints for a meeting imports back to the same attendance lines."""
    report = save_minutes(parse_minutes(TEXT), panel=panel)
    Meeting.objects.filter(pk=report.meeting.pk).update(status="approved")
    printed = client.get(f"/meetings/{report.meeting.pk}/minutes.txt").content.decode()
    assert "PRESENT: Cllr Margaret Oduya (Chair) (Wealdshire County Council)" in printed
    other = records.wealdshire_panel()
    Meeting.objects.filter(pk=report.meeting.pk).delete()
    again = save_minutes(parse_minutes(printed), panel=other)
    assert Attendance.objects.filter(meeting=again.meeting).count() == 6
