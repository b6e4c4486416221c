"""The shared examples, entered as records, render with every label and paragraph in order."""

import pytest

from minutes.models import Meeting
from minutes.output.rendering import item_text
from tests import records
from tests.text import assert_in_order, normalise, page_lines, published_lines

pytestmark = pytest.mark.django_db


def example(name):
    return published_lines((records.EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def special(db):
    return Meeting.objects.create(
        panel=records.wealdshire_panel(), date="2026-02-03", status=Meeting.Status.APPROVED, special_name="Budget"
    )


def test_meeting_plain_text_equals_the_example(client, wealdshire):
    response = client.get(f"/meetings/{wealdshire.pk}/minutes.txt")
    assert response.status_code == 200
    assert published_lines(response.content.decode()) == example("meeting-wealdshire-2026-03-04.txt")


def test_meeting_page_has_every_example_paragraph_in_order(client, wealdshire):
    html = client.get(wealdshire.get_absolute_url()).content.decode()
    expected = [
        line
        for line in example("meeting-wealdshire-2026-03-04.txt")
        # The page shows venue, contact and media as labelled details and document sizes beside titles.
        if not line.startswith(("Venue:", "Contact:", "Media", "Items", "No. Item", "Additional documents:"))
        and "pdf icon" not in line
        # Item numbers stand beside the title in its heading.
        and not line[:-1].isdigit()
    ]
    assert_in_order(expected, page_lines(html))
    assert '<span class="item-number">57.</span>' in html
    assert "Wealdshire Police and Crime Panel - Wednesday, 4th March, 2026 10.00 am" in html
    assert "PDF 204 KB" in html


@pytest.mark.parametrize(
    ("builder", "filename"),
    [
        (records.build_nested_example, "item-nested-points-and-clauses.txt"),
        (records.build_questions_example, "item-questions-to-commissioner.txt"),
    ],
)
def test_item_examples_round_trip_as_text_and_html(client, special, builder, filename):
    item = builder(special)
    assert published_lines(item_text(item)) == example(filename)
    assert_in_order(example(filename), page_lines(client.get(item.get_absolute_url()).content.decode()))


def test_labels_are_kept_as_written(client, special):
    item = records.build_nested_example(special)
    html = client.get(item.get_absolute_url()).content.decode()
    for label in ("2.", "a)", "b)", "c)", "(a)", "(b)", "·"):
        assert f'<span class="label">{label}</span>' in html
    # Plain numbers get a value; letters keep their label without one.
    assert '<li value="2"' in html and '<li value="3"' in html
    assert "Custody suites</h3>" in html


def test_question_item_renders_heading_attribution_and_answers(client, special):
    item = records.build_questions_example(special)
    lines = [normalise(line) for line in page_lines(client.get(item.get_absolute_url()).content.decode())]
    assert "Question 1:" in lines
    assert "(Cllr Nadia Fenwick – Millbrook District Council)" in lines
    assert lines.index("Question 1:") < lines.index("Question 2")
