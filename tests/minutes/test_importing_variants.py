"""One small text per shape in reference/layout-variants.md, read by the importer."""

import datetime
import re

import pytest

from minutes.importer.reader import (
    ParsedPoint,
    ParsedQuestion,
    ParsedResolution,
    UnrecognisedText,
    parse_minutes,
)
from minutes.importer.save import save_minutes
from minutes.models import Meeting
from minutes.output.rendering import item_text, meeting_text
from panels.models import Panel
from tests import records

NB = "\u00a0"


def page(*paragraphs):
    return "\n\n".join(paragraphs) + "\n"


def item_page(*body, title="Budget Monitoring"):
    return page("Agenda item", title, "Minutes:", *body, "Supporting documents:")


def blocks(*body):
    (item,) = parse_minutes(item_page(*body)).items
    return item.blocks


def shape(block):
    return (type(block).__name__.removeprefix("Parsed"), block.depth, block.label)


def meeting_page(header, *items):
    return page("Agenda and minutes", header, "Items\nNo. Item", *items)


ONE_ITEM = ("19.", "Minutes of the last meeting", "Additional documents:", "Minutes:", "RESOLVED that they be signed.")


# Meeting header.


@pytest.mark.parametrize(
    ("title", "special", "panel", "sub", "date", "time"),
    [
        ("Kent Panel - Wednesday, 16th July, 2025 2.00 pm", "", "Kent Panel", "", (2025, 7, 16), (14, 0)),
        ("Kent Panel - Tuesday, 1st April, 2025 10.00 am", "", "Kent Panel", "", (2025, 4, 1), (10, 0)),
        (
            "Draft Plan and Precept Proposal, Kent Panel - Tuesday, 6th February, 2024 10.00 am",
            "Draft Plan and Precept Proposal",
            "Kent Panel",
            "",
            (2024, 2, 6),
            (10, 0),
        ),
        (
            "Kent Panel - Complaints Sub-Committee - Thursday, 19th January, 2023 2.30 pm",
            "",
            "Kent Panel",
            "Complaints Sub-Committee",
            (2023, 1, 19),
            (14, 30),
        ),
        ("Kent Panel\nThursday, 29th November, 2012 12.00 pm", "", "Kent Panel", "", (2012, 11, 29), (12, 0)),
        ("Kent Panel\n\nThursday, 22nd November, 2012", "", "Kent Panel", "", (2012, 11, 22), None),
    ],
)
def test_title_line_forms(title, special, panel, sub, date, time):
    parsed = parse_minutes(meeting_page(title, *ONE_ITEM))
    header = parsed.header
    assert (header.special_name, header.panel_name, header.sub_committee) == (special, panel, sub)
    assert header.date == datetime.date(*date)
    assert header.start_time == (datetime.time(*time) if time else None)
    assert [i.number for i in parsed.items] == ["19"]


@pytest.mark.parametrize(
    ("heading", "status"),
    [("Agenda", "agenda"), ("Agenda and draft minutes", "draft_minutes"), ("Agenda and minutes", "approved")],
)
def test_status_headings(heading, status):
    parsed = parse_minutes(page(heading, "Kent Panel - Wednesday, 16th July, 2025 2.00 pm", *ONE_ITEM))
    assert (parsed.header.status_heading, parsed.header.status) == (heading, status)


@pytest.mark.parametrize(
    ("line", "venue", "directions"),
    [
        ("Venue: Council Chamber, Sessions House, County Hall, Maidstone. View directions", None, True),
        ("Venue: Darent Room, Sessions House", "Darent Room, Sessions House", False),
        ("Venue: Online", "Online", False),
    ],
)
def test_venues(line, venue, directions):
    header = parse_minutes(meeting_page("Kent Panel - Wednesday, 16th July, 2025 2.00 pm\n\n" + line, *ONE_ITEM)).header
    assert header.venue == (venue or "Council Chamber, Sessions House, County Hall, Maidstone.")
    assert header.has_directions is directions


