"""The reference minutes (the seed item and the shared examples) built as structured records.

Tests read them back through every renderer; `fixtures/demo.json` is made from them (see README)."""

import datetime
import re
from pathlib import Path

from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from panels.models import Panel

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED_PATH = SHARED / "reference" / "seed-agenda-item.txt"
EXAMPLES = SHARED / "examples"


def paragraphs_of(path):
    text = path.read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip() and p.strip() != "\u00a0"]


def split_label(paragraph):
    match = re.match(r"^(\d+\.|\(\d+\)|[a-z][.)]|\([a-z]\)|·)\s+(.*)$", paragraph, re.DOTALL)
    return (match[1], match[2]) if match else ("", paragraph)


def kent_panel():
    return Panel.objects.get_or_create(
        slug="kent-and-medway-police-and-crime-panel",
        defaults={
            "name": "Kent and Medway Police and Crime Panel",
            "short_name": "the Police and Crime Panel",
            "host_authority": "Kent County Council",
            "description": "Scrutinises the Kent Police and Crime Commissioner.",
        },
    )[0]


def wealdshire_panel():
    return Panel.objects.get_or_create(
        slug="wealdshire-police-and-crime-panel",
        defaults={
            "name": "Wealdshire Police and Crime Panel",
            "short_name": "the Panel",
            "host_authority": "Wealdshire County Council",
            "description": "An invented panel for demonstration: Wealdshire does not exist.",
            "contact": "Priya Olawale  Email: panel.clerk@wealdshire.example",
        },
    )[0]


def add_points(item, paras, start=1, depth=0):
    for offset, para in enumerate(paras):
        label, text = split_label(para)
        MinutePoint.objects.create(item=item, position=start + offset, depth=depth, label=label, text=text)


def build_seed(status=Meeting.Status.APPROVED, meeting=None):
    """The seed item exactly as published: five points, four question bullets under point 5, one resolution."""
    paras = paragraphs_of(SEED_PATH)
    assert paras[0] == "Agenda item" and paras[2] == "Minutes:" and paras[-1] == "Supporting documents:"
    body = paras[3:-1]
    meeting = meeting or Meeting.objects.create(
        panel=kent_panel(),
        date=datetime.date(2020, 7, 14),
        start_time=datetime.time(14, 0),
        status=status,
        note="Demonstration copy: the agenda item is reproduced as published; this meeting's date is a placeholder.",
    )
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title=paras[1], kind=AgendaItem.Kind.REPORT, show_documents_label=False
    )
    add_points(item, body[:5])
    intro = item.points.get(position=5)
    for n, para in enumerate(body[5:9], start=6):
        label, text = split_label(para)
        question, response = split_question(text)
        Question.objects.create(
            item=item,
            position=n,
            depth=1,
            label=label,
            introduced_by=intro,
            text=question,
            response=response,
            response_inline=True,
        )
    lead, rest = body[9].split(" ", 1)
    Resolution.objects.create(item=item, position=10, lead_in=lead, text=rest)
    return item


def approving_resolution(meeting, days=28):
    """A later meeting of the same panel, with its minutes-approval item resolving that `meeting`'s minutes be signed."""
    later = Meeting.objects.create(panel=meeting.panel, date=meeting.date + datetime.timedelta(days=days))
    item = AgendaItem.objects.create(
        meeting=later, position=1, title="Minutes of the last meeting", kind=AgendaItem.Kind.MINUTES_APPROVAL
    )
    return Resolution.objects.create(
        item=item, position=1, lead_in="RESOLVED", text="that the minutes be approved as a correct record."
    )


def split_question(text):
    """'Whether … rates. The Commissioner noted …' → the question's sentence, then the response."""
    first, _, rest = text.partition(". ")
    return first + ".", rest


