"""True relevance for broad words (issue 19): where the server has the RUM extension, migration 0010 adds a RUM index
and /search/ takes the best-ranked matches from it over every match, not a window of the newest; without it the GIN
path ranks as before."""

import datetime
import math

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
        cursor.execute("ANALYZE minutes_meeting")


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


# The three ways to the ranked window (minutes/search/engine.py): every match ranked one by one when few match (by
# the statistics, or the planner's estimate of a narrower scope), a phrase through the AND of its words in the index's
# order, else the index's order. Each must give the exact ranking by RUM's distance for the row.


def exact_ranking(query, items):
    """Titles of every public match of `query` among `items`, by RUM's distance for the row, then newest, then pk."""
    matched, _ = search.match(items, query)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.title FROM minutes_agendaitem AS i JOIN minutes_meeting AS m ON m.id = i.meeting_id"
            " WHERE i.id = ANY(%s)"
            " ORDER BY i.search_vector <=> websearch_to_tsquery('english'::regconfig, %s), m.date DESC, i.id",
            [list(matched.values_list("pk", flat=True)), query],
        )
        return [title for (title,) in cursor.fetchall()]


def ranked_titles(query, items=None):
    results = search.run_search(query, items if items is not None else AgendaItem.objects.public())
    return results.total, [hit.item.title for hit in results.hits]


PHRASES = {
    "Knife Crime Strategy": "Knife crime rose; knife crime is the priority; the knife crime team grew.",
    "Knife Crime Review": "Knife crime was reviewed, and knife crime fell.",
    "Community Safety": "Knife crime was mentioned once.",
    # Both words, often and close together, never as the phrase: the AND of the words ranks it first.
    "Kitchen Safety": "Knife near crime; knife near crime; knife near crime; knife near crime; crime near knife.",
}


def many(monkeypatch):
    """As if more matched than one-by-one ranking suits: the index's order (or, for a phrase, the phrase window)."""
    monkeypatch.setattr(search, "estimated_matches", lambda info, items, rows: (math.inf, 1.0))


def spy(monkeypatch):
    """The names of the ways to the ranked window taken, in order."""
    calls = []
    for name in ("rum_exact", "rum_phrase", "rum_index_order"):
        original = getattr(search, name)
        monkeypatch.setattr(search, name, lambda *a, _f=original, _n=name: calls.append(_n) or _f(*a))
    return calls


@pytest.mark.parametrize("path", ["exact", "phrase window"])
def test_a_phrase_is_ranked_exactly_on_either_path(needs_rum, monkeypatch, path):
    fill(30, PHRASES)
    if path == "phrase window":
        many(monkeypatch)
    calls = spy(monkeypatch)
    total, titles = ranked_titles('"knife crime"')
    assert calls == (["rum_exact"] if path == "exact" else ["rum_phrase"])
    assert titles == exact_ranking('"knife crime"', AgendaItem.objects.public())
    assert titles == ["Knife Crime Strategy", "Knife Crime Review", "Community Safety"]
    assert total == 3


def test_the_phrase_window_counts_past_its_candidates(needs_rum, monkeypatch):
    """Fewer candidates than match the AND of the words: the count comes from the phrase's own matches (the draft's
    among them never)."""
    fill(30, PHRASES)
    many(monkeypatch)
    monkeypatch.setattr(search, "PHRASE_WINDOW", 2)
    total, titles = ranked_titles('"knife crime"')
    assert total == 3
    assert set(titles) <= {"Knife Crime Strategy", "Knife Crime Review", "Community Safety"}
    assert titles[0] == "Knife Crime Strategy"


def test_a_phrase_with_a_negation_takes_the_index_order(needs_rum, monkeypatch):
    """No AND of words is a superset of `"knife crime" -review` (it is not one of `!("knife crime")` either), so
    the phrase window is not used; the results still exclude what the negation excludes."""
    fill(30, PHRASES)
    many(monkeypatch)
    calls = spy(monkeypatch)
    total, titles = ranked_titles('"knife crime" -review')
    assert calls == ["rum_index_order"]
    assert set(titles) == {"Knife Crime Strategy", "Community Safety"} and total == 2


