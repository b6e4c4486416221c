"""A small public archive for the open-data tests: the reference minutes (two panels, three public meetings, one only an agenda), four
councillors in two wards with terms of office, panel memberships, attendance, and a draft meeting whose words must
appear nowhere. Every list holds at least two entries: the `moderngov` client reads a one-entry list wrongly."""

import datetime

from minutes.models import AgendaItem, Attendance, Document, Meeting, MinutePoint
from panels.models import Membership, Person, Representation
from tests import records

DRAFT_WORD = "Zqdraftsecretx"


def build():
    # The reference minutes built in code (the seed item reads a file from outside the repository).
    wealdshire = records.build_wealdshire_meeting()
    special = Meeting.objects.create(
        panel=records.wealdshire_panel(),
        date=datetime.date(2026, 2, 3),
        start_time=datetime.time(10, 0),
        special_name="Draft Plan and Precept Proposal",
        status=Meeting.Status.DRAFT_MINUTES,
        venue="Online",
    )
    records.build_nested_example(special)
    records.build_questions_example(special)
    seed = Meeting.objects.create(
        panel=records.kent_panel(),
        date=datetime.date(2020, 7, 14),
        status=Meeting.Status.AGENDA,
        venue="Sessions House",
    )
    AgendaItem.objects.create(meeting=seed, number="1", title="Victim Satisfaction Update")
    panel = wealdshire.panel
    people = {}
    for name, party, ward, council in [
        ("Harriet Vane", "Labour", "Ashbury North", "Wealdshire County Council"),
        ("Owen Price", "Conservative", "Ashbury North", "Wealdshire County Council"),
        ("Rhoda Dale", "Green Party", "Millbrook", "Wealdshire County Council"),
        ("Ezra Amis", "Liberal Democrats", "Millbrook", "Wealdshire County Council"),
    ]:
        person = Person.objects.create(
            honorific="Cllr", name=name, party=party, email=f"{name.split()[0].lower()}@wealdshire.example"
        )
        Representation.objects.create(
            person=person, council=council, division=ward, party=party, start_date=datetime.date(2021, 5, 6)
        )
        Membership.objects.create(panel=panel, person=person, council=council)
        people[name] = person
    # A former term: listed under the councillor's terms only while it is current.
    Representation.objects.create(
        person=people["Owen Price"],
        council="Wealdshire County Council",
        division="Old Ward",
        start_date=datetime.date(2013, 5, 2),
        end_date=datetime.date(2017, 5, 4),
    )
    Membership.objects.create(panel=seed.panel, person=people["Harriet Vane"], role=Membership.Role.CHAIR)
    for position, (name, kind) in enumerate(
        [("Harriet Vane", "present"), ("Ezra Amis", "present"), ("Owen Price", "apologies")], start=1
    ):
        Attendance.objects.create(meeting=wealdshire, person=people[name], kind=kind, position=position)
    Attendance.objects.create(meeting=wealdshire, name="Priya Olawale", role="Panel Clerk", kind="in_attendance")
    Document.objects.create(
        meeting=wealdshire,
        kind=Document.Kind.PRINTED_MINUTES,
        title="Printed minutes",
        file_format="PDF",
        size_bytes=2048,
    )
    draft = Meeting.objects.create(
        panel=panel, date=datetime.date(2026, 4, 1), status=Meeting.Status.DRAFT, venue=f"Hall {DRAFT_WORD}"
    )
    item = AgendaItem.objects.create(meeting=draft, number="63", title=f"Report {DRAFT_WORD}")
    MinutePoint.objects.create(item=item, label="1.", text=f"Minute {DRAFT_WORD}.")
    Attendance.objects.create(meeting=draft, person=people["Rhoda Dale"], kind="present")
    return {"seed": seed, "wealdshire": wealdshire, "special": special, "draft": draft, "people": people}
