"""In the printed minutes a label hangs in the margin: the first line of a numbered or bulleted paragraph starts
exactly where the lines below it do, and the meeting's note (a placeholder date, say) is printed as on the page."""

import io
from collections import defaultdict

import pypdf
import pytest

from minutes.models import Meeting
from minutes.output import pdf
from tests import records

pytestmark = pytest.mark.django_db


def lines_with_x(data):
    """[(x, text)] of every run of text on every page, in the order drawn."""
    runs = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                runs.append((round(cm[4] + tm[4] * cm[0], 1), text))

        page.extract_text(visitor_text=visit)
    return runs


def paragraph_starts(runs, first_words, next_words):
    """The x of the first line of a paragraph (the run after its label) and of its second line."""
    first = next(x for x, text in runs if text.startswith(first_words))
    second = next(x for x, text in runs if text.startswith(next_words))
    return first, second


def render(meeting):
    return pdf.render_meeting_pdf(Meeting.objects.for_meeting_page().get(pk=meeting.pk))


def test_numbered_and_bulleted_paragraphs_start_flush_with_their_second_line():
    seed = records.build_seed()
    runs = lines_with_x(render(seed.meeting))
    # Point 1 and the first '·' bullet of the seed, each wrapping onto a second line.
    for first_words, next_words in [
        ("The Commissioner began his Victim", "within the sphere of victim satisfaction"),
        ("Whether the Commissioner had been satisfied", "low victim satisfaction rates"),
    ]:
        first, second = paragraph_starts(runs, first_words, next_words)
        assert first == second, (first_words, first, second)
    # The labels themselves hang to the left of the text they label.
    label_x = defaultdict(set)
    for x, text in runs:
        if text.strip() in {"1.", "2.", "·"}:
            label_x[text.strip()].add(x)
    assert max(label_x["1."]) < paragraph_starts(runs, "The Commissioner began", "within the sphere")[0]


def test_the_meetings_note_is_printed_like_the_page_says_it():
    seed = records.build_seed()
    text = " ".join(text for _, text in lines_with_x(render(seed.meeting)))
    assert "this meeting's date is a placeholder" in " ".join(text.split())
    seed.meeting.note = ""
    seed.meeting.save()
    text = " ".join(text for _, text in lines_with_x(render(seed.meeting)))
    assert "placeholder" not in text and "Note:" not in text


def test_a_label_before_a_heading_hangs_on_the_headings_line():
    """The pages' markup puts a label before its block's first element; print sets it on that line, a heading too."""
    from minutes.models import AgendaItem, MinutePoint, Question

    meeting = Meeting.objects.create(
        panel=records.wealdshire_panel(), date="2026-03-04", status=Meeting.Status.APPROVED
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, number="7", title="Budget")
    MinutePoint.objects.create(item=item, position=1, label="1.", text="First point.")
    MinutePoint.objects.create(item=item, position=2, kind="heading", label="2.", text="Estates heading")
    Question.objects.create(item=item, position=3, label="3.", heading="Question 1:", text="Why so?", response="No.")
    runs = []
    for page in pypdf.PdfReader(io.BytesIO(render(meeting))).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                runs.append((round(cm[4] + tm[4] * cm[0], 1), round(cm[5] + tm[5] * cm[3], 1), text.strip()))

        page.extract_text(visitor_text=visit)
    where = {text: (x, y) for x, y, text in runs}
    assert [text for _, _, text in runs if text in {"2.", "Estates heading", "3.", "Question 1:", "Why so?"}] == [
        "2.", "Estates heading", "3.", "Question 1:", "Why so?",
    ]  # fmt: skip
    for label, heading in [("2.", "Estates heading"), ("3.", "Question 1:")]:
        assert where[label][1] == where[heading][1], (label, where[label], where[heading])
        assert where[label][0] < where[heading][0] == where["First point."][0]