def test_venue_missing_and_contact_forms_note_and_media():
    header = parse_minutes(
        meeting_page(
            "Kent Panel - Wednesday, 16th July, 2025 2.00 pm\n\n"
            "Contact: Anna Taylor / Joel Cook 03000 416478 / 03000 416892\n\n"
            "Note: This meeting will be held remotely: https://example.invalid/live?id=123456789\n\nMedia",
            *ONE_ITEM,
        )
    ).header
    assert header.venue == "" and header.contact == "Anna Taylor / Joel Cook 03000 416478 / 03000 416892"
    assert header.note.startswith("This meeting will be held remotely") and header.has_media


def test_unknown_header_lines_are_kept_in_the_note_with_a_warning():
    parsed = parse_minutes(meeting_page("Kent Panel - Wednesday, 16th July, 2025 2.00 pm\n\nWebcast only", *ONE_ITEM))
    assert parsed.header.note == "Webcast only" and parsed.warnings[0].line == 5


# Items.


def test_numbers_codes_title_documents_and_suffixes():
    parsed = parse_minutes(
        meeting_page(
            "Kent Panel - Wednesday, 16th July, 2025 2.00 pm",
            "261.",
            "Election of Chairman (Item A1)",
            "Minutes:",
            "Mr Hill was elected.",
            "262.",
            "Commissioner's Response to HMICFRS - to follow pdf icon PDF 235 KB",
            "Additional documents:",
            "Appendix A pdf icon PDF 1.2 MB",
            "Minutes:",
            "RESOLVED to note the report.",
        )
    )
    election, report = parsed.items
    assert (election.number, election.agenda_code, election.kind) == ("261", "A1", "election")
    assert report.title == "Commissioner's Response to HMICFRS - to follow"
    title_doc, appendix = report.documents
    assert (title_doc.is_additional, title_doc.size_bytes) == (False, 235 * 1024)
    assert (appendix.title, appendix.is_additional, appendix.kind) == ("Appendix A", True, "appendix")


def test_description_only_item_and_a_listed_description():
    parsed = parse_minutes(
        meeting_page(
            "Kent Panel - Wednesday, 16th July, 2025 2.00 pm",
            "20.",
            "Meeting dates for 2026",
            "2026",
            "Tuesday 3 February",
            "Tuesday 9 June",
            "Additional documents:",
            "Minutes:",
            "RESOLVED that the dates be noted.",
        )
    )
    (item,) = parsed.items
    assert item.title == "Meeting dates for 2026"
    assert item.description == "2026\n\nTuesday 3 February\n\nTuesday 9 June"


def test_labels_present_empty_or_absent():
    parsed = parse_minutes(
        meeting_page(
            "Kent Panel - Wednesday, 16th July, 2025 2.00 pm",
            "21.",
            "Apologies",
            "Additional documents:",
            "Minutes:",
            "None.",
            "22.",
            "Declarations",
            "Minutes:",
            "No declarations were made.",
            "23.",
            "Work Programme",
            "RESOLVED that the work programme be noted.",
        )
    )
    flags = [(i.show_documents_label, i.show_minutes_label) for i in parsed.items]
    assert flags == [(True, True), (False, True), (False, False)]
    assert isinstance(parsed.items[2].blocks[0], ParsedResolution)


# Minute text.


@pytest.mark.parametrize("labels", [("1.", "2."), ("(1)", "(2)"), ("1)", "2)")])
def test_numbering_styles(labels):
    found = blocks(*(f"{label}{NB} {NB} The point." for label in labels))
    assert [shape(b) for b in found] == [("Point", 0, labels[0]), ("Point", 0, labels[1])]


def test_plain_prose_and_unnumbered_first_paragraph():
    found = blocks("The report was introduced.", "2.    Members discussed it.", "3.    Members agreed.")
    assert [shape(b) for b in found] == [("Point", 0, ""), ("Point", 0, "2."), ("Point", 0, "3.")]


