"""One numbering rule on the meeting page, the item page, the plain text and the printed minutes: an item is headed
"<minute number>. <title> (Item <agenda code>)" from the record's own numbers, never from its position."""

import re

import pytest

from minutes.models import AgendaItem, Meeting
from minutes.output import pdf
from minutes.output.rendering import item_heading
from tests import records
from tests.text import normalise, page_lines

from .test_pdf_printed import body_text

pytestmark = pytest.mark.django_db


def item_headings_on_page(html):
    """The text of each item heading (<h3 id="item-…-title">) of a meeting page."""
    headings = re.findall(r'<h3 id="item-\d+-title">(.*?)</h3>', html, re.DOTALL)
    return [normalise(re.sub(r"<[^>]+>", "", h)) for h in headings]


def without_sizes(heading):
    return re.sub(r"\s*\(?PDF \d+ KB.*$", "", heading)


def meeting_items(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


def check_meeting(client, meeting, expected):
    assert [item_heading(item) for item in meeting_items(meeting)] == expected

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert [without_sizes(h) for h in item_headings_on_page(page)] == expected

    text = client.get(f"/meetings/{meeting.pk}/minutes.txt").content.decode()
    # The published plain text puts the number on its own line above the title (the "No. Item" table).
    lines = [line for line in text.split("\n\n")]
    for heading, item in zip(expected, meeting_items(meeting), strict=True):
        title_line = heading.removeprefix(f"{item.number}. ") if item.number else heading
        at = next(i for i, line in enumerate(lines) if line.split(" pdf icon ")[0] == title_line)
        if item.number:
            assert lines[at - 1] == f"{item.number}."
        else:
            assert not re.fullmatch(r"\d+\.", lines[at - 1])

    printed = body_text(pdf.render_meeting_pdf(Meeting.objects.for_meeting_page().get(pk=meeting.pk)), meeting)
    position = 0
    for heading in expected:
        found = printed.find(heading, position)
        assert found >= 0, f"{heading!r} not printed in order"
        position = found + len(heading)

    for item in meeting_items(meeting):
        html = client.get(item.get_absolute_url()).content.decode()
        assert page_lines(html, "h1") == [item_heading(item)]
        extract = body_text(pdf.render_item_pdf(AgendaItem.objects.for_item_page().get(pk=item.pk)), meeting)
        assert item_heading(item) in extract
    return printed


def test_the_seed_item_has_no_number_anywhere(client):
    seed = records.build_seed()
    printed = check_meeting(client, seed.meeting, ["Victim Satisfaction Update"])
    # Its position (1) is not a minute number.
    assert "1. Victim Satisfaction Update" not in printed
    page = client.get(seed.get_absolute_url()).content.decode()
    assert 'class="item-number"' not in page


def test_wealdshire_items_carry_their_minute_numbers(client):
    meeting = records.build_wealdshire_meeting()
    AgendaItem.objects.filter(meeting=meeting, number="60").update(agenda_code="A4")
    printed = check_meeting(
        client,
        meeting,
        [
            "57. Apologies and Substitutes",
            "58. Declarations of Interests by Members in Items on the Agenda for this Meeting",
            "59. Minutes of the Police and Crime Panel held on 26 November 2025",
            "60. Rural Crime Strategy (Item A4)",
            "61. Police and Crime Plan Progress - oral update",
            "62. Work Programme",
        ],
    )
    # Not the item's place on the agenda, and not the minute number passed off as an agenda reference.
    assert "1. Apologies and Substitutes" not in printed
    assert "(Item 57)" not in printed


def test_the_special_meetings_unnumbered_items_stay_unnumbered(client):
    _, _, special = records.build_all()
    printed = check_meeting(client, special, ["Estates Strategy 2026-2030", "Questions to the Commissioner"])
    assert "1. Estates Strategy" not in printed and "2. Questions to the Commissioner" not in printed


def test_a_title_that_already_carries_its_agenda_code_is_not_given_it_twice(client):
    meeting = records.build_wealdshire_meeting()
    AgendaItem.objects.filter(meeting=meeting, number="62").update(title="Work Programme (Item D1)", agenda_code="D1")
    item = AgendaItem.objects.get(meeting=meeting, number="62")
    assert item_heading(item) == "62. Work Programme (Item D1)"
    check_meeting(client, meeting, [item_heading(i) for i in meeting_items(meeting)])


@pytest.mark.parametrize("url", ["/items/?panel=wealdshire-police-and-crime-panel", "/search/?q=crime"])
def test_the_lists_head_items_by_the_same_rule(client, url):
    meeting = records.build_wealdshire_meeting()
    AgendaItem.objects.filter(meeting=meeting, number="60").update(agenda_code="A4", number="60.")
    from minutes.search import refresh_search_document

    for item in AgendaItem.objects.all():
        refresh_search_document(item.pk)
    html = client.get(url).content.decode()
    assert ">60. Rural Crime Strategy (Item A4)</a>" in html
    assert "60.." not in html
