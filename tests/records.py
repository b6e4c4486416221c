"""The test minutes in tests/data/ (the seed item as published, and the project's own invented Wealdshire examples)
built as structured records. Tests read them back through every renderer.

Each builder saves its records in one transaction, as a clerk's save does: the derived data (search documents, stored
pages) is rebuilt once when it ends, not after every row."""

import datetime
import re
from pathlib import Path

from django.db import transaction

from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from panels.models import Panel

DATA = Path(__file__).resolve().parent / "data"
SEED_PATH = DATA / "seed-agenda-item.txt"
EXAMPLES = DATA / "examples"  # the project's own invented minutes in the published layout


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


@transaction.atomic
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


@transaction.atomic
def build_nested_example(meeting):
    """item-nested-points-and-clauses.txt: unnumbered opening, numbering from 2, lettered sub-points with bullets,
    a sub-heading, a vote in prose, a resolution with lettered clauses."""
    item = AgendaItem.objects.create(
        meeting=meeting,
        title="Estates Strategy 2026-2030",
        kind=AgendaItem.Kind.REPORT,
        description="To consider the Commissioner's draft strategy for police buildings.",
        show_documents_label=False,
    )
    rows = [
        (0, "", "paragraph", "The strategy was introduced by the Commissioner's Head of Estates."),
        (0, "2.", "paragraph", "Members raised the following points in discussion:"),
        (1, "a)", "paragraph", "closing the front counter at Millbrook would save £85,000 a year;"),
        (1, "b)", "paragraph", "the buildings proposed for sale included:"),
        (2, "·", "paragraph", "the former section house at Tollgate; and"),
        (2, "·", "paragraph", "two garages leased to the fire service;"),
        (1, "c)", "paragraph", "no building would be sold before the public consultation had closed."),
        (0, "", "heading", "Custody suites"),
        (
            0,
            "3.",
            "paragraph",
            "The Head of Estates confirmed that the new custody suite at Ashbury would open in the spring of 2027.",
        ),
        (
            0,
            "4.",
            "paragraph",
            "A vote was taken on whether to endorse the draft strategy, with nine votes in favour, four against "
            "and two abstentions.",
        ),
    ]
    for position, (depth, label, kind, text) in enumerate(rows, start=1):
        MinutePoint.objects.create(item=item, position=position, depth=depth, label=label, kind=kind, text=text)
    Resolution.objects.create(
        item=item,
        position=len(rows) + 1,
        lead_in="RESOLVED",
        text="that the Panel:",
        clauses="(a)   endorse the draft strategy, subject to the consultation on Millbrook; and\n\n"
        "(b)   ask the Commissioner to report the consultation's results in the winter.",
        votes_for=9,
        votes_against=4,
        abstentions=2,
        outcome=Resolution.Outcome.CARRIED,
    )
    return item


@transaction.atomic
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
        text="How many rural beat officers are in post today, and how many of the posts promised in the plan are "
        "still vacant?",
        asked_by_text="(Cllr Nadia Fenwick – Millbrook District Council)",
        response="1.    The Commissioner said that 14 of the 18 rural beat posts had been filled.\n\n"
        "2.    She explained that the four vacant posts would be advertised in the summer.",
    )
    Question.objects.create(
        item=item,
        position=2,
        heading="Question 2",
        text="Parents near Tollgate Primary School report cars parked on the zig-zag lines at the start of the "
        "school day[1].\n\nWill the Commissioner ask for patrols at school times?",
        asked_by_text="(Mr Leon Achterberg, Wealdshire County Council)",
        response="a.    The Commissioner replied that parking on school markings was enforced by the district "
        "council.\n\nb.    She agreed to raise the matter with the district council and to send Mr Achterberg its "
        "reply.",
    )
    return item


