"""What the public record says of one person: memberships, attendance, declarations, questions and votes.

Every row comes through the one public rule (`Meeting.objects.with_public_minutes()`, `AgendaItem.objects.public()`):
attendance, declarations and votes are part of the minutes, so a meeting counts only once its minutes are public
(the meeting page shows none of them before), and an exempt item's questions and votes stay private as its minutes do.
Staff see the same page as the public: a member's record is what has been published.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from minutes.models import Attendance, Declaration, Meeting, Question, Resolution

from .. import visibility

# One outcome per expected meeting, in the order the record and the charts show them.
PRESENT, SUBSTITUTED, APOLOGIES, ABSENT = "present", "substituted", "apologies", "absent"
OUTCOMES = [
    (PRESENT, "Present"),
    (APOLOGIES, "Apologies"),
    (SUBSTITUTED, "Substituted"),
    (ABSENT, "Absent"),
]
OUTCOME_LABELS = dict(OUTCOMES)
# A member with a substitute also sent apologies; the substitute is the fuller fact, so it wins.
PRECEDENCE = {PRESENT: 0, SUBSTITUTED: 1, APOLOGIES: 2}
VOTE_KEYS = [("for", "For"), ("against", "Against"), ("abstain", "Abstained")]


def public_minutes_meetings():
    return visibility.meetings_with_public_minutes()


def public_minutes_items():
    """Items whose minutes the public may read: a public meeting with published minutes, not exempt."""
    return visibility.public_items().filter(meeting__status__in=Meeting.MINUTES_STATES, is_exempt=False)


def meeting_attendance_rows():
    """Whole-meeting attendance lines of meetings whose minutes are public."""
    return Attendance.objects.filter(item__isnull=True, meeting__in=public_minutes_meetings())


def served(membership, date):
    return (membership.start_date is None or membership.start_date <= date) and (
        membership.end_date is None or date <= membership.end_date
    )


@dataclass
class Expected:
    """A meeting the person was expected at (a member on its date), and what the minutes record."""

    meeting: Meeting
    outcome: str = ABSENT
    substitute: Attendance | None = None  # the line of whoever substituted for the person

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]


@dataclass
class YearRow:
    panel: object
    year: int
    counts: dict = field(default_factory=lambda: dict.fromkeys(OUTCOME_LABELS, 0))
    substituting: int = 0

    @property
    def expected(self):
        return sum(self.counts.values())

    @property
    def present(self):
        return self.counts[PRESENT]

    @property
    def apologies(self):
        return self.counts[APOLOGIES]

    @property
    def substituted(self):
        return self.counts[SUBSTITUTED]

    @property
    def absent(self):
        return self.counts[ABSENT]


def outcomes_for(member_ids, meetings, memberships, rows):
    """{(person id, meeting id): Expected} for every meeting each member was expected at.

    `memberships` are of `member_ids` on the meetings' panels; `rows` the meetings' whole-meeting attendance lines."""
    by_meeting = {m.pk: m for m in meetings}
    expected = {}
    for membership in memberships:
        for meeting in meetings:
            if meeting.panel_id == membership.panel_id and served(membership, meeting.date):
                expected.setdefault((membership.person_id, meeting.pk), Expected(meeting))
    for row in rows:
        if row.meeting_id not in by_meeting:
            continue
        if row.kind == Attendance.Kind.PRESENT and row.person_id:
            outcome, key = PRESENT, (row.person_id, row.meeting_id)
        elif row.kind == Attendance.Kind.APOLOGIES and row.person_id:
            outcome, key = APOLOGIES, (row.person_id, row.meeting_id)
        elif row.kind == Attendance.Kind.SUBSTITUTE and row.substitute_for_id:
            outcome, key = SUBSTITUTED, (row.substitute_for_id, row.meeting_id)
        else:
            continue
        entry = expected.get(key)
        if entry is None or key[0] not in member_ids:
            continue  # not a member that day (a visitor present, or a slip in the record): not an expected meeting
        if entry.outcome == ABSENT or PRECEDENCE[outcome] < PRECEDENCE[entry.outcome]:
            entry.outcome = outcome
        if outcome == SUBSTITUTED:
            entry.substitute = row
    return expected


def matches_name(written, person):
    """Whether a name written in a recorded vote is this person's ('Cllr Harriet Vane', 'Harriet Vane')."""
    written = " ".join(written.split()).casefold()
    name = person.name.casefold()
    return written in (name, person.display_name.casefold()) or written.endswith(" " + name)


@dataclass
class PersonRecord:
    person: object
    memberships: list
    expected: list  # [Expected], newest first
    substituting: list  # [Attendance] where the person stood in for a member
    years: list  # [YearRow], newest first
    declarations: list
    questions: list
    votes: list  # [(Resolution, how)]
    motions: list  # [(Resolution, "Moved" | "Seconded")]


