"""The model holds each shape of the published record, in order, and its constraints refuse bad data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from minutes.output.rendering import item_text, long_date, meeting_title_line
from panels.models import Membership, Panel, Person
from tests import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-03-04", status="approved")


def test_seed_item_reads_back_in_order(seed_item):
    content = seed_item.content()
    assert [type(b).__name__ for b in content] == ["MinutePoint"] * 5 + ["Question"] * 4 + ["Resolution"]
    assert [b.label for b in content[:5]] == ["1.", "2.", "3.", "4.", "5."]
    questions = content[5:9]
    assert all(q.introduced_by == content[4] and q.depth == 1 and q.label == "·" for q in questions)
    assert questions[2].text.startswith("How the views of young and vulnerable residents")
    assert content[9].wording == "RESOLVED that the Kent and Medway Police and Crime Panel note the report."


def test_nested_labels_and_kinds(meeting):
    item = records.build_nested_example(meeting)
    points = list(item.points.order_by("position"))
    assert [(p.depth, p.label) for p in points[:7]] == [
        (0, ""), (0, "2."), (1, "a)"), (1, "b)"), (2, "·"), (2, "·"), (1, "c)"),
    ]  # fmt: skip
    assert points[7].kind == MinutePoint.Kind.HEADING
    resolution = item.resolutions.get()
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (9, 4, 2)
    assert "(b)   ask the Commissioner" in resolution.clauses


def test_resolution_before_discussion_and_prose_forms(meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Minutes of the last meeting", kind="minutes_approval")
    Resolution.objects.create(item=item, position=1, lead_in="RESOLVED", text="that the minutes be approved")
    MinutePoint.objects.create(item=item, position=2, kind="note", text="POST MEETING NOTE: the date was corrected.")
    Resolution.objects.create(item=item, position=3, label="(4)", lead_in="UNANIMOUSLY RESOLVED", text="that …")
    Resolution.objects.create(item=item, position=4, lead_in="", text="Agreed without a vote.", outcome="without_vote")
    lines = item_text(item).split("\n\n")
    assert lines[3] == "RESOLVED that the minutes be approved"  # no full stop added
    assert lines[4] == "POST MEETING NOTE: the date was corrected."
    assert lines[5] == "(4)    UNANIMOUSLY RESOLVED that …"
    assert lines[6] == "Agreed without a vote."


def test_title_line_forms(meeting):
    meeting.start_time = datetime.time(14, 0)
    meeting.date = datetime.date(2025, 7, 16)
    assert meeting_title_line(meeting) == "Wealdshire Police and Crime Panel - Wednesday, 16th July, 2025 2.00 pm"
    meeting.special_name = "Draft Plan and Precept Proposal"
    assert meeting_title_line(meeting).startswith("Draft Plan and Precept Proposal, Wealdshire")
    sub = Panel.objects.create(name="Complaints Sub-Committee", slug="complaints", host_authority="W",
                               parent=meeting.panel)  # fmt: skip
    meeting.panel, meeting.special_name = sub, ""
    meeting.date, meeting.start_time = datetime.date(2023, 1, 19), datetime.time(14, 30)
    assert meeting_title_line(meeting) == (
        "Wealdshire Police and Crime Panel - Complaints Sub-Committee - Thursday, 19th January, 2023 2.30 pm"
    )
    assert long_date(datetime.date(2024, 2, 6), datetime.time(10, 0)) == "Tuesday, 6th February, 2024 10.00 am"
    assert long_date(datetime.date(2021, 12, 22)) == "Wednesday, 22nd December, 2021"


def test_attendance_declarations_and_documents(meeting):
    chair = Person.objects.create(honorific="Cllr", name="A Birch")
    absent = Person.objects.create(honorific="Mr", name="J Moreland")
    Membership.objects.create(panel=meeting.panel, person=chair, role="chair", council="Ashbury Borough Council")
    Attendance.objects.create(meeting=meeting, person=chair, role="Chair", council="Ashbury Borough Council")
    Attendance.objects.create(meeting=meeting, kind="apologies", person=absent)
    Attendance.objects.create(meeting=meeting, kind="substitute", name="Cllr Dale", substitute_for=absent)
    item = AgendaItem.objects.create(meeting=meeting, title="Rural crime")
    declaration = Declaration.objects.create(
        meeting=meeting, item=item, people_text="Cllrs Horton and Todd", interest="Farm owners", left_meeting=True
    )
    declaration.people.add(chair, absent)
    doc = Document.objects.create(item=item, title="Report", file_format="PDF", size_bytes=235 * 1024)
    assert doc.meeting == meeting and doc.size_label == "PDF 235 KB"
    assert [a.kind for a in meeting.attendance.order_by("kind")] == ["apologies", "present", "substitute"]
    assert declaration.people.count() == 2 and declaration.left_meeting


@pytest.mark.parametrize(
    "make",
    [
        lambda item: MinutePoint.objects.create(item=item, position=1, text="again"),
        lambda item: MinutePoint.objects.create(item=item, position=9, depth=4, text="too deep"),
        lambda item: AgendaItem.objects.create(meeting=item.meeting, position=item.position),
        lambda item: AgendaItem.objects.create(meeting=item.meeting, is_exempt=True, exempt_summary=""),
        lambda item: Attendance.objects.create(meeting=item.meeting, name=""),
        lambda item: Attendance.objects.create(
            meeting=item.meeting, kind="present", name="X", substitute_for=Person.objects.create(name="Y")
        ),
        lambda item: Membership.objects.create(
            panel=item.meeting.panel, person=Person.objects.create(name="Z"),
            start_date="2025-05-01", end_date="2024-05-01",
        ),
        lambda item: Panel.objects.create(name="Dup", slug=item.meeting.panel.slug, host_authority="x"),
    ],
    ids=["point-position", "depth", "item-position", "exempt-summary", "attendance-name", "substitute",
         "membership-dates", "panel-slug"],
)  # fmt: skip
def test_constraints_refuse_bad_data(meeting, make):
    item = AgendaItem.objects.create(meeting=meeting, title="x")
    MinutePoint.objects.create(item=item, position=1, text="first")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(item)


def test_validation_names_the_field(meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="x")
    MinutePoint.objects.create(item=item, position=1, text="first")
    clash = Question(item=item, position=1, text="?")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "position" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Resolution(item=item, position=2, text="t", vote_detail={"for": "everyone"}).full_clean()
    assert "vote_detail" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        AgendaItem(meeting=meeting, position=5, is_exempt=True).full_clean()
    assert "exempt_summary" in error.value.message_dict


def test_positions_fill_in_when_left_blank(meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="first")
    second = AgendaItem.objects.create(meeting=meeting, title="second")
    assert (item.position, second.position) == (1, 2)
    point = MinutePoint.objects.create(item=item, text="a")
    question = Question.objects.create(item=item, text="b")
    assert (point.position, question.position) == (1, 2)


def test_item_numbers_run_on_across_meetings(meeting):
    AgendaItem.objects.create(meeting=meeting, number="61", title="a")
    AgendaItem.objects.create(meeting=meeting, number="62", title="b")
    later = Meeting.objects.create(panel=meeting.panel, date="2026-06-01")
    assert later.next_item_number() == "63"


def test_every_model_has_a_readable_str(seed_item):
    for obj in [seed_item, seed_item.meeting, seed_item.meeting.panel, *seed_item.content()]:
        assert str(obj).strip()
