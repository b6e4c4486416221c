"""A synthetic archive: invented panels, people and years of meetings in the shapes the real record takes.

Everything it writes is marked `is_synthetic` and named after invented places (Wealdshire, Brackenmere, …), never a
real council. The output is a pure function of the arguments and the anchor date (default: today): the same seed gives
the same archive, row for row. Rows go in with `bulk_create` in batches, so signals do not run; the generator writes
each item's search document itself and, on PostgreSQL, fills `search_vector` with one set-based UPDATE per batch,
using the weights and configuration of `minutes.search`.

See `python manage.py generate_archive --help`.
"""

import datetime as dt
import queue
import random
import resource
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, connections, reset_queries, transaction
from django.db.models import F
from django.utils.text import slugify

from panels.models import Membership, Panel, Person

from ..models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution

UTC = dt.UTC
BATCH_SIZE = 5000
# With a word list (synthetic_words), the share of body sentences drawn from it rather than from the templates, and
# the share of the templates' set clauses (facts, issues, answers) drawn from it inside their sentence's frame.
PROSE_SHARE = 0.95
CLAUSE_SHARE = 0.85
DRAWN_CLAUSES = ("fact", "issue", "answer", "issue_neg", "issue_short", "measure")

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary. Places are invented; people's names are common first names and surnames put together at random.

COUNTIES = [
    "Wealdshire",
    "Brackenmere",
    "Fernholt",
    "Ambervale",
    "Kestrelmoor",
    "Thistledown",
    "Oakhallow",
    "Marlowmere",
    "Rookhaven",
    "Wyvernshire",
    "Sallowdene",
    "Corriemoor",
    "Hartwold",
    "Greyholt",
    "Linnetshire",
    "Quillmoor",
    "Elderwold",
    "Bramblewick",
    "Stormere",
    "Ravensholt",
    "Cinderfell",
    "Otterwold",
    "Merrowdale",
    "Heronsdene",
    "Fallowmere",
    "Wrenhollow",
]

DISTRICTS = [
    "North {c} District Council",
    "South {c} District Council",
    "East {c} Borough Council",
    "West {c} District Council",
    "{c} Vale Borough Council",
    "{c} Coast District Council",
    "{c} Forest District Council",
    "Mid {c} District Council",
]

PLACES = [
    "North {c}",
    "South {c}",
    "East {c}",
    "West {c}",
    "the {c} Vale",
    "the {c} coast",
    "Mid {c}",
    "the county town",
    "the rural parishes",
    "the coastal towns",
]

FIRST_NAMES = (
    "Anna Ben Chloe Daniel Eleanor Farid Grace Harriet Imogen James Kiran Laura Mohammed Nadia Owen Priya Rachel "
    "Samuel Tobias Uma Victor Wendy Yusuf Zoe Alan Bridget Colin Deborah Edward Fiona Gareth Helen Ian Joanna Keith "
    "Lesley Martin Nicola Oliver Patricia Rupert Sandra Trevor Valerie William Adele Bernard Carys Dominic Esther "
    "Frances Graham Hazel Isaac Janet Kenneth Lorraine Malcolm Naomi Philip Rosemary Stuart Tessa"
).split()

SURNAMES = (
    "Reyes Grant Vane Price Dale Amis Olawale Ashworth Bellamy Carver Dunmore Ellery Fairweather Gough Hallam "
    "Ingleby Jessop Kember Lowther Mallory Nettles Oakley Pennington Quarrie Rowntree Sellick Thackeray Upton "
    "Varley Wetherell Yardley Abbott Brennan Cottrell Denholm Eastwood Frome Garside Hembrow Ives Judd Kershaw "
    "Lockett Marchbank Norcross Ormsby Pargeter Quint Radley Stannard Tolley Usher Venn Whitlock Yeoman Ashdown "
    "Bassett Cheval Dorling Elphick Fenwick Gillam Hosking"
).split()

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

OFFICER_ROLES = [
    "Panel Clerk",
    "Democratic Services Officer",
    "Chief Finance Officer",
    "Head of Democratic Services",
    "Monitoring Officer",
    "Legal Adviser",
    "Scrutiny Research Officer",
]


@dataclass(frozen=True)
class PanelType:
    key: str
    name: str
    short: str
    responder: str  # as the minutes name them in prose
    responder_role: str
    officer: str
    topics: tuple
    specials: tuple
    facts: tuple
    issues: tuple
    answers: tuple


COMMON_FACTS = (
    "spending was forecast to be £{money} under budget at the year end",
    "the consultation had received {n3} responses, most of them from {place}",
    "performance against the target had improved by {pct} per cent over the year",
    "a further report would come back to the {body} in {month}",
    "the figures for {place} were broadly in line with the rest of the county",
    "{n} posts remained vacant and recruitment was under way",
    "the review had been delayed by two months while data were validated",
    "the savings required over the next three years amounted to £{money}",
    "the risk register had been updated since the last meeting",
    "partners in {place} had agreed to share the cost of the scheme",
    "a new partnership board had met for the first time in {month}",
    "the external auditor had raised no significant concerns",
    "the action plan contained {n} recommendations, all of which had been accepted",
    "the pilot in {place} would be extended for a further year",
)

COMMON_ISSUES = (
    "the savings targets were achievable without reducing front-line services",
    "residents in {place} had been consulted on the proposals",
    "the figures could be broken down by district",
    "the timetable for the review was realistic",
    "partners had been involved in drawing up the plan",
    "the reserves would remain above the recommended minimum",
    "the {body} could see the evaluation before the scheme was extended",
    "smaller parishes would see any benefit from the funding",
)

COMMON_ANSWERS = (
    "the figures would be circulated to Members after the meeting",
    "work was continuing with partners in {place}",
    "{pron} would write to the Member with a fuller answer",
    "the matter would be covered in the next quarterly report",
    "an evaluation would be published in {month}",
    "the target was expected to be met by the end of the year",
    "the budget had been set with a margin for unexpected pressures",
    "the question would be put to the relevant partner and the answer shared with the {body}",
)

PANEL_TYPES = (
    PanelType(
        "pcp",
        "{c} Police and Crime Panel",
        "the Panel",
        "the Commissioner",
        "Police and Crime Commissioner",
        "Chief Executive (OPCC)",
        (
            "Police and Crime Plan",
            "Precept Proposal {fy}",
            "Rural Crime Strategy",
            "Violence Against Women and Girls Strategy",
            "Victim Services Commissioning",
            "Road Safety Partnership",
            "Force Control Room Performance",
            "Estates Strategy",
            "Commissioner's Annual Report",
            "Community Safety Fund",
            "Neighbourhood Policing Model",
            "Youth Diversion Scheme",
            "Complaints Handling Review",
            "Medium Term Financial Plan",
            "Police and Crime Plan Progress",
        ),
        ("Draft Plan and Precept Proposal", "Confirmation Hearing", "Precept Proposal"),
        (
            "{n} additional officers had been recruited in {place}",
            "average answer times for 101 calls had fallen to {n} minutes",
            "the proposed increase was £{n2} a year for a Band D property",
            "reported burglaries in {place} had fallen by {pct} per cent",
            "the force had bought {n} drones from the rural crime fund",
            "the victims' hub had handled {n3} referrals in the quarter",
        ),
        (
            "the new team would cover the whole county or only {place}",
            "the target for answering 101 calls would be met by the summer",
            "neighbourhood officers would be taken away to cover the control room",
            "the Chief Constable had been consulted on the proposals",
        ),
        (
            "the team was county-wide but would be based in {place}",
            "{pron} had raised the matter with the Chief Constable",
            "operational decisions were for the Chief Constable, but {pron} would monitor the outcome",
        ),
    ),
    PanelType(
        "fire",
        "{c} Fire and Rescue Authority",
        "the Authority",
        "the Chief Fire Officer",
        "Chief Fire Officer",
        "Clerk to the Authority",
        (
            "Community Risk Management Plan",
            "Prevention and Protection Review",
            "Fleet Replacement Programme",
            "On-Call Recruitment",
            "Budget and Council Tax {fy}",
            "Water Rescue Capability",
            "Building Safety Inspections",
            "Control Room Collaboration",
            "Performance Report - Quarter {q}",
            "Treasury Management Strategy",
        ),
        ("Budget Setting", "Annual Meeting"),
        (
            "{n} new on-call firefighters had completed training",
            "the average response time in {place} was {n} minutes",
            "{n3} home fire safety visits had been carried out",
            "two new appliances would enter service in {month}",
        ),
        (
            "on-call stations in {place} would be kept open at night",
            "the new appliances could reach the narrower rural roads",
        ),
        (
            "crewing at {place} would be reviewed in the spring",
            "the appliances had been chosen with the rural stations in mind",
        ),
    ),
    PanelType(
        "health",
        "{c} Health Overview and Scrutiny Committee",
        "the Committee",
        "the Director of Public Health",
        "Director of Public Health",
        "Scrutiny Research Officer",
        (
            "Ambulance Handover Delays",
            "Community Mental Health Services",
            "Dental Access in {place}",
            "Winter Planning",
            "Stroke Services Review",
            "Public Health Annual Report {y}",
            "GP Access and Primary Care Estates",
            "Maternity Services Update",
            "Substance Misuse Services",
        ),
        ("Joint Meeting on Stroke Services",),
        (
            "handover times at the acute hospital had improved by {pct} per cent",
            "{n3} patients were waiting for a first appointment",
            "a new clinic would open in {place} in {month}",
        ),
        (
            "patients in {place} would have to travel further for treatment",
            "the trust had enough staff to open the new beds",
        ),
        (
            "transport support would be offered to patients from {place}",
            "recruitment to the new posts was expected to finish by {month}",
        ),
    ),
    PanelType(
        "audit",
        "{c} Audit and Governance Committee",
        "the Committee",
        "the Chief Internal Auditor",
        "Chief Internal Auditor",
        "Head of Finance",
        (
            "Internal Audit Progress Report",
            "Annual Governance Statement {y}",
            "External Audit Plan {fy}",
            "Counter Fraud Update",
            "Risk Management Framework",
            "Statement of Accounts {fy}",
            "Treasury Management Mid-Year Review",
        ),
        ("Accounts Sign-Off",),
        (
            "{n} audits had been completed against a plan of {n2}",
            "{n} high-priority recommendations remained outstanding",
            "the accounts had been published by the statutory deadline",
        ),
        ("the outstanding recommendations would be cleared by {month}",),
        ("each outstanding recommendation now had a named officer and a date",),
    ),
    PanelType(
        "planning",
        "{c} Planning Committee",
        "the Committee",
        "the Head of Planning",
        "Head of Planning",
        "Principal Planning Officer",
        (
            "Application {n4}/FUL - Land at {place}",
            "Application {n4}/OUT - Former Depot, {place}",
            "Minerals and Waste Local Plan",
            "Planning Enforcement Update",
            "Appeals Decisions",
            "Section 106 Monitoring Report",
        ),
        ("Site Visit Meeting",),
        (
            "the application site lay outside the settlement boundary",
            "{n} letters of objection had been received",
            "the highway authority had raised no objection subject to conditions",
        ),
        ("the access road could take the extra traffic", "the conditions on working hours could be enforced"),
        (
            "the conditions would be monitored by the enforcement team",
            "the applicant had agreed to the extra condition",
        ),
    ),
)