def build_nested_example(meeting):
    """item-nested-points-and-clauses.txt: unnumbered opening, numbering from 2, lettered sub-points with bullets,
    a sub-heading, a vote in prose, a resolution with lettered clauses."""
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="Draft Precept Proposal 2026/27",
        kind=AgendaItem.Kind.REPORT,
        description="To consider the Commissioner's proposed precept for 2026/27.",
        show_documents_label=False,
    )
    rows = [
        (0, "", "paragraph", "The report was presented by the Commissioner and his Chief Finance Officer."),
        (0, "2.", "paragraph", "In answer to questions and comments, the following was said:"),
        (1, "a)", "paragraph", "the proposed increase was £14 a year for a Band D property;"),
        (1, "b)", "paragraph", "the savings required over the next three years included:"),
        (2, "·", "paragraph", "a review of the estate; and"),
        (2, "·", "paragraph", "shared back-office services with a neighbouring force;"),
        (1, "c)", "paragraph", "reserves would stay above the minimum set by the Chief Finance Officer."),
        (0, "", "heading", "Capital programme"),
        (
            0,
            "3.",
            "paragraph",
            "The Chief Finance Officer explained that the capital programme would be funded without new borrowing.",
        ),
        (
            0,
            "4.",
            "paragraph",
            "A vote was taken on whether to support the proposed precept, with eleven votes in "
            "favour, three against and one abstention.",
        ),
    ]
    for position, (depth, label, kind, text) in enumerate(rows, start=1):
        MinutePoint.objects.create(item=item, position=position, depth=depth, label=label, kind=kind, text=text)
    Resolution.objects.create(
        item=item,
        position=len(rows) + 1,
        lead_in="RESOLVED",
        text="that the Panel:",
        clauses="(a)   support the proposed precept of £14 for a Band D property; and\n\n"
        "(b)   ask the Commissioner to report on the estate review in the autumn.",
        votes_for=11,
        votes_against=3,
        abstentions=1,
        outcome=Resolution.Outcome.CARRIED,
    )
    return item


def build_questions_example(meeting):
    """item-questions-to-commissioner.txt: Question headings, several paragraphs, attribution, labelled answers."""
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="Questions to the Commissioner",
        kind=AgendaItem.Kind.QUESTIONS,
        show_documents_label=False,
    )
    Question.objects.create(
        item=item,
        position=1,
        heading="Question 1:",
        text="What progress has been made on recruiting the additional detectives promised in last year's precept, "
        "and where will they be posted?",
        asked_by_text="(Cllr Imogen Reyes – Ashbury Borough Council)",
        response="1.    The Commissioner said that 21 of the 30 detective posts had been filled.\n\n"
        "2.    He explained that most of the new detectives would join the public protection unit at Ashbury.",
    )
    Question.objects.create(
        item=item,
        position=2,
        heading="Question 2",
        text="Residents in my ward report that speeding on the B2110 has worsened[1].\n\n"
        "Will the Commissioner ask the Chief Constable to place a mobile camera there?",
        asked_by_text="(Mr Tobias Grant, Wealdshire County Council)",
        response="a.    The Commissioner replied that camera sites were chosen by the safety camera partnership using "
        "collision data.\n\nb.    He agreed to pass the concern to the partnership and to write to Mr Grant with its "
        "answer.",
    )
    return item


