"""The synthetic archive generator: shapes, markings, constraints, determinism and search documents."""

import datetime
import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from minutes.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Document,
    Meeting,
    MinutePoint,
    Question,
    RenderedItem,
    RenderedMeeting,
    Resolution,
)
from minutes.search import refresh_search_document
from panels.models import Membership, Panel, Person

ANCHOR = "2026-03-04"
SMALL = {"panels": 3, "years": 2, "seed": 7, "anchor": ANCHOR}

pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    call_command("generate_archive", **(SMALL | options), stdout=out)
    return out.getvalue()


def panel_name(panel):
    return f"{panel.parent.name} - {panel.name}" if panel.parent_id else panel.name


def digest():
    """A hash of everything generated, in a fixed order and without primary keys."""
    lines = []
    for p in Panel.objects.select_related("parent"):
        lines.append(repr((panel_name(p), p.slug, p.short_name, p.host_authority, p.description, p.contact)))
    lines += sorted(repr((p.honorific, p.name, p.is_synthetic)) for p in Person.objects.all())
    lines += sorted(
        repr((panel_name(m.panel), m.person.name, m.role, m.council, m.start_date, m.end_date))
        for m in Membership.objects.select_related("panel__parent", "person")
    )
    meetings = Meeting.objects.select_related("panel__parent", "approved_at_meeting").prefetch_related(
        "attendance__person", "attendance__substitute_for", "declarations__people", "declarations__item"
    )
    blocks = []
    for m in meetings:
        block = [
            repr(
                (
                    panel_name(m.panel),
                    m.date,
                    m.start_time,
                    m.special_name,
                    m.venue,
                    m.venue_directions_url,
                    m.contact,
                    m.note,
                    m.media_url,
                    m.status,
                    m.no_declarations,
                    m.approved_at_meeting.date if m.approved_at_meeting else None,
                    m.changed_at,
                )
            )
        ]
        block += sorted(
            repr(
                (
                    a.kind,
                    a.position,
                    a.person and a.person.name,
                    a.name,
                    a.role,
                    a.council,
                    a.substitute_for_id and a.substitute_for.name,
                )
            )
            for a in m.attendance.all()
        )
        block += sorted(
            repr(
                (
                    d.position,
                    d.item and d.item.position,
                    d.people_text,
                    d.interest,
                    sorted(p.name for p in d.people.all()),
                )
            )
            for d in m.declarations.all()
        )
        for item in m.items.with_content().order_by("position"):
            block.append(
                repr(
                    (
                        item.position,
                        item.number,
                        item.agenda_code,
                        item.title,
                        item.description,
                        item.kind,
                        item.is_exempt,
                        item.exempt_summary,
                        item.show_documents_label,
                        item.show_minutes_label,
                        item.search_document,
                    )
                )
            )
            for c in item.content():
                row = (c._meta.model_name, c.position, c.depth, c.label)
                if isinstance(c, MinutePoint):
                    row += (c.kind, c.text)
                elif isinstance(c, Question):
                    intro = c.introduced_by.position if c.introduced_by_id else None
                    row += (c.heading, c.text, c.asked_by and c.asked_by.name, c.asked_by_text, c.response, intro)
                else:
                    row += (c.lead_in, c.text, c.clauses, c.votes_for, c.votes_against, c.abstentions, c.outcome)
                    row += (sorted(c.vote_detail.items()),)
                block.append(repr(row))
            block += [repr((d.position, d.title, d.kind, d.is_additional, d.size_bytes)) for d in item.documents.all()]
        blocks.append("\n".join(block))
    lines += sorted(blocks)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def wipe():
    """Empty the tables the generator fills, without signals (a fresh database, in effect)."""
    tables = [
        RenderedItem,
        RenderedMeeting,
        Declaration.people.through,
        Declaration,
        Attendance,
        Document,
        Question,
        Resolution,
        MinutePoint,
        AgendaItem,
        Meeting,
        Membership,
        Panel,
        Person,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


@pytest.fixture
def archive():
    return generate()


def test_small_run_creates_every_shape(archive):
    assert "Created 3 panels" in archive and "peak RSS" in archive
    assert Panel.objects.count() == 3
    assert not Panel.objects.filter(is_synthetic=False).exists()
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert Person.objects.exists() and Membership.objects.exists()
    for panel in Panel.objects.all():
        assert "synthetic" in panel.slug and "does not exist" in panel.description
    assert Panel.objects.filter(name__startswith="Wealdshire").exists()

    anchor = datetime.date.fromisoformat(ANCHOR)
    statuses = Counter(Meeting.objects.values_list("status", flat=True))
    assert statuses["approved"] > statuses["draft_minutes"] > 0
    assert statuses["agenda"] > 0
    assert not Meeting.objects.filter(date__gt=anchor).exclude(status__in=["agenda", "draft"]).exists()
    assert not Meeting.objects.filter(date__lte=anchor, status="agenda").exists()
    for meeting in Meeting.objects.filter(status="approved").select_related("approved_at_meeting"):
        assert meeting.approved_at_meeting.date > meeting.date
        assert meeting.approved_at_meeting.panel_id == meeting.panel_id
    latest = datetime.datetime.combine(anchor, datetime.time(23, 59), tzinfo=datetime.UTC)
    assert not Meeting.objects.filter(changed_at__gt=latest).exists()

    kinds = set(AgendaItem.objects.values_list("kind", flat=True))
    assert {"apologies", "declarations", "minutes_approval", "report", "update", "questions", "election"} <= kinds
    # Upcoming agendas have items but no minutes yet.
    upcoming = AgendaItem.objects.filter(meeting__date__gt=anchor)
    assert upcoming.exists()
    assert not MinutePoint.objects.filter(item__meeting__date__gt=anchor).exists()

    labels = set(MinutePoint.objects.values_list("label", flat=True))
    assert {"1.", "(1)", "", "·"} <= labels
    assert labels & {"a)", "a.", "(a)"} and labels & {"(i)", "-"}
    point_kinds = set(MinutePoint.objects.values_list("kind", flat=True))
    assert {"paragraph", "heading", "note"} <= point_kinds
    assert set(MinutePoint.objects.values_list("depth", flat=True)) >= {0, 1, 2}

    bullets = Question.objects.filter(response_inline=True)
    assert bullets.exists() and not bullets.filter(introduced_by__isnull=True).exists()
    for q in bullets.select_related("introduced_by")[:50]:
        assert q.introduced_by.item_id == q.item_id and q.introduced_by.position < q.position
        assert q.introduced_by.text.endswith("included the following:")
    assert Question.objects.filter(heading__regex=r"^Question \d+:?$", asked_by__isnull=False).exists()

    leads = set(Resolution.objects.values_list("lead_in", flat=True))
    assert {"RESOLVED", "RESOLVED:", "UNANIMOUSLY RESOLVED", ""} <= leads
    assert Resolution.objects.filter(lead_in="RESOLVED", text__startswith="to note").exists()
    assert Resolution.objects.exclude(clauses="").exists()

    assert set(Attendance.objects.values_list("kind", flat=True)) >= {"present", "apologies", "also_present"}
    assert Declaration.objects.exists() and Declaration.people.through.objects.exists()
    assert Meeting.objects.filter(no_declarations=True).exists()
    exempt = AgendaItem.objects.filter(is_exempt=True)
    assert exempt.exists() and not exempt.filter(exempt_summary="").exists()


def test_positions_are_one_sequence_per_item(archive):
    rows = [
        *MinutePoint.objects.values_list("item_id", "position"),
        *Question.objects.values_list("item_id", "position"),
        *Resolution.objects.values_list("item_id", "position"),
    ]
    assert len(rows) == len(set(rows))
    # Contiguous from 1 within each item.
    by_item = {}
    for item_id, position in rows:
        by_item.setdefault(item_id, []).append(position)
    for positions in by_item.values():
        assert sorted(positions) == list(range(1, len(positions) + 1))
    items = list(AgendaItem.objects.values_list("meeting_id", "position"))
    assert len(items) == len(set(items))
    for model in (MinutePoint, Question, Resolution):
        assert not model.objects.filter(depth__gt=3).exists()


def test_search_documents_match_refresh_search_document(archive):
    items = list(AgendaItem.objects.values_list("pk", "search_document", "search_vector"))
    assert items and all(document for _, document, _ in items)
    for pk, document, vector in items:
        refresh_search_document(pk)
        fresh = AgendaItem.objects.values_list("search_document", "search_vector").get(pk=pk)
        assert fresh == (document, vector), pk
    # An exempt item's public summary is searchable once its meeting's minutes are public, not before.
    exempt = (
        AgendaItem.objects.filter(is_exempt=True, meeting__status__in=Meeting.MINUTES_STATES)
        .prefetch_related("points")
        .first()
    )
    assert exempt.points.exists()
    assert exempt.search_document == f"{exempt.title}\n{exempt.exempt_summary}"


def test_same_seed_same_archive_different_seed_different_archive():
    generate()
    first = digest()
    wipe()
    generate()
    assert digest() == first
    wipe()
    generate(seed=8)
    assert digest() != first


def test_more_panels_keep_the_earlier_panels():
    """Each panel has its own random stream: adding panels does not change the ones before."""

    def first_panel():
        panel = Panel.objects.order_by("pk").first()
        return [
            (m.date, m.status, [(i.title, i.search_document) for i in m.items.order_by("position")])
            for m in panel.meetings.order_by("date")
        ]

    generate(panels=1)
    alone = first_panel()
    wipe()
    generate(panels=2)
    assert first_panel() == alone


def test_rejects_bad_arguments():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        generate(panels=0)
    with pytest.raises(CommandError):
        generate(anchor="March")


def test_the_generated_archive_has_its_pages_stored():
    """The generator writes in bulk, past the signals: it stores every public page itself when it ends."""
    from minutes.output.pages import stale_meetings

    out = generate()
    assert "Pages stored in" in out
    public = Meeting.objects.public().count()
    assert public and RenderedMeeting.objects.count() == public
    assert RenderedItem.objects.count() == AgendaItem.objects.public().count()
    assert not stale_meetings().exists()