SUBCOMMITTEE_NAMES = ("Complaints Sub-Committee", "Standards Sub-Committee", "Appeals Sub-Committee")

SAID = ("said", "explained", "confirmed", "reported", "noted", "stated", "replied")

OPENERS = (
    "{Resp} introduced the report, which set out progress on the {topic_l} since the last meeting.",
    "The report was presented by {resp} and {poss} {officer_role}.",
    "{Resp} gave an oral update on the {topic_l}.",
    "The {officer_role} introduced the item and drew Members' attention to the main points of the report.",
    "The {body_cap} considered a report which set out the {topic_l}.",
)

BODY = (
    "{Pron} {said} that {fact}.",
    "It was noted that {fact}.",
    "The {officer_role} {said} that {fact}.",
    "{member} asked whether {issue}. {Resp} {said} that {answer}.",
    "In response to a question from {member}, {resp} {said} that {answer}.",
    "Members welcomed the report and thanked officers for their work on the {topic_l}.",
    "{member} expressed concern that {issue_neg}.",
    "{Resp} {said} that {fact} and that {fact}.",
    "A Member asked whether {issue}; {resp} {said} that {answer}.",
    "The {body_cap} heard that {fact}.",
    "{Pron} added that {answer}.",
)

ISSUE_NEG = (
    "the timetable left little room for consultation",
    "the figures for {place} were below the county average",
    "the scheme had not been publicised widely enough",
    "smaller councils had not been consulted",
)

LIST_INTROS = (
    "In answer to questions and comments, the following was said:",
    "The main points of the report were as follows:",
    "Members raised the following points:",
    "{Resp} highlighted the following:",
    "The savings required over the next three years included:",
    "Updates were given on:",
)

LIST_ITEMS = (
    "{fact};",
    "{answer};",
    "the {topic_l} would be reviewed in {month};",
    "{measure};",
    "{measure};",
    "{fact}; and",
)

MEASURES = ("a review of the estate", "shared back-office services with a neighbouring authority")

# What introduces the questions asked on a report, the long form most often.
QUESTION_INTROS = (
    "Members asked a range of questions in relation to the {topic_l}. Key issues raised by the {body_cap} and "
    "responded to by {resp} included the following:",
    "Members asked a range of questions in relation to the {topic_l}. Key issues raised by the {body_cap} and "
    "responded to by {resp} included the following:",
    "Questions asked by Members on the {topic_l} included the following:",
    "Points raised by Members included the following:",
)

HEADINGS = (
    "Capital programme",
    "Finance",
    "Performance",
    "Questions from Members",
    "Next steps",
    "Background",
    "Consultation",
    "Risks",
)

NOTES = (
    "POST MEETING NOTE: the figures requested by {member} were circulated to Members on {day} {month}.",
    "POST MEETING NOTE: {resp_cap_short} confirmed that {answer}.",
    "Post meeting note: the evaluation referred to above was published in {month}.",
)

RESOLUTION_TEXTS = (
    ("RESOLVED", "that the {body_short} note the report."),
    ("RESOLVED", "that the report be noted."),
    (
        "RESOLVED:",
        "That the {body_short} note the {topic_l} and ask {resp} to report on its first year at the {month} meeting.",
    ),
    ("RESOLVED:", "To approve the recommendations set out in the report."),
    ("RESOLVED", "to note the report."),
    ("RESOLVED", "to note the report"),
    ("UNANIMOUSLY RESOLVED", "that the {body_short} support the proposals set out in the report."),
    ("RESOLVED", "Members agreed that {resp} provide an update at the next meeting."),
    ("RESOLVED", "that, subject to the above amendment, the {topic_l} be endorsed."),
    ("RESOLVED", "that the report be noted and that {resp} provide an update on {issue_short} in {month}."),
    ("", "The {body_cap} resolved that the report be noted."),
    ("", "Agreed without a vote."),
)

CLAUSES = (
    "note the report",
    "support the proposals set out in the report",
    "ask {resp} to report on progress in {month}",
    "thank officers for their work",
    "endorse the recommendations of the review",
    "agree the revised timetable",
    "ask for the figures for {place} to be circulated",
    "note the risks set out in section {n} of the report",
)

ISSUE_SHORT = ("the recruitment figures", "the savings plan", "the consultation", "the pilot in {place}")

QUESTION_TEXTS = (
    "What progress has been made on the {topic_l}, and when will Members see the results?",
    "Residents in my ward report that {issue_neg}[1].",
    "Will {resp} explain why {issue_neg}?",
    "How much of the £{money} set aside for the {topic_l} has been spent so far?",
    "Can {resp} assure the {body_short} that {issue}?",
)

BODY_CAP = {"the Panel": "Panel", "the Authority": "Authority", "the Committee": "Committee"}


class Filler(dict):
    """A format_map mapping whose missing keys are drawn at random from the vocabulary, afresh each time; a key of
    `drawn` is instead, with probability `drawn_share`, a clause of words from its function (Zipf's law)."""

    def __init__(self, rng, vocab, drawn=None, drawn_share=0.0):
        super().__init__()
        self.rng = rng
        self.vocab = vocab
        self.drawn = drawn or {}
        self.drawn_share = drawn_share

    def __missing__(self, key):
        draw = self.drawn.get(key)
        if draw is not None and self.rng.random() < self.drawn_share:
            return draw(self.rng)
        options = self.vocab[key]
        value = options[int(self.rng.random() * len(options))]
        if "{" in value:
            value = value.format_map(self)
        return value

    def fill(self, template):
        return template.format_map(self)


def roman(n):
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


def letter(n):
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]


TOP_STYLES = {
    "dot": lambda n: f"{n}.",
    "paren": lambda n: f"({n})",
    "rparen": lambda n: f"{n})",
    "none": lambda n: "",
}
SUB_STYLES = {
    "a.": lambda n: f"{letter(n)}.",
    "a)": lambda n: f"{letter(n)})",
    "(a)": lambda n: f"({letter(n)})",
    "(i)": lambda n: f"({roman(n)})",
    "1.": lambda n: f"{n}.",
    "·": lambda n: "·",
    "-": lambda n: "-",
}


def long_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------------------------------------------------------
# Plans: what is decided before rows are written.


@dataclass
class PersonRef:
    honorific: str
    name: str
    obj: Person = None

    @property
    def display(self):
        return f"{self.honorific} {self.name}".strip()


@dataclass
class Seat:
    council: str
    role: str  # Membership.Role
    terms: list = field(default_factory=list)  # [(PersonRef, start, end or None)]

    def holder(self, day):
        for person, start, end in self.terms:
            if start <= day and (end is None or day <= end):
                return person
        return None


