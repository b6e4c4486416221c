"""The search behaves the same on PostgreSQL and on SQLite (FTS5): apostrophes straight and curly, stemming, phrases,
`or`, negation, the paragraph link, drafts hidden, and the index kept in step with every edit. `make test` runs this
file on both databases."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from minutes.models import AgendaItem, Meeting, MinutePoint
from minutes.search import sqlite as search_sqlite
from tests import records

pytestmark = pytest.mark.django_db


def hits(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<h3><a href="/items/(\d+)/"', response.content.decode())]


@pytest.fixture
def seed(db):
    return records.build_seed()


@pytest.mark.parametrize("q", ["Victim's Code", "Victim’s Code", "victims code", "VICTIM’S"])
def test_apostrophes_straight_and_curly_find_the_same_item(client, seed, q):
    # The record has "Victim’s Code" with a curly apostrophe.
    assert hits(client, q) == [seed.pk]


@pytest.mark.parametrize("q", ['"Victim\'s Code and Witness Charter"', '"victim’s code"'])
def test_a_phrase_with_either_apostrophe_links_its_question(client, seed, q):
    second = seed.questions.order_by("position")[1]
    html = client.get("/search/", {"q": q}).content.decode()
    assert f'href="/items/{seed.pk}/#question-{second.pk}"' in html


def test_stemming_finds_other_forms_of_a_word(client, seed):
    assert hits(client, "satisfied newsletter") == [seed.pk]  # the record: "satisfaction", "newsletters"
    assert hits(client, "prosecuting") == [seed.pk]  # "prosecute"


def test_a_phrase_needs_its_words_together_and_in_order(client, seed):
    assert hits(client, '"community newsletters"') == [seed.pk]
    assert hits(client, '"newsletters community"') == []


def test_or_and_negation(client, seed):
    wealdshire = records.build_wealdshire_meeting()
    rural = wealdshire.items.get(number="60")
    assert hits(client, "harvest or newsletters", sort="oldest") == [seed.pk, rural.pk]
    everyone = set(hits(client, "Commissioner"))
    assert {seed.pk, rural.pk} <= everyone
    assert set(hits(client, "Commissioner -harvest")) == everyone - {rural.pk}
    assert hits(client, "harvest -victim") == [rural.pk]
    assert hits(client, "harvest -newsletter") == []  # the rural item has a newsletter too
    # Only a word to leave out: every item without it.
    public = set(AgendaItem.objects.public().values_list("pk", flat=True))
    assert set(hits(client, "-Commissioner")) == public - everyone != set()


def test_the_first_matching_paragraph_is_linked_with_its_words_marked(client, seed):
    fourth = seed.points.get(position=4)
    html = client.get("/search/", {"q": "charities"}).content.decode()
    assert f'href="/items/{seed.pk}/#point-{fourth.pk}"' in html
    assert re.findall(r"<mark>(.*?)</mark>", html) == ["charities"]


def test_a_draft_never_matches_and_minutes_not_yet_published_match_by_the_agenda_only(client, seed):
    panel = records.wealdshire_panel()
    draft = Meeting.objects.create(panel=panel, date=datetime.date(2026, 5, 1), status=Meeting.Status.DRAFT)
    hidden = AgendaItem.objects.create(meeting=draft, title="Pelican crossing")
    MinutePoint.objects.create(item=hidden, position=1, text="The pelican crossing was discussed.")
    agenda = Meeting.objects.create(panel=panel, date=datetime.date(2026, 6, 1), status=Meeting.Status.AGENDA)
    upcoming = AgendaItem.objects.create(meeting=agenda, title="Toucan crossing")
    MinutePoint.objects.create(item=upcoming, position=1, text="Minutes typed early mention the pelican.")
    assert hits(client, "pelican") == []
    assert hits(client, "toucan crossing") == [upcoming.pk]
    html = client.get("/search/", {"q": "toucan"}).content.decode()
    assert "typed early" not in html and f"/items/{upcoming.pk}/#" not in html
    draft.status = Meeting.Status.APPROVED
    draft.save()
    assert hits(client, "pelican") == [hidden.pk]


def test_the_index_follows_every_edit(client, seed):
    point = seed.points.get(position=3)
    point.text = "The Commissioner described the new ptarmigan survey."
    point.save()
    assert hits(client, "ptarmigan") == [seed.pk]
    assert hits(client, "Annual Policing Survey contained") == []  # the old wording is gone from the index
    point.delete()
    assert hits(client, "ptarmigan") == []
    seed.title = "Victim Satisfaction Review"
    seed.save()
    assert hits(client, "review") == [seed.pk]
    seed.delete()
    assert hits(client, "review") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search_sqlite.ITEMS}")
            items = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {search_sqlite.PARAGRAPHS}")
            assert (items, cursor.fetchone()[0]) == (0, 0)


def test_a_generated_archive_is_searchable(client):
    call_command("generate_archive", panels=1, years=1, seed=3, anchor="2026-03-04", stdout=StringIO())
    point = MinutePoint.objects.filter(item__meeting__status=Meeting.Status.APPROVED, item__is_exempt=False).first()
    item, day = point.item, point.item.meeting.date.isoformat()
    phrase = '"' + " ".join(point.text.split()[:6]) + '"'
    assert item.pk in hits(client, phrase, date_from=day, date_to=day)
    html = client.get("/search/", {"q": phrase, "date_from": day, "date_to": day}).content.decode()
    assert f'href="/items/{item.pk}/#' in html


def test_an_exact_title_leads(client, seed):
    newer = Meeting.objects.create(
        panel=seed.meeting.panel, date=seed.meeting.date + datetime.timedelta(days=30), status=Meeting.Status.APPROVED
    )
    other = AgendaItem.objects.create(meeting=newer, title="Victim satisfaction update: survey results")
    MinutePoint.objects.create(item=other, position=1, text="victim satisfaction update " * 5)
    assert hits(client, "Victim Satisfaction Update") == [seed.pk, other.pk]


@pytest.mark.parametrize(
    ("query", "positive", "negative"),
    [
        ("Victim's Code", '("Victim") AND ("Code")', ""),
        ('"Victim’s Code"', '("Victim s Code")', ""),
        ("young and vulnerable", '("young") AND ("vulnerable")', ""),
        ("heron or egret -swan", '("heron" OR "egret")', '"swan"'),
        ('co-operation "unclosed', '("co operation") AND ("unclosed")', ""),
        ('NEAR(a b) * ^ : {x} "', '("NEAR") AND ("b") AND ("x")', ""),
        ("the of and", "", ""),
        ("-", "", ""),
    ],
)
def test_the_query_becomes_quoted_fts5_strings(query, positive, negative):
    fts = search_sqlite.parse(query)
    assert (fts.positive, fts.negative) == (positive, negative)