def test_three_levels_of_mixed_styles_and_prose_between():
    found = blocks(
        "1.    Top.",
        "(a)    Letter.",
        "(i)    Numeral.",
        "(ii)    Numeral.",
        "(b)    Letter.",
        "-    dash bullet",
        "The Chair summed up.",
        "2.    Top again.",
        "a.    Letter.",
        "1.    Third level number.",
        "b.    Letter.",
        "3.    Top.",
    )
    assert [(b.depth, b.label) for b in found] == [
        (0, "1."),
        (1, "(a)"),
        (2, "(i)"),
        (2, "(ii)"),
        (1, "(b)"),
        (2, "-"),
        (0, ""),
        (0, "2."),
        (1, "a."),
        (2, "1."),
        (1, "b."),
        (0, "3."),
    ]


def test_letter_i_after_h_is_a_letter():
    found = blocks("(g)    g.", "(h)    h.", "(i)    i.", "(j)    j.")
    assert {b.depth for b in found} == {0}


def test_sub_headings_notes_and_attendance():
    found = blocks(
        "1.    The Chair opened the item.",
        "Capital programme",
        "2.    Spending was on budget.",
        "POST MEETING NOTE: the figures were confirmed.",
        "3.    Mr Scott (Chief Constable) was in attendance for this item.",
        "POST MEETING NOTE:",
        "The report has been published.",
    )
    assert [(getattr(b, "kind", ""), b.label) for b in found] == [
        ("paragraph", "1."),
        ("heading", ""),
        ("paragraph", "2."),
        ("note", ""),
        ("attendance", "3."),
        ("note", ""),
    ]
    assert found[-1].text == "POST MEETING NOTE:\n\nThe report has been published."


def test_bullet_lists_that_are_not_questions():
    found = blocks("1.    Apologies were received from:", "·    Cllr A Birch", "·    Cllr Todd; and", "2.    Done.")
    assert [shape(b) for b in found] == [("Point", 0, "1."), ("Point", 1, "·"), ("Point", 1, "·"), ("Point", 0, "2.")]


def test_a_list_of_short_lines_is_not_headings():
    found = blocks("Apologies:", "Cllr Harriet Vane", "Cllr Owen Price", "Mr J Moreland")
    assert {getattr(b, "kind", "") for b in found} == {"paragraph"}


# Questions.


def test_bullet_questions_under_an_introducing_point():
    found = blocks(
        "5.    Key issues raised by the Panel and responded to by the Commissioner included the following:",
        "·         Whether the survey was reliable. The Commissioner said it was.",
        "·         How rural areas were covered? He said by the new team.",
        "6.    The Chair thanked him.",
    )
    questions = [b for b in found if isinstance(b, ParsedQuestion)]
    assert [(q.text, q.response, q.introduced_by is found[0]) for q in questions] == [
        ("Whether the survey was reliable.", "The Commissioner said it was.", True),
        ("How rural areas were covered?", "He said by the new team.", True),
    ]
    assert isinstance(found[-1], ParsedPoint)


def test_lettered_questions_under_an_introducing_point():
    found = blocks(
        "3.    Members asked questions, and the issues raised included the following:",
        "a)    Whether the budget was enough. The Commissioner agreed it was tight.",
    )
    assert isinstance(found[1], ParsedQuestion) and found[1].response_inline


def test_question_blocks_with_typo_heading_and_footnote():
    found = blocks(
        "Questions 2",
        "Why did response times rise[1]?",
        "(Cllr Mike Blakemore – Maidstone Borough Council)",
        "1.    The Commissioner explained the causes.",
        "2.    He would report back.",
    )
    (question,) = found
    assert (question.heading, question.asked_by_text) == (
        "Questions 2",
        "(Cllr Mike Blakemore – Maidstone Borough Council)",
    )
    assert question.response == "1.    The Commissioner explained the causes.\n\n2.    He would report back."