@dataclass
class PanelPlan:
    index: int
    rng: random.Random
    kind: PanelType
    county: str
    name: str
    parent_index: int | None
    councils: list
    places: list
    seats: list
    responders: list  # [(PersonRef, pronoun, start, end)]
    substitutes: list
    officers: list  # [(name, role)]
    meetings: list = field(default_factory=list)
    era_year: int = 2018
    uses_codes: bool = False
    name_style: str = "full"
    item_counter: int = 1
    obj: Panel = None


@dataclass
class MeetingPlan:
    date: dt.date
    special_name: str = ""
    status: str = Meeting.Status.APPROVED
    approves: "MeetingPlan" = None
    approved_by: "MeetingPlan" = None
    has_minutes: bool = False
    obj: Meeting = None


class ItemBuilder:
    """One agenda item and its content, positions shared by points, questions and resolutions."""

    __slots__ = ("fields", "points", "questions", "resolutions", "documents", "attendance", "parts", "pos")

    def __init__(self, **fields):
        self.fields = fields
        self.points = []  # (position, depth, label, kind, text)
        self.questions = []  # dict with "intro" = position of the introducing point or None
        self.resolutions = []
        self.documents = []
        self.attendance = []
        self.parts = []
        self.pos = 0

    def point(self, text, depth=0, label="", kind=MinutePoint.Kind.PARAGRAPH):
        self.pos += 1
        self.points.append((self.pos, depth, label, kind, text))
        self.parts.append(text)
        return self.pos

    def question(self, text, response="", depth=0, label="", heading="", asked_by=None, asked_by_text="", intro=None):
        self.pos += 1
        self.questions.append(
            {
                "position": self.pos,
                "depth": depth,
                "label": label,
                "heading": heading,
                "text": text,
                "asked_by_id": asked_by.obj.pk if asked_by else None,
                "asked_by_text": asked_by_text,
                "response": response,
                "response_inline": intro is not None,
                "intro": intro,
            }
        )
        self.parts += [p for p in (heading, text, asked_by_text, response) if p]

    def resolution(self, lead_in, text, label="", depth=0, clauses="", **votes):
        self.pos += 1
        self.resolutions.append(
            {"position": self.pos, "depth": depth, "label": label, "lead_in": lead_in, "text": text, "clauses": clauses}
            | votes
        )
        self.parts += [p for p in (f"{lead_in} {text}".strip(), clauses) if p]

    @property
    def point_count(self):
        return len(self.points)

    def search_texts(self, minutes_public=True):
        """(search_document, agenda text, minutes text), as minutes.search.document_parts makes them."""
        f = self.fields
        if f.get("is_exempt"):
            # The public summary is the exempt item's minute: searchable once the minutes are public.
            agenda, minutes = (f["exempt_summary"] if minutes_public else ""), ""
        else:
            agenda, minutes = f.get("description", ""), "\n".join(self.parts)
        title = f.get("title", "")
        return "\n".join(p for p in (title, agenda, minutes) if p), minutes


@dataclass
class Stats:
    panels: int = 0
    people: int = 0
    memberships: int = 0
    meetings: int = 0
    items: int = 0
    points: int = 0
    questions: int = 0
    resolutions: int = 0
    documents: int = 0
    attendance: int = 0
    declarations: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    def lines(self):
        counts = ", ".join(
            f"{n:,} {name}"
            for name, n in (
                ("panels", self.panels),
                ("people", self.people),
                ("memberships", self.memberships),
                ("meetings", self.meetings),
                ("agenda items", self.items),
                ("minute points", self.points),
                ("questions", self.questions),
                ("resolutions", self.resolutions),
                ("documents", self.documents),
                ("attendance lines", self.attendance),
                ("declarations", self.declarations),
            )
        )
        return [f"Created {counts}.", f"Elapsed {self.seconds:.1f} s; peak RSS {self.peak_rss_mb:.0f} MB."]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# ---------------------------------------------------------------------------------------------------------------
# The generator.