def build_wealdshire_meeting(status=Meeting.Status.APPROVED):
    """meeting-wealdshire-2026-03-04.txt: a whole 'Agenda and minutes' page with six items."""
    from minutes.models import Document

    meeting = Meeting.objects.create(
        panel=wealdshire_panel(),
        date=datetime.date(2026, 3, 4),
        start_time=datetime.time(10, 0),
        status=status,
        venue="Committee Room 2, Shire Hall, Ashbury.",
        venue_directions_url="https://wealdshire.example/directions",
        contact="Priya Olawale  Email: panel.clerk@wealdshire.example",
        media_url="https://wealdshire.example/webcast",
    )
    apologies = AgendaItem.objects.create(
        meeting=meeting, number="57", title="Apologies and Substitutes", kind=AgendaItem.Kind.APOLOGIES
    )
    MinutePoint.objects.create(item=apologies, position=1, label="1.", text="Apologies were received from:")
    MinutePoint.objects.create(item=apologies, position=2, depth=1, label="·", text="Cllr Harriet Vane")
    MinutePoint.objects.create(item=apologies, position=3, depth=1, label="·", text="Cllr Owen Price")
    MinutePoint.objects.create(item=apologies, position=4, label="2.", text="Cllr Dale substituted for Cllr Price.")

    declarations = AgendaItem.objects.create(
        meeting=meeting,
        number="58",
        kind=AgendaItem.Kind.DECLARATIONS,
        title="Declarations of Interests by Members in Items on the Agenda for this Meeting",
    )
    MinutePoint.objects.create(item=declarations, position=1, text="No declarations were made.")

    approval = AgendaItem.objects.create(
        meeting=meeting,
        number="59",
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Minutes of the Police and Crime Panel held on 3 December 2025",
    )
    Document.objects.create(
        item=approval,
        title="Minutes of the Police and Crime Panel held on 3 December 2025",
        kind=Document.Kind.MINUTES,
        is_additional=False,
        file_format="PDF",
        size_bytes=212 * 1024,
    )
    MinutePoint.objects.create(
        item=approval,
        position=1,
        label="1.",
        text="The Chair noted that the date of the "
        "budget workshop in paragraph 4 should read 14 January, not 14 February.",
    )
    Resolution.objects.create(
        item=approval,
        position=2,
        lead_in="RESOLVED",
        text="that, subject to the above "
        "correction, the minutes of the meeting held on 3 December 2025 were an accurate record "
        "and that they be signed by the Chair.",
    )

    rural = AgendaItem.objects.create(meeting=meeting, number="60", title="Rural Crime Strategy")
    Document.objects.create(
        item=rural, title="Rural Crime Strategy", is_additional=False, file_format="PDF", size_bytes=318 * 1024
    )
    add_points(
        rural,
        [
            "1.    The Commissioner introduced the strategy, which set out how the force would respond to equipment theft, "
            "livestock worrying and fly-tipping across the county's farms.",
            "2.    He explained that a dedicated team of twelve officers had been formed and that three drones had been "
            "bought from the rural crime fund.",
            "3.    Members asked a range of questions in relation to the Rural Crime Strategy. Key issues raised by the "
            "Panel and responded to by the Commissioner included the following:",
        ],
    )
    intro = rural.points.get(position=3)
    Question.objects.create(
        item=rural,
        position=4,
        depth=1,
        label="·",
        introduced_by=intro,
        response_inline=True,
        text="Whether the new team would cover the whole county or only the eastern districts.",
        response="The Commissioner confirmed that the team was county-wide but would be based at Ashbury.",
    )
    Question.objects.create(
        item=rural,
        position=5,
        depth=1,
        label="·",
        introduced_by=intro,
        response_inline=True,
        text="How farmers could report incidents without waiting on the non-emergency number.",
        response="The Commissioner said that an online form had been launched in January and that "
        "calls from the farm watch scheme were now routed directly to the team.",
    )
    Resolution.objects.create(
        item=rural,
        position=6,
        lead_in="RESOLVED:",
        text="That the Panel note the Rural Crime "
        "Strategy and ask the Commissioner to report on its first year at the March 2027 meeting.",
    )

    update = AgendaItem.objects.create(
        meeting=meeting, number="61", kind=AgendaItem.Kind.UPDATE, title="Police and Crime Plan Progress - oral update"
    )
    add_points(
        update,
        [
            "1.    The Commissioner gave an oral update on progress against the six priorities of his plan.",
            "2.    Cllr Amis asked whether the target for answering 101 calls would be met by the summer. The Commissioner "
            "replied that average answer times had fallen to four minutes and that he expected the target to be met.",
        ],
    )

    work = AgendaItem.objects.create(meeting=meeting, number="62", title="Work Programme")
    Document.objects.create(
        item=work, title="Work Programme", is_additional=False, file_format="PDF", size_bytes=96 * 1024
    )
    Resolution.objects.create(item=work, position=1, lead_in="RESOLVED", text="to note the work programme.")
    return meeting


def build_all():
    seed = build_seed()
    wealdshire = build_wealdshire_meeting()
    special = Meeting.objects.create(
        panel=wealdshire_panel(),
        date=datetime.date(2026, 2, 3),
        start_time=datetime.time(10, 0),
        special_name="Draft Plan and Precept Proposal",
        status=Meeting.Status.DRAFT_MINUTES,
        venue="Online",
    )
    build_nested_example(special)
    build_questions_example(special)
    return seed, wealdshire, special