def test_older_named_question_form():
    found = blocks("1.    Mr Hill: Would the Commissioner publish the figures?", "The Commissioner said he would.")
    (question,) = found
    assert (question.label, question.text, question.response) == (
        "1.",
        "Mr Hill: Would the Commissioner publish the figures?",
        "The Commissioner said he would.",
    )


def test_qa_in_ordinary_points_stays_points():
    found = blocks("2.    Cllr Amis asked whether calls were answered. The Commissioner replied they were.")
    assert isinstance(found[0], ParsedPoint)


# Decisions.


@pytest.mark.parametrize(
    ("text", "label", "lead", "rest"),
    [
        ("RESOLVED that the report be noted.", "", "RESOLVED", "that the report be noted."),
        ("RESOLVED: That the report be noted.", "", "RESOLVED:", "That the report be noted."),
        ("RESOLVED: To approve the plan", "", "RESOLVED:", "To approve the plan"),
        ("RESOLVED to note the report.", "", "RESOLVED", "to note the report."),
        ("RESOLVED Members agreed that the Chair write.", "", "RESOLVED", "Members agreed that the Chair write."),
        ("(4)    RESOLVED that the minutes be signed.", "(4)", "RESOLVED", "that the minutes be signed."),
        (
            "UNANIMOUSLY RESOLVED that the precept be supported",
            "",
            "UNANIMOUSLY RESOLVED",
            "that the precept be supported",
        ),
        (
            "The Committee resolved that the item be deferred.",
            "",
            "",
            "The Committee resolved that the item be deferred.",
        ),
        (
            "RESOLVED that, subject to the above amendment, the minutes be signed and that the Commissioner provide "
            "an update.",
            "",
            "RESOLVED",
            "that, subject to the above amendment, the minutes be signed and that the Commissioner provide an update.",
        ),
    ],
)
def test_resolution_forms(text, label, lead, rest):
    (resolution,) = [b for b in blocks(text) if isinstance(b, ParsedResolution)]
    assert (resolution.label, resolution.lead_in, resolution.text) == (label, lead, rest)


def test_unanimous_outcome_and_lettered_clauses_and_resolution_first():
    found = blocks(
        "UNANIMOUSLY RESOLVED that the Panel:",
        "(a)    note the report;",
        "(b)    ask for an update; and",
        "(c)    thank the officers.",
        "1.    Discussion followed the decision.",
    )
    resolution, point = found
    assert resolution.outcome == "unanimous" and resolution.clauses.count("\n\n") == 2
    assert isinstance(point, ParsedPoint) and point.label == "1."


def test_plain_vote_counts_and_a_prose_vote():
    found = blocks(
        "1.    A vote was taken: 8 for, 3 against and 2 abstentions.", "RESOLVED that the motion was carried."
    )
    assert (found[1].votes_for, found[1].votes_against, found[1].abstentions, found[1].outcome) == (8, 3, 2, "carried")
    (without,) = blocks("RESOLVED that Cllr Gough be elected. Agreed without a vote.")
    assert without.outcome == "without_vote" and without.votes_for is None


# Copies of pages.


def test_nbsp_lines_hard_wraps_and_a_lone_label():
    text = item_page(
        f"1.{NB} {NB} The Commissioner\nspoke about the plan\nat length.", NB, "2.\nHe answered.", "3.", "It ended."
    )
    found = parse_minutes(text).items[0].blocks
    assert [(b.label, b.text) for b in found] == [
        ("1.", "The Commissioner spoke about the plan at length."),
        ("2.", "He answered."),
        ("3.", "It ended."),
    ]


def test_a_paragraph_break_inside_a_sentence_even_in_a_resolution():
    found = blocks(
        "1.    The Commissioner said that the", "team was formed.", "RESOLVED that the Panel", "note the report."
    )
    assert [b.text for b in found] == [
        "The Commissioner said that the team was formed.",
        "that the Panel note the report.",
    ]


