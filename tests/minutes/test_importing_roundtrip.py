"""The reference pages, imported and rendered again, give back their own text (whitespace aside)."""

import datetime
import re

import pytest

from minutes.importer.reader import ParsedQuestion, parse_minutes
from minutes.importer.save import save_minutes
from minutes.models import Meeting, Question, Resolution
from minutes.output.rendering import item_text, meeting_text
from tests import records

pytestmark = pytest.mark.django_db


def published(text):
    """Paragraphs with their whitespace normalised; lines holding only a non-breaking space dropped."""
    return [" ".join(p.split()) for p in re.split(r"\n[ \t\u00a0]*\n", text) if p.split()]


def read(path):
    return path.read_text(encoding="utf-8")


@pytest.fixture
def kent_meeting(db):
    return Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2020, 7, 14))


def import_item(path, meeting):
    report = save_minutes(parse_minutes(read(path)), meeting=meeting)
    (item,) = report.created_items
    return meeting.items.with_content().get(pk=item.pk)


def test_seed_round_trip(kent_meeting):
    item = import_item(records.SEED_PATH, kent_meeting)
    assert published(item_text(item, public=False)) == published(read(records.SEED_PATH))


def test_seed_is_stored_as_records_py_enters_it(kent_meeting):
    item = import_item(records.SEED_PATH, kent_meeting)
    blocks = item.content()
    assert [b.label for b in blocks[:5]] == ["1.", "2.", "3.", "4.", "5."]
    questions = list(item.questions.order_by("position"))
    assert len(questions) == 4
    assert {(q.depth, q.label, q.response_inline, q.introduced_by.label) for q in questions} == {(1, "·", True, "5.")}
    assert questions[0].text.endswith("low victim satisfaction rates.")
    assert questions[0].response.startswith("The Commissioner noted")
    (resolution,) = item.resolutions.all()
    assert (resolution.lead_in, resolution.position) == ("RESOLVED", 10)
    assert kent_meeting.status == Meeting.Status.DRAFT


@pytest.mark.parametrize("name", ["item-nested-points-and-clauses.txt", "item-questions-to-commissioner.txt"])
def test_item_examples_round_trip(kent_meeting, name):
    item = import_item(records.EXAMPLES / name, kent_meeting)
    assert published(item_text(item, public=False)) == published(read(records.EXAMPLES / name))


def test_nested_example_structure(kent_meeting):
    item = import_item(records.EXAMPLES / "item-nested-points-and-clauses.txt", kent_meeting)
    rows = [(b.depth, b.label, getattr(b, "kind", "")) for b in item.content()]
    assert rows[:8] == [
        (0, "", "paragraph"),
        (0, "2.", "paragraph"),
        (1, "a)", "paragraph"),
        (1, "b)", "paragraph"),
        (2, "·", "paragraph"),
        (2, "·", "paragraph"),
        (1, "c)", "paragraph"),
        (0, "", "heading"),
    ]
    resolution = Resolution.objects.get(item=item)
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (9, 4, 2)
    assert resolution.outcome == "carried"
    assert resolution.clauses.startswith("(a)") and "\n\n(b)" in resolution.clauses


def test_questions_example_structure(kent_meeting):
    item = import_item(records.EXAMPLES / "item-questions-to-commissioner.txt", kent_meeting)
    first, second = Question.objects.filter(item=item).order_by("position")
    assert first.heading == "Question 1:" and second.heading == "Question 2"
    assert first.asked_by_text == "(Cllr Nadia Fenwick – Millbrook District Council)"
    assert second.text.count("\n\n") == 1 and "[1]" in second.text
    assert first.response.startswith("1.") and second.response.startswith("a.")


def test_meeting_example_round_trip(db):
    path = records.EXAMPLES / "meeting-wealdshire-2026-03-04.txt"
    # The clerk made the meeting with the links a copied page cannot carry (directions, webcast).
    meeting = Meeting.objects.create(
        panel=records.wealdshire_panel(),
        date=datetime.date(2026, 3, 4),
        start_time=datetime.time(10, 0),
        venue_directions_url="https://wealdshire.example/directions",
        media_url="https://wealdshire.example/webcast",
    )
    parsed = parse_minutes(read(path))
    report = save_minutes(parsed, meeting=meeting)
    assert len(report.created_items) == 6 and not report.changes
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.venue == "Committee Room 2, Shire Hall, Ashbury."
    # Rendered as it will read once published ('Agenda and minutes'), without saving that status.
    meeting.status = parsed.header.status
    items = meeting.items.with_content().order_by("position")
    assert published(meeting_text(meeting, items, public=False)) == published(read(path))


def test_meeting_example_makes_a_draft_meeting_from_its_header(db):
    panel = records.wealdshire_panel()
    parsed = parse_minutes(read(records.EXAMPLES / "meeting-wealdshire-2026-03-04.txt"))
    report = save_minutes(parsed)
    meeting = report.meeting
    assert report.created_meeting and meeting.panel == panel and meeting.status == Meeting.Status.DRAFT
    assert (meeting.date, meeting.start_time) == (datetime.date(2026, 3, 4), datetime.time(10, 0))
    assert [i.number for i in meeting.items.order_by("position")] == ["57", "58", "59", "60", "61", "62"]
    assert any("View directions" in note for note in report.notes)
    assert any("Media" in note for note in report.notes)
    rural = meeting.items.get(number="60")
    assert rural.documents.get().size_label == "PDF 344 KB"
    assert all(isinstance(b, ParsedQuestion) for b in parsed.items[3].blocks[3:5])


def test_reimport_adds_nothing_and_reports_differences(db):
    records.wealdshire_panel()
    text = read(records.EXAMPLES / "meeting-wealdshire-2026-03-04.txt")
    first = save_minutes(parse_minutes(text))
    counts = (first.meeting.items.count(), Question.objects.count(), Resolution.objects.count())
    again = save_minutes(parse_minutes(text))
    assert again.meeting == first.meeting and not again.created_items and not again.changes
    assert len(again.unchanged) == 6
    edited = save_minutes(parse_minutes(text.replace("within twenty.", "within thirty.")))
    assert not edited.created_items
    assert len(edited.changes) == 1 and edited.changes[0].startswith("item 61.")
    assert (first.meeting.items.count(), Question.objects.count(), Resolution.objects.count()) == counts