def person_record(person):
    """Everything the member page shows, in a fixed number of queries whatever the length of the career."""
    memberships = list(person.memberships.select_related("panel", "panel__parent").order_by("-start_date", "panel"))
    panel_ids = {m.panel_id for m in memberships}
    meetings = list(
        public_minutes_meetings()
        .filter(panel_id__in=panel_ids)
        .select_related("panel", "panel__parent")
        .order_by("-date", "-start_time")
    )
    rows = list(
        meeting_attendance_rows()
        .filter(Q(person=person) | Q(substitute_for=person))
        .select_related("person", "substitute_for", "meeting__panel", "meeting__panel__parent")
        .order_by("-meeting__date", "position")
    )
    expected_map = outcomes_for({person.pk}, meetings, memberships, rows)
    expected = sorted(expected_map.values(), key=lambda e: (e.meeting.date, e.meeting.pk), reverse=True)
    substituting = [r for r in rows if r.kind == Attendance.Kind.SUBSTITUTE and r.person_id == person.pk]

    years = {}
    for entry in expected:
        key = (entry.meeting.panel_id, entry.meeting.date.year)
        row = years.setdefault(key, YearRow(entry.meeting.panel, entry.meeting.date.year))
        row.counts[entry.outcome] += 1
    for line in substituting:
        key = (line.meeting.panel_id, line.meeting.date.year)
        years.setdefault(key, YearRow(line.meeting.panel, line.meeting.date.year)).substituting += 1

    declarations = list(
        Declaration.objects.filter(people=person, meeting__in=public_minutes_meetings())
        .select_related("item", "meeting__panel", "meeting__panel__parent")
        .order_by("-meeting__date", "position")
    )
    questions = list(
        Question.objects.filter(asked_by=person, item__in=public_minutes_items())
        .select_related("item__meeting__panel", "item__meeting__panel__parent")
        .order_by("-item__meeting__date", "item__position", "position")
    )
    seen_at = {e.meeting.pk for e in expected} | {r.meeting_id for r in substituting}
    votes, motions = named_votes(person, seen_at)
    return PersonRecord(
        person=person,
        memberships=memberships,
        expected=expected,
        substituting=substituting,
        years=sorted(years.values(), key=lambda r: (-r.year, r.panel.name)),
        declarations=declarations,
        questions=questions,
        votes=votes,
        motions=motions,
    )


def named_votes(person, meeting_ids):
    """Recorded votes naming the person, and resolutions they moved or seconded (as `vote_detail` records them), at
    the meetings they sat in (`meeting_ids`: as a member or a substitute), so the look-up is bounded by a career, not
    by the archive.

    The database narrows by the name's text (works on SQLite and PostgreSQL alike); the exact match is made here."""
    name = person.name
    candidates = Q()
    for key in ("for", "against", "abstain", "moved_by", "seconded_by"):
        candidates |= Q(**{f"vote_detail__{key}__icontains": name})
    resolutions = (
        # Scoped inside the rule's subquery: PostgreSQL then starts from those meetings' items (a few hundred)
        # rather than scanning every resolution for the name (measured: 2–10 ms against 40–50 ms on the large archive).
        Resolution.objects.filter(
            item__in=public_minutes_items().filter(meeting__in=public_minutes_meetings().filter(pk__in=meeting_ids))
        )
        .filter(candidates)
        .select_related("item__meeting__panel", "item__meeting__panel__parent")
        .order_by("-item__meeting__date", "item__position", "position")
    )
    votes, motions = [], []
    for resolution in resolutions:
        detail = resolution.vote_detail or {}
        for key, how in VOTE_KEYS:
            if any(matches_name(n, person) for n in detail.get(key, []) if isinstance(n, str)):
                votes.append((resolution, how))
        for key, how in (("moved_by", "Moved"), ("seconded_by", "Seconded")):
            if isinstance(detail.get(key), str) and matches_name(detail[key], person):
                motions.append((resolution, how))
    return votes, motions


def panel_year_register(panel, year):
    """The panel's attendance for a year: (members, meetings, grid) where grid[person id][meeting id] is an
    `Expected` (or None when the person was not a member that day). Members are those expected at any meeting."""
    from panels.models import Membership

    meetings = list(public_minutes_meetings().filter(panel=panel, date__year=year).order_by("date", "start_time", "pk"))
    memberships = list(
        Membership.objects.filter(panel=panel)
        .filter(Q(start_date__isnull=True) | Q(start_date__year__lte=year))
        .filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        .select_related("person")
    )
    member_ids = {m.person_id for m in memberships}
    rows = list(
        meeting_attendance_rows()
        .filter(meeting__in=[m.pk for m in meetings])
        .select_related("person", "substitute_for")
    )
    expected = outcomes_for(member_ids, meetings, memberships, rows)
    people = {m.person_id: m.person for m in memberships}
    members = sorted((people[pid] for pid in {pid for pid, _ in expected}), key=lambda p: (p.name.split()[-1:], p.name))
    grid = {p.pk: [expected.get((p.pk, m.pk)) for m in meetings] for p in members}
    return members, meetings, grid


def year_counts(cells):
    counts = dict.fromkeys(OUTCOME_LABELS, 0)
    for cell in cells:
        if cell is not None:
            counts[cell.outcome] += 1
    return counts