@transaction.atomic
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
    MinutePoint.objects.create(item=apologies, position=2, depth=1, label="·", text="Cllr Miriam Holt")
    MinutePoint.objects.create(item=apologies, position=3, depth=1, label="·", text="Cllr Felix Andrade")
    MinutePoint.objects.create(item=apologies, position=4, label="2.", text="Cllr Okafor substituted for Cllr Andrade.")

    declarations = AgendaItem.objects.create(
        meeting=meeting,
        number="58",
        kind=AgendaItem.Kind.DECLARATIONS,
        title="Declarations of Interests by Members in Items on the Agenda for this Meeting",
    )
    MinutePoint.objects.create(item=declarations, position=1, text="There were no declarations of interest.")

    approval = AgendaItem.objects.create(
        meeting=meeting,
        number="59",
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Minutes of the Police and Crime Panel held on 26 November 2025",
    )
    Document.objects.create(
        item=approval,
        title="Minutes of the Police and Crime Panel held on 26 November 2025",
        kind=Document.Kind.MINUTES,
        is_additional=False,
        file_format="PDF",
        size_bytes=204 * 1024,
    )
    MinutePoint.objects.create(
        item=approval,
        position=1,
        label="1.",
        text="The Vice-Chair asked that the list of those present record Cllr Okafor as a substitute, not as a member.",
    )
    Resolution.objects.create(
        item=approval,
        position=2,
        lead_in="RESOLVED",
        text="that, subject to the above correction, the minutes of the meeting held on 26 November 2025 were a "
        "correct record and that they be signed by the Chair.",
    )

    rural = AgendaItem.objects.create(meeting=meeting, number="60", title="Rural Crime Strategy")
    Document.objects.create(
        item=rural, title="Rural Crime Strategy", is_additional=False, file_format="PDF", size_bytes=344 * 1024
    )
    add_points(
        rural,
        [
            "1.    The Commissioner presented the strategy, which described how the force would tackle machinery "
            "theft, hare coursing and waste dumping in the county's villages.",
            "2.    She said that a rural task force of nine officers was now in place and that four off-road vehicles "
            "had been leased with money from the rural crime fund.",
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
        text="Whether the task force would patrol at night as well as by day.",
        response="The Commissioner confirmed that the task force worked shifts around the clock during the harvest "
        "months.",
    )
    Question.objects.create(
        item=rural,
        position=5,
        depth=1,
        label="·",
        introduced_by=intro,
        response_inline=True,
        text="How parish councils could pass information to the task force.",
        response="The Commissioner said that a rural watch newsletter had started in February and that parish clerks "
        "could now email the task force directly.",
    )
    Resolution.objects.create(
        item=rural,
        position=6,
        lead_in="RESOLVED:",
        text="That the Panel note the Rural Crime Strategy and invite the Commissioner to present its first annual "
        "review in spring 2027.",
    )

    update = AgendaItem.objects.create(
        meeting=meeting, number="61", kind=AgendaItem.Kind.UPDATE, title="Police and Crime Plan Progress - oral update"
    )
    add_points(
        update,
        [
            "1.    The Commissioner gave an oral update on the five priorities of her plan, starting with "
            "neighbourhood policing.",
            "2.    Cllr Brennan asked whether emergency calls were still answered within ten seconds. The "
            "Commissioner replied that nine in ten calls had been answered within ten seconds in January and that the "
            "rest had been answered within twenty.",
        ],
    )

    work = AgendaItem.objects.create(meeting=meeting, number="62", title="Work Programme")
    Document.objects.create(
        item=work, title="Work Programme", is_additional=False, file_format="PDF", size_bytes=88 * 1024
    )
    Resolution.objects.create(item=work, position=1, lead_in="RESOLVED", text="that the work programme be noted.")
    return meeting


@transaction.atomic
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


# The invented members of the invented Wealdshire panel (the demo's, marked invented; nobody real is named).
WEALDSHIRE_MEMBERS = [
    # honorific, name, role, council, division, party, start, end
    ("Cllr", "Margaret Oduya", "chair", "Wealdshire County Council", "Ashbury East", "Liberal Democrat", None, None),
    (
        "Cllr",
        "Samuel Okafor",
        "vice_chair",
        "Harrowden District Council",
        "Harrowden Central",
        "Conservative",
        None,
        None,
    ),
    ("Cllr", "Harriet Vane", "member", "Ashbury Borough Council", "Castle", "Conservative", None, None),
    ("Cllr", "Owen Price", "member", "Weald District Council", "Millbrook", "Labour", None, None),
    ("Cllr", "Rhoda Amis", "member", "Ashbury Borough Council", "Priory", "Labour", None, None),
    ("Cllr", "Imogen Reyes", "member", "Ashbury Borough Council", "St Clement's", "Green", None, None),
    ("Mr", "Tobias Grant", "member", "Wealdshire County Council", "Fenwick", "Conservative", None, None),
    ("Cllr", "Bethan Lloyd", "member", "Harrowden District Council", "Stoke Marsh", "Independent", None, None),
    ("Cllr", "Declan Murphy", "member", "Wealdshire County Council", "Tollgate", "Labour", None, None),
    ("Cllr", "Anjali Mehta", "member", "Weald District Council", "Oakham", "Liberal Democrat", None, None),
    ("Cllr", "Peter Hollis", "member", "Fernley Borough Council", "Quarry", "Conservative", None, "2026-02-28"),
    ("Cllr", "Grace Whitfield", "member", "Fernley Borough Council", "Abbey", "Labour", "2026-03-01", None),
    ("Mrs", "Eleanor Kaye", "independent", "", "", "", None, None),
    ("Mr", "Hamid Rahman", "independent", "", "", "", None, None),
]


@transaction.atomic
def build_wealdshire_members(meeting, special):
    """Fourteen invented members with parties, councils and wards; who attended the two Wealdshire meetings, as their
    minutes say (apologies from Cllrs Vane and Price, Cllr Dale substituting), and who asked the two questions."""
    from minutes.models import Attendance
    from panels.models import Membership, Person, Representation

    panel = meeting.panel
    people = {}
    for honorific, name, role, council, division, party, start, end in WEALDSHIRE_MEMBERS:
        person = Person.objects.create(
            honorific=honorific,
            name=name,
            party=party,
            email=f"{name.lower().replace(' ', '.')}@wealdshire.example",
            is_synthetic=True,
        )
        Membership.objects.create(
            panel=panel, person=person, role=role, council=council, start_date=start or "2025-05-20", end_date=end
        )
        if council:
            Representation.objects.create(
                person=person, council=council, division=division, party=party, start_date="2023-05-04"
            )
        people[name] = person
    dale = Person.objects.create(honorific="Cllr", name="Martin Dale", party="Labour", is_synthetic=True)
    Representation.objects.create(person=dale, council="Weald District Council", division="Nettlebed", party="Labour")
    people["Martin Dale"] = dale

    def register(at, apologies, absent, substitutes=()):
        position = 0
        for _honorific, name, role, council, *_rest, start, end in WEALDSHIRE_MEMBERS:
            member_on_date = (start is None or start <= at.date.isoformat()) and (
                end is None or at.date.isoformat() <= end
            )
            if not member_on_date or name in absent:
                continue
            kind = "apologies" if name in apologies else "present"
            label = {"chair": "Chair", "vice_chair": "Vice-Chair"}.get(role, "")
            Attendance.objects.create(
                meeting=at, person=people[name], kind=kind, role=label if kind == "present" else "",
                council=council, position=position,
            )  # fmt: skip
            position += 1
        for name, stands_for, council in substitutes:
            Attendance.objects.create(
                meeting=at, person=people[name], kind="substitute", substitute_for=people[stands_for],
                council=council, position=position,
            )  # fmt: skip
            position += 1
        Attendance.objects.create(
            meeting=at, kind="in_attendance", name="Priya Olawale", role="Panel Clerk", position=position
        )

    register(
        meeting,
        apologies={"Harriet Vane", "Owen Price"},
        absent={"Hamid Rahman"},
        substitutes=[("Martin Dale", "Owen Price", "Weald District Council")],
    )
    register(special, apologies={"Bethan Lloyd"}, absent=set())
    for question in Question.objects.filter(item__meeting=special):
        if "Imogen Reyes" in question.asked_by_text:
            question.asked_by = people["Imogen Reyes"]
        elif "Tobias Grant" in question.asked_by_text:
            question.asked_by = people["Tobias Grant"]
        question.save()
    return people
