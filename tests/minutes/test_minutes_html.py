"""The minutes body of the item and meeting pages, built in Python from the shared walk (minutes/output/html.py):
exact markup for every block shape, heading levels, and escaping of everything a clerk typed."""

import pytest

from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from minutes.output.html import minutes_html
from minutes.output.rendering import list_events, walk
from tests import records

pytestmark = pytest.mark.django_db


def body(item, heading_level=4):
    item = AgendaItem.objects.with_content().get(pk=item.pk)
    return minutes_html(list_events(walk(item)), heading_level)


@pytest.fixture
def item():
    meeting = Meeting.objects.create(
        panel=records.wealdshire_panel(), date="2026-03-04", status=Meeting.Status.APPROVED
    )
    return AgendaItem.objects.create(meeting=meeting, position=1, number="7", title="Budget")


def test_every_block_shape_in_published_order(item):
    point = MinutePoint.objects.create(item=item, position=1, label="1.", text="First.\n\nSecond paragraph.")
    heading = MinutePoint.objects.create(item=item, position=2, kind="heading", text="Finance")
    question = Question.objects.create(
        item=item, position=3, depth=1, label="·", heading="Question 1:", text="Why?", asked_by_text="Cllr A Birch",
        response="(a) Because.\n\n(b) And so.",
    )  # fmt: skip
    resolution = Resolution.objects.create(
        item=item,
        position=4,
        label="2.",
        lead_in="RESOLVED",
        text="that the report be noted",
        clauses="Kept under review.",
    )
    bare = Resolution.objects.create(item=item, position=5, lead_in="UNANIMOUSLY RESOLVED")
    assert body(item) == (
        f'<ol class="points"><li value="1" id="point-{point.pk}"><span class="label">1.</span><div class="content">'
        "<p>First.</p><p>Second paragraph.</p></div>\n\n"
        f'</li>\n</ol><div class="block" id="point-{heading.pk}"><div class="content">'
        '<h4 class="minutes-heading">Finance</h4></div>\n</div>\n'
        f'<ul class="points"><li class="opens-heading" id="question-{question.pk}"><span class="label">·</span>'
        '<div class="content">'
        '<h4 class="question-heading">Question 1:</h4><p class="question">Why?</p>'
        '<p class="attribution">Cllr A Birch</p><ol class="points"><li><span class="label">(a)</span>'
        '<div class="content"><p>Because.</p></div></li><li><span class="label">(b)</span><div class="content">'
        "<p>And so.</p></div></li></ol>\n</div>\n\n</li>\n</ul>"
        f'<ol class="points"><li value="2" id="resolution-{resolution.pk}"><span class="label">2.</span>'
        '<div class="content"><p class="resolution"><strong>RESOLVED</strong> that the report be noted</p>'
        "<p>Kept under review.</p>\n</div>\n\n</li>\n</ol>"
        f'<div class="block" id="resolution-{bare.pk}"><div class="content"><p class="resolution">'
        "<strong>UNANIMOUSLY RESOLVED</strong></p>\n</div>\n</div>\n\n"
    )


def test_heading_level_follows_the_page(item, client):
    MinutePoint.objects.create(item=item, position=1, kind="heading", text="Finance")
    assert '<h3 class="minutes-heading">Finance</h3>' in body(item, 3)
    assert '<h3 class="minutes-heading">Finance</h3>' in client.get(item.get_absolute_url()).content.decode()
    assert '<h4 class="minutes-heading">Finance</h4>' in client.get(item.meeting.get_absolute_url()).content.decode()


def test_inline_response_stays_in_the_question_paragraph(item):
    Question.objects.create(
        item=item, position=1, label="·", text="Is it done?", response="Yes, in May.", response_inline=True
    )
    html = body(item)
    assert '<p class="question">Is it done? <span class="response">Yes, in May.</span></p>' in html
    assert '<ol class="points"><li><span class="label">' not in html


def test_exempt_item_shows_only_its_summary(item):
    MinutePoint.objects.create(item=item, position=1, text="Confidential figures.")
    AgendaItem.objects.filter(pk=item.pk).update(is_exempt=True, exempt_summary="The Panel noted a private report.")
    html = body(item)
    assert html == (
        f'<div class="block" id="item-{item.pk}-summary"><div class="content">'
        '<p class="summary">The Panel noted a private report.</p></div>\n</div>\n\n'
    )


def test_everything_typed_is_escaped(item):
    attack = "<script>alert('x')</script> & \"quoted\""
    MinutePoint.objects.create(item=item, position=1, kind="heading", text=attack)
    Question.objects.create(
        item=item, position=2, heading=attack, text=attack, asked_by_text=attack, response=f"1. {attack}"
    )
    Resolution.objects.create(item=item, position=3, lead_in=attack, text=attack, clauses=attack)
    html = body(item)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;") == 8


def test_a_labelled_block_opening_with_a_heading_is_marked_for_print(item):
    """Print sets the label on the heading's line, bold for a sub-heading (print-minutes.css), by these classes."""
    heading = MinutePoint.objects.create(item=item, position=1, kind="heading", label="2.", text="Estates")
    question = Question.objects.create(item=item, position=2, label="3.", heading="Question 1:", text="Why?")
    plain = Question.objects.create(item=item, position=3, label="4.", text="And why not?")
    html = body(item)
    assert f'<li value="2" class="opens-heading sub-heading" id="point-{heading.pk}">' in html
    assert f'<li value="3" class="opens-heading" id="question-{question.pk}">' in html
    assert f'<li value="4" id="question-{plain.pk}">' in html