def test_table_capture_is_split_into_paragraphs():
    text = page(
        "Agenda and minutes",
        "Kent Panel - Wednesday, 16th July, 2025 2.00 pm",
        "57. | Apologies and Substitutes | Additional documents: | Minutes: | Apologies were received from: "
        "· Cllr Harriet Vane · Cllr Owen Price",
    )
    parsed = parse_minutes(text)
    (item,) = parsed.items
    assert (item.number, item.title) == ("57", "Apologies and Substitutes")
    assert [b.text for b in item.blocks] == ["Apologies were received from:", "Cllr Harriet Vane", "Cllr Owen Price"]
    assert any("table" in n.message for n in parsed.notices)


def test_error_banner_and_no_header():
    parsed = parse_minutes(
        page("This is a default template for the site. An error occurred.", "58.", "Declarations", "Minutes:", "None.")
    )
    assert parsed.kind == "meeting" and parsed.header is None and parsed.items[0].title == "Declarations"
    assert parsed.notices[0].line == 1 and "banner" in parsed.notices[0].message


def test_typos_are_kept():
    found = blocks("1.    The cost was 72 ,000 pounds.", "Questions 2", "Why?", "(Cllr A – B Council)", "An answer.")
    assert found[0].text == "The cost was 72 ,000 pounds." and found[1].heading == "Questions 2"


def test_nothing_recognisable_is_refused():
    with pytest.raises(UnrecognisedText):
        parse_minutes("a shopping list\n\neggs\n\nmilk")
    with pytest.raises(UnrecognisedText):
        parse_minutes(f" \n{NB}\n")


# The record holds every shape: save and render back, words in order.


@pytest.mark.django_db
def test_sub_committee_special_meeting_round_trip():
    parent = Panel.objects.create(name="Kent Panel", slug="kent", host_authority="Kent County Council")
    Panel.objects.create(name="Complaints Sub-Committee", slug="complaints", host_authority="Kent", parent=parent)
    text = page(
        "Agenda and draft minutes",
        "Budget Review, Kent Panel - Complaints Sub-Committee - Thursday, 19th January, 2023 2.30 pm",
        "Venue: Online",
        "Contact: Anna Taylor 03000 416478",
        "Items\nNo. Item",
        "4.",
        "Complaint against the Commissioner (Item B1) pdf icon PDF 96 KB",
        "Additional documents:",
        "Appendix 1 PDF 12 KB",
        "Minutes:",
        "(1)    Mr Scott (Chief Executive) was in attendance for this item.",
        "(2)    RESOLVED that:",
        "(a)    the complaint be resolved informally; and",
        "(b)    the Commissioner apologise.",
    )
    parsed = parse_minutes(text)
    report = save_minutes(parsed)
    meeting = report.meeting
    assert meeting.special_name == "Budget Review" and meeting.panel.slug == "complaints"
    assert meeting.status == Meeting.Status.DRAFT
    meeting.status = parsed.header.status
    rendered = meeting_text(meeting, meeting.items.with_content(), public=False)
    assert " ".join(rendered.split()) == " ".join(text.split())


@pytest.mark.django_db
def test_item_without_minutes_label_round_trip():
    meeting = Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2019, 1, 1))
    text = page(
        "Agenda item",
        "Election of Chairman",
        "Cllr Gough was proposed by Cllr Hill.",
        "No other nominations were received.",
        "RESOLVED that Cllr Gough be elected Chairman.",
        "Supporting documents:",
        "Report PDF 20 KB",
    )
    (item,) = save_minutes(parse_minutes(text), meeting=meeting).created_items
    item = meeting.items.with_content().get(pk=item.pk)
    assert not item.show_minutes_label
    assert re.sub(r"\s+", " ", item_text(item, public=False)).strip() == re.sub(r"\s+", " ", text).strip()
