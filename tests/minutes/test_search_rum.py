"""True relevance for broad words (issue 19): where the server has the RUM extension, migration 0010 adds a RUM index
and /search/ takes the best-ranked matches from it over every match, not a window of the newest; without it the GIN
path ranks as before."""

import datetime

import pytest
from django.db import connection

from minutes.models import AgendaItem, Meeting
from minutes.search import engine as search
from tests import records

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="RUM and GIN are PostgreSQL's"),
]

FILLER = "The Panel noted the report of the Commissioner on policing and community safety in the county."


def rum_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


@pytest.fixture
def needs_rum(db):
    if not rum_available():
        pytest.skip("the server lacks postgresql-15-rum (make benchmark installs it)")


@pytest.fixture(autouse=True)
def fresh_lookups(monkeypatch):
    monkeypatch.setattr(search, "_rum_index", {})
    monkeypatch.setattr(search, "_statistics", {})


def fill(count, texts):
    """`count` public items mentioning the budget once, then the `texts` ({title: body}) added last of all but
    dated first: the newest rows are not the most relevant ones."""
    panel = records.kent_panel()
    published = Meeting.objects.create(panel=panel, date=datetime.date(2024, 1, 10), status=Meeting.Status.APPROVED)
    draft = Meeting.objects.create(panel=panel, date=datetime.date(2024, 2, 10), status=Meeting.Status.DRAFT)
    rows = [
        AgendaItem(
            meeting=published,
            position=n + 1,
            title=f"Item {n}",
            search_document=f"Item {n}\n{FILLER} The budget was noted. Reference marker{n}.",
        )
        for n in range(count)
    ]
    for n, (title, body) in enumerate(texts.items()):
        rows.append(
            AgendaItem(meeting=published, position=count + n + 1, title=title, search_document=f"{title}\n{body}")
        )
    rows.append(
        AgendaItem(meeting=draft, position=1, title="Secret", search_document="Secret\nbudget budget budget budget")
    )
    AgendaItem.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE minutes_agendaitem SET search_vector = "
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', search_document), 'C')"
        )
        cursor.execute("ANALYZE minutes_agendaitem")


def first_page(query):
    results = search.run_search(query, AgendaItem.objects.public())
    return results, [hit.item.title for hit in results.hits]


def test_the_rum_index_exists_exactly_where_the_extension_does():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [search.RUM_INDEX])
        exists = cursor.fetchone() is not None
    assert exists == rum_available()
    assert search.rum_index("default") == exists


def test_a_broad_word_is_ranked_over_every_match_not_the_newest(needs_rum):
    budget = "The budget, the budget and again the budget: the budget dominated the meeting."
    # Written first (lowest pk), so outside the newest RANK_WINDOW matches the GIN path ranks.
    fill(0, {"Budget Monitoring": budget})
    fill(search.RANK_WINDOW + 50, {})
    results, titles = first_page("budget")
    assert titles[0] == "Budget Monitoring"
    assert results.total == search.COUNT_CAP + 1  # "more than 1,000"
    assert "Secret" not in titles  # the draft's item is never a candidate

    search._rum_index["default"] = False  # the GIN fallback: a window of the newest matches misses it
    _, fallback = first_page("budget")
    assert "Budget Monitoring" not in fallback and len(fallback) == search.PER_PAGE


def test_a_phrase_matches_adjacent_words_only_and_is_ranked(needs_rum):
    fill(
        30,
        {
            "Knife Crime Strategy": "Knife crime rose; knife crime is the priority; the knife crime team grew.",
            "Community Safety": "Knife crime was mentioned once.",
            "Kitchen Safety": "A knife was found; crime fell elsewhere.",
        },
    )
    results, titles = first_page('"knife crime"')
    assert titles == ["Knife Crime Strategy", "Community Safety"]
    assert results.total == 2


def test_an_exact_title_comes_first_and_nothing_matches_nothing(needs_rum):
    fill(40, {"Budget": "Noted.", "Budget Setting": "The budget, the budget and the budget were set."})
    _, titles = first_page("budget")
    assert titles[:2] == ["Budget", "Budget Setting"]
    results, titles = first_page("xylophonequartz")
    assert titles == [] and results.total == 0
