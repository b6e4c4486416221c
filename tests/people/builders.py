"""A generated panel for the member-page tests: memberships that start and end mid-year, substitutes, apologies,
absences, a draft meeting and an agenda-only one (neither counts)."""

import datetime
import random

from minutes.models import Attendance, Meeting
from panels.models import Membership, Panel, Person

OUTCOMES = ["present", "present", "present", "apologies", "substituted", "absent"]


def build_panel(seed=7, members=6, meetings=10, panel=None):
    rng = random.Random(seed)
    panel = panel or Panel.objects.create(
        name="Marshfield Scrutiny Panel", slug="marshfield", host_authority="Marshfield Council"
    )
    tag = panel.slug.title()
    people = [Person.objects.create(honorific="Cllr", name=f"Member {chr(65 + n)} {tag}") for n in range(members)]
    spare = Person.objects.create(honorific="Cllr", name=f"Stand In {tag}")
    terms = [
        (None, None),
        (datetime.date(2024, 6, 1), None),  # joins mid-year
        (None, datetime.date(2025, 3, 31)),  # leaves mid-year
        (datetime.date(2024, 9, 1), datetime.date(2025, 6, 30)),
        (None, None),
        (datetime.date(2025, 1, 1), None),
    ]
    for person, (start, end) in zip(people, terms * 2, strict=False):
        Membership.objects.create(
            panel=panel, person=person, council="Marshfield Council", start_date=start, end_date=end
        )
    dates = [datetime.date(2024, 1, 15) + datetime.timedelta(days=61 * n) for n in range(meetings)]
    states = [Meeting.Status.APPROVED] * (meetings - 3) + [Meeting.Status.DRAFT_MINUTES]
    states += [Meeting.Status.DRAFT, Meeting.Status.AGENDA]
    rng.shuffle(states)
    for date, status in zip(dates, states, strict=True):
        meeting = Meeting.objects.create(panel=panel, date=date, status=status)
        for position, person in enumerate(people):
            outcome = rng.choice(OUTCOMES)
            if outcome == "present":
                Attendance.objects.create(meeting=meeting, person=person, kind="present", position=position)
            elif outcome in ("apologies", "substituted"):
                Attendance.objects.create(meeting=meeting, person=person, kind="apologies", position=position)
            if outcome == "substituted":
                Attendance.objects.create(
                    meeting=meeting, person=spare, kind="substitute", substitute_for=person, position=50 + position
                )
    return panel, people, spare