@pytest.mark.parametrize("path", ["exact", "index order"])
def test_a_broad_word_in_a_date_range_is_ranked_exactly_and_counted(needs_rum, monkeypatch, path):
    if path == "index order":
        many(monkeypatch)
    calls = spy(monkeypatch)
    fill(20, {"Budget Monitoring": "The budget, the budget and again the budget.", "Budget Setting": "The budget."})
    panel = records.kent_panel()
    later = Meeting.objects.create(panel=panel, date=datetime.date(2024, 6, 1), status=Meeting.Status.APPROVED)
    AgendaItem.objects.create(meeting=later, position=1, title="Later", search_document="Later\nbudget budget budget")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE minutes_agendaitem SET search_vector = setweight(to_tsvector('english', title), 'A')"
            " || setweight(to_tsvector('english', search_document), 'C') WHERE search_vector IS NULL"
        )
        cursor.execute("ANALYZE minutes_agendaitem")
        cursor.execute("ANALYZE minutes_meeting")
    scope = AgendaItem.objects.public().filter(meeting__date__lte=datetime.date(2024, 3, 1))
    total, titles = ranked_titles("budget", scope)
    assert "Later" not in titles and "Secret" not in titles
    assert total == 22
    assert calls == ["rum_exact" if path == "exact" else "rum_index_order"]
    assert titles == exact_ranking("budget", scope)[:20]
    assert titles[0] == "Budget Monitoring"


def test_a_narrow_scope_is_ranked_one_by_one_and_a_broad_one_from_the_index(needs_rum, monkeypatch):
    """More match than the window: a date range holding a small share of the archive is ranked one by one, the whole
    archive in the index's order; both give the exact ranking and a capped count, and never the draft."""
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    panel = records.kent_panel()
    for month in range(4, 14):  # ten later meetings, so that the planner sees the range hold few of them
        later = Meeting.objects.create(
            panel=panel, date=datetime.date(2024 + month // 13, month % 13 or 1, 1), status=Meeting.Status.APPROVED
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=later, position=n + 1, title=f"Later {n}", search_document=f"Later {n}\nThe budget.")
            for n in range(6)
        )
    fill(12, {"Budget Monitoring": "The budget, the budget and again the budget."})
    scope = AgendaItem.objects.public().filter(meeting__date__lte=datetime.date(2024, 3, 1))
    calls = spy(monkeypatch)
    total, titles = ranked_titles("budget", scope)
    assert calls == ["rum_exact"]
    assert total == 6 and titles == exact_ranking("budget", scope)[:5]
    assert titles[0] == "Budget Monitoring" and not any(title.startswith("Later") for title in titles)
    total, titles = ranked_titles("budget")
    assert calls == ["rum_exact", "rum_index_order"]
    assert total == 6 and len(titles) == 5 and "Secret" not in titles
    assert titles[0] == "Budget Monitoring"


def test_the_words_of_a_phrase():
    assert search.has_phrase("'risk' <-> 'regist'") and search.has_phrase("'a' <2> 'b' & 'c'")
    assert not search.has_phrase("'risk' & 'regist'") and not search.has_phrase("'<->' & 'x'")
    assert not search.has_phrase("'super':* <-> 'x'")
    tree = search.tsquery_tree("'front-lin' <-> 'front' <-> 'line' <-> 'servic' | 'o''neil'")
    assert search.words_tsquery(tree) == "(('front-lin' & 'front' & 'line' & 'servic') | 'o''neil')"
    assert search.has_negation(search.tsquery_tree("'a' <-> 'b' & !'c'"))
    assert not search.has_negation(tree)


def test_a_phrase_with_a_negation_is_ranked_one_by_one_while_affordable(needs_rum, monkeypatch):
    """More match than the window, though no more than EXACT_LIMIT, over the whole archive: a word is ranked from the
    index, a phrase with a negation one by one (the index's order of a phrase is not its distance's)."""
    fill(30, PHRASES)
    monkeypatch.setattr(search, "estimated_matches", lambda info, items, rows: (search.EXACT_LIMIT, 1.0))
    calls = spy(monkeypatch)
    total, titles = ranked_titles('"knife crime" -review')
    assert calls == ["rum_exact"]
    assert titles == ["Knife Crime Strategy", "Community Safety"] and total == 2
    assert titles == exact_ranking('"knife crime" -review', AgendaItem.objects.public())
    ranked_titles("budget")
    ranked_titles('"knife crime"')
    assert calls == ["rum_exact", "rum_index_order", "rum_phrase"]