class ArchiveGenerator:
    def __init__(
        self,
        panels=3,
        years=5,
        seed=1,
        items_per_meeting=8,
        points_per_item=6,
        anchor=None,
        batch_points=20000,
        progress=None,
        words=None,
    ):
        if panels < 1 or years < 1 or items_per_meeting < 1 or points_per_item < 1:
            raise ValueError("panels, years, items per meeting and points per item must be at least 1")
        self.n_panels = panels
        self.years = years
        self.seed = seed
        self.k = items_per_meeting
        self.p = points_per_item
        self.anchor = anchor or dt.date.today()
        # `years` of history up to the anchor (1 March for an anchor of 29 February).
        try:
            self.start = self.anchor.replace(year=self.anchor.year - years)
        except ValueError:
            self.start = dt.date(self.anchor.year - years, 3, 1)
        self.end = self.anchor + dt.timedelta(days=120)  # upcoming meetings with their agendas
        self.batch_points = batch_points
        self.progress = progress or (lambda done, total, stats: None)
        # A synthetic_words.ZipfWords to write most of the prose from; None: the template sentences only.
        self.words = words
        self.stats = Stats()
        self.buffer = []
        self.buffer_points = 0
        self.postgres = connection.vendor == "postgresql"
        self.vectors = None

    def rng_for(self, *parts):
        # String seeds are hashed with SHA-512 by random.Random: stable across processes and Python runs.
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    # -- run -----------------------------------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        if self.postgres:
            # Outside a transaction, a second connection computes the vectors of committed batches while this one
            # writes the next batch (to_tsvector is the costliest step). Inside one (tests), it runs inline.
            self.vectors = VectorWriter(threaded=not connection.in_atomic_block)
        try:
            self.generate_all()
        finally:
            if self.vectors is not None:
                self.vectors.close()
        self.stats.seconds = time.monotonic() - started
        self.stats.peak_rss_mb = peak_rss_mb()
        return self.stats

    def generate_all(self):
        plans = [self.plan_panel(i) for i in range(self.n_panels)]
        with transaction.atomic():
            self.create_panels(plans)
        total = sum(len(plan.meetings) for plan in plans)
        done = 0
        self.progress(0, total, self.stats)
        for plan in plans:
            with transaction.atomic():
                self.create_meetings(plan)
            for meeting in plan.meetings:
                self.generate_meeting(plan, meeting)
                done += 1
                if self.buffer_points >= self.batch_points:
                    self.flush()
                    self.progress(done, total, self.stats)
            self.flush()
            self.progress(done, total, self.stats)

    # -- panels, people, memberships -----------------------------------------------------------------------------

    def plan_panel(self, index):
        rng = self.rng_for("panel", index)
        # Every sixth panel is a sub-committee of the panel before it.
        parent_index = index - 1 if index % 6 == 5 else None
        county = COUNTIES[index % len(COUNTIES)]
        kind = PANEL_TYPES[(index // len(COUNTIES) + index) % len(PANEL_TYPES)]
        round_no = index // (len(COUNTIES) * len(PANEL_TYPES))
        if parent_index is not None:
            county = COUNTIES[parent_index % len(COUNTIES)]
            kind = PANEL_TYPES[(parent_index // len(COUNTIES) + parent_index) % len(PANEL_TYPES)]
            name = SUBCOMMITTEE_NAMES[rng.randrange(len(SUBCOMMITTEE_NAMES))]
        else:
            name = kind.name.format(c=county)
            if round_no:
                name = f"{name} (Area {round_no + 1})"
        councils = [d.format(c=county) for d in rng.sample(DISTRICTS, rng.randint(4, 7))]
        councils.insert(0, f"{county} County Council")
        places = [p.format(c=county) for p in PLACES]
        used = set()
        name_style = "initial" if rng.random() < 0.4 else "full"
        honorific = "Councillor" if rng.random() < 0.15 else "Cllr"

        def person(hon=honorific, style=name_style):
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                name = f"{first[0]} {last}" if style == "initial" else f"{first} {last}"
                if name not in used:
                    used.add(name)
                    return PersonRef(hon, name)

        n_seats = 5 if parent_index is not None else rng.randint(10, 14)
        seats = []
        for s in range(n_seats):
            independent = parent_index is None and s >= n_seats - 2
            role = (
                Membership.Role.CHAIR
                if s == 0
                else Membership.Role.VICE_CHAIR
                if s == 1
                else Membership.Role.INDEPENDENT
                if independent
                else Membership.Role.MEMBER
            )
            council = "" if independent else councils[s % len(councils)]
            seat = Seat(council, role)
            day = self.start - dt.timedelta(days=rng.randint(0, 900))
            while day <= self.end:
                length = dt.timedelta(days=rng.randint(2 * 365, 8 * 365))
                end = day + length
                who = person(rng.choice(["Mr", "Mrs", "Ms", "Dr"]), "full") if independent else person()
                seat.terms.append((who, day, end if end <= self.anchor else None))
                day = end + dt.timedelta(days=1)
            seats.append(seat)
        responders, day = [], self.start - dt.timedelta(days=rng.randint(0, 1500))
        while day <= self.end:
            end = day + dt.timedelta(days=rng.randint(3 * 365, 8 * 365))
            who = person(rng.choice(["Mr", "Mrs", "Ms", ""]), "full")
            pronoun = (
                "she"
                if who.honorific in ("Mrs", "Ms")
                else "he"
                if who.honorific == "Mr"
                else rng.choice("he she".split())
            )
            responders.append((who, pronoun, day, end))
            day = end + dt.timedelta(days=1)
        substitutes = [person() for _ in range(3)]
        officers = [(person("", "full").display, role) for role in rng.sample(OFFICER_ROLES, 3)]
        plan = PanelPlan(
            index=index,
            rng=rng,
            kind=kind,
            county=county,
            name=name,
            parent_index=parent_index,
            councils=councils,
            places=places,
            seats=seats,
            responders=responders,
            substitutes=substitutes,
            officers=officers,
            era_year=rng.randint(2014, 2022),
            item_counter=rng.randint(1, 40),
            uses_codes=rng.random() < 0.15,
            name_style=name_style,
        )
        plan.meetings = self.plan_meetings(plan)
        return plan

    def plan_meetings(self, plan):
        rng = plan.rng
        sub = plan.parent_index is not None
        months = rng.choice([[2, 4, 6, 9, 11], [1, 3, 6, 9, 11], [2, 5, 7, 10, 12], [2, 4, 7, 9, 11]])
        if sub:
            months = sorted(rng.sample(months, 2))
        weekday, week = rng.choice([1, 2, 3]), rng.choice([0, 1, 2])
        dates = []
        for year in range(self.start.year, self.end.year + 1):
            for month in months:
                first = dt.date(year, month, 1)
                day = first + dt.timedelta(
                    days=(weekday - first.weekday()) % 7 + 7 * max(0, week + rng.choice([-1, 0, 0, 1]))
                )
                dates.append((day, ""))
            if not sub and rng.random() < 0.35:
                first = dt.date(year, 2, 1) if rng.random() < 0.7 else dt.date(year, rng.randint(3, 12), 1)
                day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
                if (day, "") in dates:
                    day += dt.timedelta(days=7)
                dates.append((day, rng.choice(plan.kind.specials)))
        meetings = [MeetingPlan(date=d, special_name=s) for d, s in sorted(dates) if self.start <= d <= self.end]
        held = []
        for m in meetings:
            if m.date > self.anchor:
                m.status = Meeting.Status.AGENDA if rng.random() < 0.9 else Meeting.Status.DRAFT
                continue
            r = rng.random()
            if r < 0.02:
                m.status = Meeting.Status.CANCELLED
            elif r < 0.025:
                m.status = Meeting.Status.POSTPONED
            elif r < 0.035:
                m.status, m.has_minutes = Meeting.Status.DRAFT, True
            else:
                m.has_minutes = True
                held.append(m)
        for m, nxt in zip(held, [*held[1:], None], strict=True):
            if nxt is not None and rng.random() < 0.97:
                m.status, m.approved_by, nxt.approves = Meeting.Status.APPROVED, nxt, m
            else:
                m.status = Meeting.Status.DRAFT_MINUTES
        return meetings

    def create_panels(self, plans):
        by_slug = set(Panel.objects.values_list("slug", flat=True))
        for plan in plans:
            parent = plans[plan.parent_index] if plan.parent_index is not None else None
            base = slugify(f"{parent.name if parent else ''} {plan.name}")[:80] + "-synthetic"
            slug, n = base, 1
            while slug in by_slug:
                n += 1
                slug = f"{base}-{n}"
            by_slug.add(slug)
            host = f"{plan.county} County Council"
            plan.obj = Panel(
                name=plan.name,
                slug=slug,
                short_name=plan.kind.short,
                host_authority=host,
                description=f"Synthetic test data: an invented {plan.kind.key} body; {plan.county} does not exist.",
                contact=f"{plan.officers[0][0]}  Email: clerk@{slugify(plan.county)}.example",
                is_synthetic=True,
            )
        # Parents first, so sub-committees can point at them.
        Panel.objects.bulk_create([p.obj for p in plans if p.parent_index is None])
        for plan in plans:
            if plan.parent_index is not None:
                plan.obj.parent = plans[plan.parent_index].obj
        Panel.objects.bulk_create([p.obj for p in plans if p.parent_index is not None])
        people, memberships = [], []
        for plan in plans:
            refs = [who for seat in plan.seats for who, *_ in seat.terms]
            refs += [who for who, *_ in plan.responders] + plan.substitutes
            for ref in refs:
                # bulk_create skips save(), so the slug is made here; the index keeps equal names apart.
                ref.obj = Person(
                    honorific=ref.honorific,
                    name=ref.name,
                    slug=f"{slugify(ref.name)}-{len(people) + 1}-synthetic",
                    is_synthetic=True,
                )
                people.append(ref.obj)
        Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
        for plan in plans:
            for seat in plan.seats:
                for who, start, end in seat.terms:
                    memberships.append(
                        Membership(
                            panel=plan.obj,
                            person=who.obj,
                            role=seat.role,
                            council=seat.council,
                            start_date=start,
                            end_date=end,
                        )
                    )
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        self.stats.panels += len(plans)
        self.stats.people += len(people)
        self.stats.memberships += len(memberships)

    # -- meetings ------------------------------------------------------------------------------------------------

    def create_meetings(self, plan):
        rng = plan.rng
        county_slug = slugify(plan.county)
        venues = [
            (f"Council Chamber, County Hall, {plan.places[0]}", True),
            ("Committee Room 2, Shire Hall", True),
            ("Darent Room", False),
            ("Online", False),
            ("", False),
        ]
        for m in plan.meetings:
            venue, directions = venues[min(int(rng.random() ** 2 * len(venues)), len(venues) - 1)]
            if m.date.year in (2020, 2021) and rng.random() < 0.8:
                venue, directions = "Online", False
            hour, minute = rng.choice([(10, 0), (10, 0), (14, 0), (14, 30), (19, 0)])
            clerk = plan.officers[0][0]
            contact = rng.choice(
                [
                    f"{clerk}  Email: clerk@{county_slug}.example",
                    f"{clerk} 03000 {rng.randint(410000, 419999)}",
                    f"{clerk} / {plan.officers[1][0]} 03000 {rng.randint(410000, 419999)} / 03000 {rng.randint(410000, 419999)}",
                    clerk,
                    f"{clerk} Tel: ext. {rng.randint(1000, 9999)}",
                ]
            )
            note = ""
            if m.status == Meeting.Status.CANCELLED:
                note = "This meeting has been cancelled."
            elif m.status == Meeting.Status.POSTPONED:
                note = "This meeting has been postponed; a new date will be published."
            elif venue == "Online" and rng.random() < 0.5:
                note = f"This meeting will be held remotely. To watch it, follow https://{county_slug}.example/live/{rng.randint(100000, 999999)}"
            m.obj = Meeting(
                panel=plan.obj,
                date=m.date,
                start_time=dt.time(hour, minute),
                special_name=m.special_name,
                venue=venue,
                venue_directions_url=f"https://{county_slug}.example/directions" if directions else "",
                contact=contact,
                note=note,
                media_url=f"https://{county_slug}.example/webcast/{m.date:%Y%m%d}" if rng.random() < 0.4 else "",
                status=m.status,
                changed_at=self.changed_at(m, rng),
            )
        Meeting.objects.bulk_create([m.obj for m in plan.meetings], batch_size=BATCH_SIZE)
        approved = [m for m in plan.meetings if m.approved_by is not None]
        for m in approved:
            m.obj.approved_at_meeting_id = m.approved_by.obj.pk
        if approved:
            self.update_column(
                Meeting,
                "approved_at_meeting_id",
                [(m.obj.pk, m.obj.approved_at_meeting_id) for m in approved],
                "bigint",
            )
        self.stats.meetings += len(plan.meetings)

    def changed_at(self, m, rng):
        """When the record last moved: after approval for approved minutes, after the meeting for drafts, before it
        for agendas. Never after the anchor date."""
        if m.approved_by is not None:
            day = m.approved_by.date + dt.timedelta(days=rng.randint(1, 10))
        elif m.status in (Meeting.Status.DRAFT_MINUTES, Meeting.Status.DRAFT) and m.date <= self.anchor:
            day = m.date + dt.timedelta(days=rng.randint(3, 21))
        else:
            day = m.date - dt.timedelta(days=rng.randint(2, 14))
        day = min(day, self.anchor)
        return dt.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=UTC)

    # -- content -------------------------------------------------------------------------------------------------

    def members_at(self, plan, day):
        out = []
        for seat in plan.seats:
            who = seat.holder(day)
            if who is not None:
                out.append((who, seat))
        return out

    def responder_at(self, plan, day):
        for who, pronoun, start, end in plan.responders:
            if start <= day <= end:
                return who, pronoun
        return plan.responders[-1][:2]

    def generate_meeting(self, plan, m):
        rng = plan.rng
        kind = plan.kind
        day = m.date
        era = day.year >= plan.era_year
        chair_word = "Chair" if era else "Chairman"
        responder, pronoun = self.responder_at(plan, day)
        members = self.members_at(plan, day)
        fy = f"{day.year}/{(day.year + 1) % 100:02d}"
        body_cap = BODY_CAP.get(kind.short, "Panel")
        filler = Filler(
            rng,
            {
                "fact": kind.facts + COMMON_FACTS,
                "issue": kind.issues + COMMON_ISSUES,
                "answer": kind.answers + COMMON_ANSWERS,
                "issue_neg": ISSUE_NEG,
                "issue_short": ISSUE_SHORT,
                "measure": MEASURES,
                "place": plan.places,
                "member": [who.display for who, _ in members] or ["A Member"],
                "officer_role": (
                    kind.responder_role,
                    plan.officers[0][1],
                    plan.officers[1][1],
                    "Chief Finance Officer",
                ),
                "said": SAID,
                "month": MONTHS,
                "n": [str(i) for i in range(2, 25)],
                "n2": [str(i) for i in range(10, 60)],
                "n3": [f"{i:,}" for i in range(120, 4000, 37)],
                "n4": [f"{day.year % 100:02d}/{i:05d}" for i in range(100, 999, 7)],
                "pct": [str(i) for i in range(2, 31)],
                "money": ["1.2 million", "350,000", "2.4 million", "72,000", "640,000", "4.1 million", "95,000"],
                "day": [str(i) for i in range(1, 29)],
                "q": ["1", "2", "3", "4"],
            },
            drawn=dict.fromkeys(DRAWN_CLAUSES, self.words.clause) if self.words else None,
            drawn_share=CLAUSE_SHARE,
        )
        filler.update(
            resp=kind.responder,
            Resp=kind.responder[0].upper() + kind.responder[1:],
            resp_cap_short=kind.responder[0].upper() + kind.responder[1:],
            pron=pronoun,
            Pron=pronoun.capitalize(),
            poss="her" if pronoun == "she" else "his",
            body=body_cap,
            body_cap=body_cap,
            body_short=f"the {body_cap}" if rng.random() < 0.5 else body_cap,
            fy=fy,
            y=str(day.year),
        )
        filler["topic_l"] = filler.fill(kind.topics[0])
        ctx = MeetingContext(plan, m, filler, members, responder, chair_word, era)
        ctx.words = self.words
        held = m.has_minutes

        # Attendance planned first: apologies and substitutes feed the apologies item.
        if held:
            ctx.plan_attendance(rng)
        items = ctx.agenda(rng, self.k)
        # Points budget: procedural items take what they need, substantive items share the rest.
        builders = []
        substantive = []
        for spec in items:
            builder = ctx.build(rng, spec, held)
            builders.append(builder)
            if held and spec[0] in ("report", "update"):
                substantive.append((builder, spec))
        if held and substantive:
            budget = len(items) * self.p - sum(b.point_count for b in builders)
            weights = [0.3 + rng.random() * rng.random() * 3 for _ in substantive]
            total = sum(weights)
            shares = [max(1, int(budget * w / total)) for w in weights]
            for i in range(max(0, budget - sum(shares))):
                shares[i % len(shares)] += 1
            for (builder, spec), share in zip(substantive, shares, strict=True):
                ctx.report_body(rng, builder, spec, share)
        reports = [n for n, (kind_, _) in enumerate(items, start=1) if kind_ in ("report", "update")]
        for d in ctx.declarations:
            d["item_position"] = rng.choice(reports) if reports and rng.random() < 0.7 else None
        numbers = ctx.number_items(rng, builders, items)
        for builder, (number, code) in zip(builders, numbers, strict=True):
            builder.fields.update(number=number, agenda_code=code)
        declarations = ctx.declarations if held else []
        self.buffer.append((m.obj, builders, ctx.attendance if held else [], declarations))
        self.buffer_points += sum(b.point_count for b in builders)

    # -- writing -------------------------------------------------------------------------------------------------

    def flush(self):
        if not self.buffer:
            return
        with transaction.atomic():
            if self.postgres:
                with connection.cursor() as cursor:
                    # Losing the last batches in a crash is harmless here; waiting for each WAL flush is not.
                    cursor.execute("SET LOCAL synchronous_commit = off")
            vector_rows = self.write_buffer()
        if vector_rows:
            self.vectors.submit(vector_rows)
        self.buffer, self.buffer_points = [], 0
        reset_queries()  # DEBUG=1 keeps every query (with its parameters) otherwise

    def write_buffer(self):
        items, pairs = [], []
        for meeting, builders, _, _ in self.buffer:
            for position, builder in enumerate(builders, start=1):
                document, minutes = builder.search_texts(meeting.status in Meeting.MINUTES_STATES)
                item = AgendaItem(meeting_id=meeting.pk, position=position, search_document=document, **builder.fields)
                items.append(item)
                pairs.append((item, builder, minutes))
        AgendaItem.objects.bulk_create(items, batch_size=BATCH_SIZE)

        points, intros = [], {}
        for item, builder, _ in pairs:
            wanted = {q["intro"] for q in builder.questions if q["intro"] is not None}
            for position, depth, label, kind, text in builder.points:
                point = MinutePoint(item_id=item.pk, position=position, depth=depth, label=label, kind=kind, text=text)
                points.append(point)
                if position in wanted:
                    intros[item.pk, position] = point
        MinutePoint.objects.bulk_create(points, batch_size=BATCH_SIZE)

        questions, resolutions, documents, attendance = [], [], [], []
        for item, builder, _ in pairs:
            for q in builder.questions:
                intro = q["intro"]
                fields = {k: v for k, v in q.items() if k != "intro"}
                introduced = intros[item.pk, intro].pk if intro is not None else None
                questions.append(Question(item_id=item.pk, introduced_by_id=introduced, **fields))
            resolutions += [Resolution(item_id=item.pk, **r) for r in builder.resolutions]
            documents += [Document(item_id=item.pk, meeting_id=item.meeting_id, **d) for d in builder.documents]
            attendance += [Attendance(item_id=item.pk, meeting_id=item.meeting_id, **a) for a in builder.attendance]
        item_of = {(item.meeting_id, item.position): item for item in items}
        declarations, declared_people = [], []
        for meeting, _, meeting_attendance, meeting_declarations in self.buffer:
            attendance += [Attendance(meeting_id=meeting.pk, **a) for a in meeting_attendance]
            for position, d in enumerate(meeting_declarations, start=1):
                item = item_of.get((meeting.pk, d["item_position"]))
                declaration = Declaration(
                    meeting_id=meeting.pk,
                    item_id=item.pk if item else None,
                    position=position,
                    people_text=d["people_text"],
                    interest=d["interest"],
                    is_disclosable_pecuniary=d["dpi"],
                    left_meeting=d["left"],
                )
                declarations.append(declaration)
                declared_people.append(d["people"])
        no_declarations = [meeting.pk for meeting, *_ in self.buffer if meeting.no_declarations]
        if no_declarations:
            # Keeps the generated stamp (update() would move it to now): the archive is the same for a seed.
            Meeting.objects.filter(pk__in=no_declarations).update(no_declarations=True, changed_at=F("changed_at"))
        Question.objects.bulk_create(questions, batch_size=BATCH_SIZE)
        Resolution.objects.bulk_create(resolutions, batch_size=BATCH_SIZE)
        Document.objects.bulk_create(documents, batch_size=BATCH_SIZE)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE)
        Declaration.objects.bulk_create(declarations, batch_size=BATCH_SIZE)
        through = Declaration.people.through
        Declaration.people.through.objects.bulk_create(
            [
                through(declaration_id=d.pk, person_id=person.obj.pk)
                for d, people in zip(declarations, declared_people, strict=True)
                for person in people
            ],
            batch_size=BATCH_SIZE,
        )
        s = self.stats
        s.items += len(items)
        s.points += len(points)
        s.questions += len(questions)
        s.resolutions += len(resolutions)
        s.documents += len(documents)
        s.attendance += len(attendance)
        s.declarations += len(declarations)
        if connection.vendor == "sqlite":
            # SQLite's full-text tables are filled item by item, as every save fills them (the embedded default
            # holds small archives).
            from ..search import refresh_search_document

            for item in items:
                refresh_search_document(item.pk)
        return [(item.pk, minutes) for item, _, minutes in pairs] if self.postgres else []

    def update_column(self, model, column, rows, sql_type):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    f"UPDATE {table} AS t SET {column} = v.value "
                    f"FROM unnest(%s::bigint[], %s::{sql_type}[]) AS v(id, value) WHERE t.id = v.id",
                    [[pk for pk, _ in rows], [value for _, value in rows]],
                )
            else:
                cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", [(v, pk) for pk, v in rows])


def fill_search_vectors(rows, using="default"):
    """Set-based UPDATEs: for every (item id, minutes text), the vector minutes.search.refresh_search_document would
    set: title weighted A, agenda text (an exempt item's summary) B, minutes C, all with the 'english' config."""
    table = AgendaItem._meta.db_table
    for start in range(0, len(rows), BATCH_SIZE):
        chunk = rows[start : start + BATCH_SIZE]
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {table} AS a SET search_vector =
                    setweight(to_tsvector('english'::regconfig, COALESCE(a.title, '')), 'A')
                    || setweight(to_tsvector('english'::regconfig, COALESCE(
                        CASE WHEN NOT a.is_exempt THEN a.description
                             WHEN m.status = ANY(%s) THEN a.exempt_summary END, '')), 'B')
                    || setweight(to_tsvector('english'::regconfig, COALESCE(d.minutes, '')), 'C')
                FROM unnest(%s::bigint[], %s::text[]) AS d(id, minutes), {Meeting._meta.db_table} AS m
                WHERE a.id = d.id AND m.id = a.meeting_id
                """,
                [[str(s) for s in Meeting.MINUTES_STATES], [pk for pk, _ in chunk], [minutes for _, minutes in chunk]],
            )


class VectorWriter:
    """Fills search vectors of committed batches, in a thread with its own connection, or inline."""

    def __init__(self, threaded):
        self.threaded = threaded
        self.error = None
        if threaded:
            self.queue = queue.Queue(maxsize=2)  # back-pressure: at most two batches waiting
            self.thread = threading.Thread(target=self.work, name="search-vectors", daemon=True)
            self.thread.start()

    def submit(self, rows):
        if not self.threaded:
            fill_search_vectors(rows)
            return
        if self.error is not None:
            raise self.error
        self.queue.put(rows)

    def work(self):
        try:
            for rows in iter(self.queue.get, None):
                if self.error is not None:
                    continue  # keep draining so the producer never blocks
                try:
                    with transaction.atomic():
                        with connection.cursor() as cursor:
                            cursor.execute("SET LOCAL synchronous_commit = off")
                        fill_search_vectors(rows)
                    reset_queries()
                except Exception as exc:  # reported to the main thread
                    self.error = exc
        finally:
            connection.close()

    def close(self):
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
            if self.error is not None:
                raise self.error


class MeetingContext:
    """What one meeting's items are generated from: its people, vocabulary and style."""

    def __init__(self, plan, meeting, filler, members, responder, chair_word, era):
        self.plan = plan
        self.meeting = meeting
        self.f = filler
        self.members = members
        self.responder = responder
        self.chair_word = chair_word
        self.era = era
        self.attendance = []
        self.apologies = []  # (PersonRef, council)
        self.substitutes = []  # (substitute PersonRef, for PersonRef)
        self.declarations = []
        self.topics = []
        self.words = None

    # -- attendance ----------------------------------------------------------------------------------------------

    def plan_attendance(self, rng):
        present, position = [], 0
        absent = {i for i in range(len(self.members)) if rng.random() < 0.1}
        for i, (who, seat) in enumerate(self.members):
            if i in absent:
                self.apologies.append((who, seat.council))
                continue
            role = self.chair_word if seat.role == Membership.Role.CHAIR else ""
            if seat.role == Membership.Role.VICE_CHAIR:
                role = f"Vice-{self.chair_word}"
            present.append(
                {"kind": Attendance.Kind.PRESENT, "person_id": who.obj.pk, "role": role, "council": seat.council}
            )
        for n, (who, council) in enumerate(self.apologies, start=1):
            self.attendance.append(
                {"kind": Attendance.Kind.APOLOGIES, "person_id": who.obj.pk, "council": council, "position": n}
            )
            if council and n <= len(self.plan.substitutes) and rng.random() < 0.4:
                sub = self.plan.substitutes[n - 1]
                self.substitutes.append((sub, who))
                self.attendance.append(
                    {
                        "kind": Attendance.Kind.SUBSTITUTE,
                        "person_id": sub.obj.pk,
                        "substitute_for_id": who.obj.pk,
                        "council": council,
                        "position": len(self.substitutes),
                    }
                )
        for row in present:
            position += 1
            self.attendance.append(row | {"position": position})
        self.attendance.append(
            {
                "kind": Attendance.Kind.ALSO_PRESENT,
                "person_id": self.responder.obj.pk,
                "role": self.plan.kind.responder_role,
                "position": 1,
            }
        )
        for n, (name, role) in enumerate(self.plan.officers, start=1):
            if n == 1 or rng.random() < 0.6:
                self.attendance.append(
                    {"kind": Attendance.Kind.IN_ATTENDANCE, "name": name, "role": role, "position": n}
                )

    # -- the agenda ----------------------------------------------------------------------------------------------

    def agenda(self, rng, k):
        """[(kind, extra)] in agenda order."""
        m = self.meeting
        target = max(3, k + rng.choice([-2, -1, 0, 0, 1, 2]))
        head = []
        municipal = m.date.month in (5, 6, 7) and not m.special_name
        if municipal and rng.random() < 0.8:
            head.append(("election", "Chair"))
            if rng.random() < 0.6:
                head.append(("election", "Vice-Chair"))
        if rng.random() < 0.92:
            head.append(("apologies", None))
        if rng.random() < 0.9:
            head.append(("declarations", None))
        if m.approves is not None and not m.special_name:
            head.append(("minutes_approval", m.approves))
        if rng.random() < 0.08:
            head.append(("membership", None))
        tail = []
        exempt = rng.random() < 0.06
        if rng.random() < 0.6 and not m.special_name:
            tail.append(("work_programme", None))
        if rng.random() < 0.2:
            tail.append(("future_dates", None))
        middle_n = max(1, target - len(head) - len(tail) - (2 if exempt else 0))
        middle = []
        topics = list(self.plan.kind.topics)
        rng.shuffle(topics)
        if m.special_name:
            topics.insert(0, m.special_name)
        for i in range(middle_n):
            r = rng.random()
            if r < 0.12 and not any(kind == "questions" for kind, _ in middle):
                middle.append(("questions", None))
            else:
                topic = self.f.fill(topics[i % len(topics)])
                middle.append(("update" if r < 0.3 else "report", topic))
        if exempt:
            middle += [("exclusion", None), ("exempt", self.f.fill(rng.choice(self.plan.kind.topics)))]
        return head + middle + tail

    def number_items(self, rng, builders, items):
        plan = self.plan
        counter = plan.item_counter
        if rng.random() < 0.02:
            counter = rng.randint(1, 30)
        out, codes = [], {}
        for _ in builders:
            out.append(str(counter))
            counter += 1
        plan.item_counter = counter
        if plan.uses_codes:
            for i, (kind, _) in enumerate(items):
                letter_ = (
                    "A" if kind in ("apologies", "declarations", "minutes_approval", "election", "membership") else "B"
                )
                if kind in ("exclusion", "exempt"):
                    letter_ = "E"
                codes[letter_] = codes.get(letter_, 0) + 1
                out[i] = (out[i], f"{letter_}{codes[letter_]}")
            return out
        return [(n, "") for n in out]

    # -- items ---------------------------------------------------------------------------------------------------

    def build(self, rng, spec, held):
        kind, extra = spec
        f = self.f
        labels = {"show_documents_label": rng.random() < (0.3 if self.era else 0.9), "show_minutes_label": held}
        if kind == "election":
            b = ItemBuilder(
                title=f"Election of {self.chair_word if extra == 'Chair' else 'Vice-' + self.chair_word}",
                kind=AgendaItem.Kind.ELECTION,
                **labels,
            )
            if held:
                self.election(rng, b, extra)
            return b
        if kind == "apologies":
            b = ItemBuilder(
                title=rng.choice(["Apologies and Substitutes", "Apologies for Absence", "Apologies"]),
                kind=AgendaItem.Kind.APOLOGIES,
                description="To receive apologies for absence and notification of any substitutes."
                if rng.random() < 0.2
                else "",
                **labels,
            )
            if held:
                self.apologies_text(rng, b)
            return b
        if kind == "declarations":
            b = ItemBuilder(
                title=rng.choice(
                    [
                        "Declarations of Interests by Members in Items on the Agenda for this Meeting",
                        "Declarations of Interest",
                        "Disclosable Pecuniary Interests and Other Significant Interests",
                    ]
                ),
                kind=AgendaItem.Kind.DECLARATIONS,
                **labels,
            )
            if held:
                self.declarations_text(rng, b)
            return b
        if kind == "minutes_approval":
            prev = extra.date
            b = ItemBuilder(
                title=f"Minutes of the {self.plan.kind.short[4:]} held on {long_date(prev)}",
                kind=AgendaItem.Kind.MINUTES_APPROVAL,
                **labels,
            )
            b.documents.append(self.document(rng, b.fields["title"], Document.Kind.MINUTES))
            if held:
                self.approval_text(rng, b, prev)
            return b
        if kind == "membership":
            old, new = rng.choice(self.plan.substitutes), rng.choice(self.members)[0] if self.members else None
            council = rng.choice(self.plan.councils)
            b = ItemBuilder(
                title="",
                kind=AgendaItem.Kind.MEMBERSHIP,
                description=f"To note that {new.display if new else 'a new Member'} has replaced {old.display} as the representative of {council}.",
                **labels,
            )
            if held and rng.random() < 0.5:
                b.point(f"The {f['body_cap']} noted the change in membership.")
            return b
        if kind == "questions":
            b = ItemBuilder(
                title=rng.choice([f"Questions to {f['resp']}", "Questions from Members", f"Questions to {f['resp']}"]),
                kind=AgendaItem.Kind.QUESTIONS,
                **labels,
            )
            if held:
                self.question_blocks(rng, b)
            return b
        if kind == "exclusion":
            b = ItemBuilder(title="Exclusion of the Press and Public", kind=AgendaItem.Kind.EXCLUSION, **labels)
            motion = (
                "that under Section 100A of the Local Government Act 1972 the press and public be excluded from the "
                "meeting for the following business on the grounds that it involves the likely disclosure of exempt "
                f"information as defined in paragraph {rng.randint(1, 7)} of Part 1 of Schedule 12A of the Act."
            )
            if held:
                if rng.random() < 0.5:
                    b.point(f"The {self.chair_word} moved, and it was seconded, {motion}")
                b.resolution("RESOLVED", motion)
            return b
        if kind == "exempt":
            title = f"{extra} - Exempt"
            b = ItemBuilder(
                title=title,
                kind=AgendaItem.Kind.OTHER,
                is_exempt=True,
                exempt_summary=rng.choice(["SUMMARY OF EXEMPT ITEM", "Public minute of exempt item"])
                + f"\n\nThe {f['body_cap']} considered a confidential report on the {extra} and agreed the recommendations set out in it.",
                **labels,
            )
            if held:
                for _ in range(rng.randint(1, 3)):
                    b.point(self.sentences(rng, 2), label="")
                b.resolution("RESOLVED", "that the recommendations in the exempt report be agreed.")
            return b
        if kind == "work_programme":
            b = ItemBuilder(
                title=rng.choice(["Work Programme", f"Forward Work Programme {f['fy']}", "Work Programme - to follow"]),
                kind=AgendaItem.Kind.OTHER,
                **labels,
            )
            b.documents.append(self.document(rng, "Work Programme"))
            if held:
                if rng.random() < 0.3:
                    b.point(f.fill("{member} asked that {issue_short} be added to the programme for {month}."))
                b.resolution(
                    "RESOLVED",
                    rng.choice(
                        [
                            "to note the work programme.",
                            "that the work programme be noted.",
                            "to note the work programme",
                        ]
                    ),
                )
            return b
        if kind == "future_dates":
            dates = [mp.date for mp in self.plan.meetings if mp.date > self.meeting.date][:5]
            paras, year = [], None
            for d in dates:
                if d.year != year:
                    year = d.year
                    paras.append(str(year))
                paras.append(f"{d.day} {MONTHS[d.month - 1]}")
            b = ItemBuilder(
                title=rng.choice(["Future Meeting Dates", "Date of Next Meeting"]),
                kind=AgendaItem.Kind.OTHER,
                description="\n\n".join(["To note the dates of future meetings:", *paras]) if paras else "",
                **labels,
            )
            if held and rng.random() < 0.6:
                b.point(f"The {f['body_cap']} noted the dates of future meetings.")
            return b
        # report / update: title and agenda now, the body once the points budget is known.
        topic = extra
        suffix = (
            rng.choice(["", "", "", "", " - progress report", " - to follow"]) if kind == "report" else " - oral update"
        )
        if kind == "update" and rng.random() < 0.5:
            suffix = " - update"
        description = ""
        if rng.random() < 0.45:
            description = f"To receive a report from {f['resp']} on the {topic}."
            if rng.random() < 0.3:
                description += "\n\n" + f.fill("The {body_cap} is asked to note the report and make any comments.")
        b = ItemBuilder(
            title=f"{topic}{suffix}",
            kind=AgendaItem.Kind.UPDATE if kind == "update" else AgendaItem.Kind.REPORT,
            description=description,
            **labels,
        )
        if kind == "report" and rng.random() < 0.6:
            b.documents.append(self.document(rng, topic))
            if rng.random() < 0.3:
                b.documents.append(self.document(rng, f"Appendix A - {topic}", Document.Kind.APPENDIX, additional=True))
        return b

    def document(self, rng, title, kind=Document.Kind.REPORT, additional=False):
        return {
            "title": title,
            "kind": kind,
            "is_additional": additional,
            "file_format": "PDF",
            "size_bytes": rng.randint(30, 900) * 1024 + rng.randint(0, 1023),
            "position": 1 if not additional else 2,
        }

    # -- minute text ---------------------------------------------------------------------------------------------

    def sentences(self, rng, n):
        fill, words = self.f.fill, self.words
        if words is None:
            return " ".join(fill(BODY[int(rng.random() * len(BODY))]) for _ in range(n))
        # With a word list, most sentences are drawn from it and the rest keep the trade's set phrases.
        return " ".join(
            words.sentence(rng) if rng.random() < PROSE_SHARE else fill(BODY[int(rng.random() * len(BODY))])
            for _ in range(n)
        )

    def sentence_count(self, rng):
        r = rng.random()
        if r < 0.35:
            return 1
        if r < 0.65:
            return 2
        if r < 0.83:
            return 3
        if r < 0.93:
            return 4
        if r < 0.985:
            return rng.randint(5, 7)
        return rng.randint(8, 14)

    def report_body(self, rng, b, spec, budget):
        f = self.f
        kind, topic = spec
        f["topic_l"] = topic.split(" - ")[0]
        style = rng.choices(["dot", "paren", "rparen", "none", "first"], weights=[50, 15, 8, 15, 12])[0]
        top = TOP_STYLES["dot" if style == "first" else style]
        sub_style = rng.choice(["a.", "a)", "(a)", "(a)"])
        deep_style = rng.choice(["(i)", "·", "-", "1."])
        counter = 0
        spent = 0

        def top_point(text, kind=MinutePoint.Kind.PARAGRAPH):
            nonlocal counter, spent
            counter += 1
            spent += 1
            label = "" if (style == "first" and counter == 1) else top(counter)
            return b.point(text, 0, label, kind)

        if rng.random() < 0.05 and budget > 2:
            name, role = rng.choice(self.plan.officers)
            b.point(f"{name} ({role}) was in attendance for this item.", kind=MinutePoint.Kind.ATTENDANCE)
            b.attendance.append({"kind": Attendance.Kind.IN_ATTENDANCE, "name": name, "role": role, "position": 1})
            spent += 1
        opener = f.fill(OPENERS[int(rng.random() * len(OPENERS))])
        more = self.sentence_count(rng) - 1
        top_point(f"{opener} {self.sentences(rng, more)}" if more else opener)
        questions_done = False
        while spent < budget:
            left = budget - spent
            r = rng.random()
            if r < 0.03 and left >= 3:
                b.point(rng.choice(HEADINGS), kind=MinutePoint.Kind.HEADING)
                spent += 1
            elif r < 0.15 and not questions_done:
                questions_done = True
                intro = top_point(f.fill(QUESTION_INTROS[int(rng.random() * len(QUESTION_INTROS))]))
                q_label = rng.choice(["·", "·", "·", "a."])
                for n in range(1, rng.randint(2, 5) + 1):
                    # The responder by name at first, then often by pronoun, as minutes write it.
                    who = "{Resp}" if n == 1 or rng.random() < 0.4 else "{Pron}"
                    b.question(
                        f.fill("Whether {issue}."),
                        f.fill(who + " {said} that {answer}."),
                        depth=1,
                        label=SUB_STYLES[q_label](n),
                        intro=intro,
                    )
            elif r < 0.30 and left >= 3:
                top_point(f.fill(LIST_INTROS[int(rng.random() * len(LIST_INTROS))]))
                fmt = SUB_STYLES[sub_style]
                for n in range(1, min(left - 1, rng.randint(2, 6)) + 1):
                    if spent >= budget:
                        break
                    text = f.fill(LIST_ITEMS[int(rng.random() * len(LIST_ITEMS))])
                    b.point(text[0].lower() + text[1:], 1, fmt(n))
                    spent += 1
                    if rng.random() < 0.2 and budget - spent >= 2:
                        deep = SUB_STYLES[deep_style]
                        for d in range(1, rng.randint(2, 3) + 1):
                            if spent >= budget:
                                break
                            b.point(f.fill("{fact};"), 2, deep(d))
                            spent += 1
                            if rng.random() < 0.1 and spent < budget:
                                b.point(f.fill("{answer}."), 3, "·")
                                spent += 1
            elif r < 0.305:
                b.point(f.fill(NOTES[int(rng.random() * len(NOTES))]), kind=MinutePoint.Kind.NOTE)
                spent += 1
            elif r < 0.35 and style != "none":
                b.point(self.sentences(rng, self.sentence_count(rng)))  # prose between numbered points
                spent += 1
            else:
                top_point(self.sentences(rng, self.sentence_count(rng)))
        if rng.random() < (0.7 if kind == "report" else 0.3):
            self.resolve(rng, b, counter, style)

    def resolve(self, rng, b, counter, style):
        f = self.f
        lead, text = RESOLUTION_TEXTS[int(rng.random() * len(RESOLUTION_TEXTS))]
        label = f"({counter + 1})" if style == "paren" and rng.random() < 0.3 else ""
        votes, clauses = {}, ""
        if rng.random() < 0.12:
            lead, text = "RESOLVED", "that the " + f["body_cap"] + ":"
            n = rng.randint(2, 8)
            parts = [f"({letter(i)})   {f.fill(rng.choice(CLAUSES))}" for i in range(1, n + 1)]
            clauses = "\n\n".join(
                f"{p};" if i < n - 2 else f"{p}; and" if i == n - 2 else f"{p}." for i, p in enumerate(parts)
            )
        if lead == "UNANIMOUSLY RESOLVED":
            votes["outcome"] = Resolution.Outcome.UNANIMOUS
        elif lead == "" and text.startswith("Agreed without"):
            votes["outcome"] = Resolution.Outcome.WITHOUT_VOTE
        elif rng.random() < 0.12:
            size = max(3, len(self.members) - len(self.apologies))
            against = rng.randint(0, size // 3)
            abstain = rng.randint(0, 2)
            votes.update(
                votes_for=size - against - abstain,
                votes_against=against,
                abstentions=abstain,
                outcome=Resolution.Outcome.CARRIED if size - against - abstain > against else Resolution.Outcome.LOST,
            )
            if rng.random() < 0.3 and self.members:
                names = [who.display for who, _ in self.members[:size]]
                votes["vote_detail"] = {
                    "for": names[: votes["votes_for"]],
                    "against": names[votes["votes_for"] : votes["votes_for"] + against],
                    "abstain": names[votes["votes_for"] + against : votes["votes_for"] + against + abstain],
                }
        b.resolution(lead, f.fill(text), label=label, clauses=clauses, **votes)

    def election(self, rng, b, office):
        f = self.f
        title = self.chair_word if office == "Chair" else f"Vice-{self.chair_word}"
        candidates = [who.display for who, seat in self.members] or ["A Member"]
        winner = candidates[0] if office == "Chair" else candidates[min(1, len(candidates) - 1)]
        proposer, seconder = rng.sample(candidates, 2) if len(candidates) > 1 else (candidates[0], candidates[0])
        if rng.random() < 0.2 and len(candidates) > 3:
            other = candidates[-1]
            a, c = rng.randint(6, 10), rng.randint(2, 5)
            b.point(f"{winner} and {other} were nominated for the position of {title}.", label="1.")
            b.point(
                f"{winner} received {a} votes and {other} received {c} votes. There was one abstention.", label="2."
            )
            b.resolution(
                "RESOLVED",
                f"that {winner} be elected {title} of the {f['body_cap']} for {f['fy']}.",
                label="3." if rng.random() < 0.5 else "",
                votes_for=a,
                abstentions=1,
                outcome=Resolution.Outcome.CARRIED,
                vote_detail={"candidates": {winner: a, other: c}},
            )
            return
        b.point(f"{proposer} proposed and {seconder} seconded that {winner} be elected {title} of the {f['body_cap']}.")
        if rng.random() < 0.7:
            b.point("No other nominations were received.")
        if rng.random() < 0.5:
            b.resolution(
                "", f"Agreed without a vote. {winner} was duly elected {title}", outcome=Resolution.Outcome.WITHOUT_VOTE
            )
        else:
            b.resolution(
                "UNANIMOUSLY RESOLVED" if rng.random() < 0.4 else "RESOLVED",
                f"that {winner} be elected {title} of the {f['body_cap']} for {f['fy']}.",
                outcome=Resolution.Outcome.UNANIMOUS,
            )

    def apologies_text(self, rng, b):
        names = [who.display for who, _ in self.apologies]
        subs = [f"{s.display} substituted for {w.display}." for s, w in self.substitutes]
        if not names:
            b.point(rng.choice(["There were no apologies for absence.", "No apologies were received."]))
            return
        form = rng.choice(["bullets", "inline", "paren", "dash"])
        if form == "bullets" or form == "dash":
            numbered = rng.random() < 0.5
            b.point("Apologies were received from:", label="1." if numbered else "")
            for name in names:
                b.point(name, 1, "·" if form == "bullets" else "-")
            for n, s in enumerate(subs, start=2):
                b.point(s, label=f"{n}." if numbered else "")
        elif form == "inline":
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            b.point(f"Apologies for absence were received from {joined}." + (" " + " ".join(subs) if subs else ""))
        else:
            councils = [f"{who.display} ({c})" if c else who.display for who, c in self.apologies]
            joined = councils[0] if len(councils) == 1 else ", ".join(councils[:-1]) + " and " + councils[-1]
            b.point(f"The Clerk reported apologies from {joined}.", label="(1)")
            for n, s in enumerate(subs, start=2):
                b.point(s, label=f"({n})")

    def declarations_text(self, rng, b):
        if not self.members or rng.random() > 0.15:
            b.point(rng.choice(["No declarations were made.", "There were no declarations of interest."]))
            self.meeting.obj.no_declarations = True
            return
        for n in range(1, rng.randint(1, 2) + 1):
            people = rng.sample([who for who, _ in self.members], min(len(self.members), rng.choice([1, 1, 1, 2])))
            if len(people) == 1:
                people_text = people[0].display
            else:
                people_text = f"{people[0].honorific}s {people[0].name} and {people[1].name}"
            interest = self.f.fill(
                rng.choice(
                    [
                        "a personal interest as a member of the {place} Community Safety Partnership",
                        "an interest as a governor of a school in {place}",
                        "a Disclosable Pecuniary Interest as the owner of land near the site",
                        "an interest as a trustee of a local charity supported by the fund",
                    ]
                )
            )
            left = "Disclosable" in interest and rng.random() < 0.8
            self.declarations.append(
                {
                    "people": people,
                    "people_text": people_text,
                    "interest": interest,
                    "dpi": "Disclosable" in interest,
                    "left": left,
                    "item_position": None,  # filled below once the agenda is numbered
                }
            )
            text = f"{people_text} declared {interest}"
            if left:
                text += " and left the meeting for that item"
            b.point(text + ".", label=f"{n}." if rng.random() < 0.4 else "")

    def approval_text(self, rng, b, prev):
        f = self.f
        date = long_date(prev)
        chair = self.chair_word
        correction = rng.random() < 0.25
        if correction:
            text = f"that, subject to the above correction, the minutes of the meeting held on {date} were an accurate record and that they be signed by the {chair}."
        else:
            text = rng.choice(
                [
                    f"that the minutes of the meeting held on {date} are correctly recorded and that they be signed by the {chair}.",
                    f"That the minutes of the meeting held on {date} be approved as a correct record.",
                    f"that the minutes of the meeting held on {date} be agreed as a correct record",
                ]
            )
        lead = "RESOLVED:" if text[0] == "T" else "RESOLVED"
        if not correction and rng.random() < 0.3:
            # Decision first, then the matters arising.
            b.resolution(lead, text)
            b.point(f.fill("Matters arising: {Resp} {said} that {answer}."), label="")
        else:
            if correction:
                b.point(
                    f"The {chair} noted that the date in paragraph {rng.randint(2, 9)} should read "
                    f"{rng.randint(1, 28)} {rng.choice(MONTHS)}, not {rng.randint(1, 28)} {rng.choice(MONTHS)}.",
                    label="1." if rng.random() < 0.5 else "",
                )
            b.resolution(lead, text)
        if rng.random() < 0.05:
            b.point(f.fill(NOTES[0]), kind=MinutePoint.Kind.NOTE)

    def question_blocks(self, rng, b):
        f = self.f
        members = [(who, seat) for who, seat in self.members] or []
        if rng.random() < 0.3:
            b.point(f"{rng.randint(2, 6)} questions had been received from Members.")
        old_form = not self.era and rng.random() < 0.4
        for n in range(1, rng.randint(2, 5) + 1):
            who, seat = rng.choice(members) if members else (None, None)
            paras = [f.fill(rng.choice(QUESTION_TEXTS)) for _ in range(rng.choice([1, 1, 2, 3]))]
            answers = [f.fill("{Resp} {said} that {answer}.")]
            answers += [f.fill("{Pron} added that {answer}.") for _ in range(rng.randint(0, 2))]
            if old_form:
                b.question(
                    "\n\n".join(paras),
                    " ".join(answers),
                    label=f"{n}.",
                    heading=f"{who.display}:" if who else "",
                    asked_by=who,
                )
                continue
            answer_style = rng.choice(["1.", "a.", ""])
            response = "\n\n".join(
                (f"{SUB_STYLES[answer_style](i)}    {a}" if answer_style else a) for i, a in enumerate(answers, start=1)
            )
            heading = rng.choice([f"Question {n}:", f"Question {n}:", f"Question {n}"])
            if n > 1 and rng.random() < 0.02:
                heading = f"Questions {n}"  # a typo kept as published
            attribution = ""
            if who is not None:
                council = seat.council or "Independent Member"
                attribution = f"({who.display} – {council})" if rng.random() < 0.7 else f"({who.display}, {council})"
            b.question("\n\n".join(paras), response, heading=heading, asked_by=who, asked_by_text=attribution)
