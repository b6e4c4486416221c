"""/search/: finds the seed by its words, ranks and highlights, links to the paragraph, and never shows what the
public may not read (drafts, exempt minutes, minutes not yet published)."""

import datetime
import re

import pytest
from django.db import connection

from minutes.models import AgendaItem, Meeting, MinutePoint, Question
from minutes.search import engine as search
from minutes.search import sqlite as search_sqlite
from tests import records

SECRET = "quokkaplinth"

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="compares with PostgreSQL's own ts_rank or Snowball stemmer"
)


def build_secrets():
    """The word SECRET only where the public may not read it."""
    panel = records.kent_panel()
    draft = Meeting.objects.create(panel=panel, date=datetime.date(2024, 1, 10), status=Meeting.Status.DRAFT)
    item = AgendaItem.objects.create(meeting=draft, title=f"Draft item about {SECRET}", description=SECRET)
    MinutePoint.objects.create(item=item, text=f"The {SECRET} was discussed in a draft.")

    approved = Meeting.objects.create(panel=panel, date=datetime.date(2024, 2, 10), status=Meeting.Status.APPROVED)
    exempt = AgendaItem.objects.create(
        meeting=approved,
        title="Exempt contract award",
        is_exempt=True,
        exempt_summary="The Panel agreed the recommendation in the exempt report.",
    )
    MinutePoint.objects.create(item=exempt, text=f"The confidential {SECRET} price was agreed.")
    Question.objects.create(item=exempt, text=f"Whether the {SECRET} was affordable.", response="It was.")

    agenda_only = Meeting.objects.create(panel=panel, date=datetime.date(2024, 3, 10), status=Meeting.Status.AGENDA)
    upcoming = AgendaItem.objects.create(meeting=agenda_only, title="Estates strategy", description="A report.")
    MinutePoint.objects.create(item=upcoming, text=f"Minutes typed before publication mention {SECRET}.")
    return item, exempt, upcoming


def marked(html):
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_finds_the_seed_by_a_phrase_from_its_third_question(client, seed_item):
    response = client.get("/search/", {"q": "young and vulnerable residents"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/items/{seed_item.pk}/"' in html
    third = seed_item.questions.order_by("position")[2]
    assert f'href="/items/{seed_item.pk}/#question-{third.pk}"' in html
    assert {"young", "vulnerable", "residents"} <= {word.lower() for word in marked(html)}


def test_a_phrase_in_quotes_links_to_the_paragraph_holding_it(client, seed_item):
    response = client.get("/search/", {"q": '"community newsletters"'})
    fourth = seed_item.questions.order_by("position")[3]
    assert f"#question-{fourth.pk}" in response.content.decode()


def test_a_word_of_a_point_links_to_that_point(client, seed_item):
    response = client.get("/search/", {"q": "Witness Care Unit"})
    second = seed_item.points.get(position=2)
    assert f'href="/items/{seed_item.pk}/#point-{second.pk}"' in response.content.decode()


def test_the_resolution_is_linked_when_it_matches(client, wealdshire):
    rural = wealdshire.items.get(title="Rural Crime Strategy")
    response = client.get("/search/", {"q": "first annual review spring 2027"})
    assert f"#resolution-{rural.resolutions.get().pk}" in response.content.decode()


@postgres_only
def test_an_exact_title_match_ranks_first(client, seed_item):
    # Another item, at a newer meeting, holds the words in its title too and again and again in its description and
    # minutes: its rank is at least the seed's (checked below) and the newer meeting wins ties, so on the rank alone
    # it leads; only the boost for the exact title puts the seed first.
    newer = Meeting.objects.create(
        panel=seed_item.meeting.panel,
        date=seed_item.meeting.date + datetime.timedelta(days=30),
        status=Meeting.Status.APPROVED,
    )
    other = AgendaItem.objects.create(
        meeting=newer,
        title="Victim satisfaction update: survey results",
        description="The victim satisfaction update. " * 5,
    )
    for n in range(1, 6):
        MinutePoint.objects.create(item=other, position=n, text="victim satisfaction update " * 5 + str(n))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, ts_rank(search_vector, websearch_to_tsquery('english', 'Victim Satisfaction Update'))"
            " FROM minutes_agendaitem WHERE id IN (%s, %s)",
            [seed_item.pk, other.pk],
        )
        rank = dict(cursor.fetchall())
    assert rank[other.pk] >= rank[seed_item.pk] > 0
    response = client.get("/search/", {"q": "Victim Satisfaction Update"})
    html = response.content.decode()
    first = re.search(r'<ol class="search-results"[^>]*>.*?<a href="(/items/\d+/)"', html, re.S)[1]
    assert first == f"/items/{seed_item.pk}/"
    assert f'href="/items/{other.pk}/"' in html


def test_highlighting_escapes_the_record_and_marks_only_the_words(client, seed_item):
    point = seed_item.points.get(position=1)
    point.text = "Costs <rose> & fees < 3 while <script>alert(1)</script> the zebracrossing improved."
    point.save()
    html = client.get("/search/", {"q": "zebracrossing"}).content.decode()
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S)[1]
    assert "<rose>" not in snippet and "<script>" not in snippet
    assert "&amp;" in snippet and "&lt; 3" in snippet
    assert marked(snippet) == ["zebracrossing"]


def test_the_query_is_escaped_when_shown(client, seed_item):
    html = client.get("/search/", {"q": '<b>victim</b> "x'}).content.decode()
    assert "<b>victim</b>" not in html


def test_drafts_exempt_minutes_and_unpublished_minutes_never_match(client, seed_item):
    build_secrets()
    response = client.get("/search/", {"q": SECRET})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No items match" in html
    assert SECRET not in html.replace(f'value="{SECRET}"', "").replace(f"Search: {SECRET}", "").replace(
        f"match “{SECRET}”", ""
    ).replace(f"q={SECRET}", "")  # the reader's own query, in the links to follow the search


def test_an_exempt_item_is_found_by_its_public_summary_only(client, seed_item):
    _, exempt, _ = build_secrets()
    html = client.get("/search/", {"q": "recommendation exempt report"}).content.decode()
    assert f'href="/items/{exempt.pk}/"' in html
    assert f"/items/{exempt.pk}/#" not in html  # no paragraph of an exempt item is linked
    assert "confidential" not in html


def test_an_agenda_stage_item_matches_by_its_title(client, seed_item):
    _, _, upcoming = build_secrets()
    html = client.get("/search/", {"q": "estates strategy"}).content.decode()
    assert f'href="/items/{upcoming.pk}/"' in html
    assert "typed before publication" not in html


def test_filters_combine_with_the_search(client, seed_item, wealdshire):
    both = {"q": "Commissioner"}
    html = client.get("/search/", both).content.decode()
    assert f"/items/{seed_item.pk}/" in html
    assert "Rural Crime Strategy" in html
    html = client.get("/search/", {**both, "panel": "wealdshire-police-and-crime-panel"}).content.decode()
    assert f"/items/{seed_item.pk}/" not in html
    assert "Rural Crime Strategy" in html
    html = client.get("/search/", {**both, "date_to": "2021-01-01"}).content.decode()
    assert f"/items/{seed_item.pk}/" in html
    assert "Rural Crime Strategy" not in html
    assert "remove" in html


def test_the_page_only_promises_what_the_database_does(client, seed_item):
    html = client.get("/search/", {"q": "victim"}).content.decode()
    # Both engines rank, and read phrases, `or` and a minus sign.
    assert "ranked by relevance" in html and "in quotes" in html
    assert "containing all of your words" not in html


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "&|!:*",
        "victim & | ! : * ( ) <-> \\",
        "a" * 10_000,
        "victim\x00satisfaction",
        "\x00",
        "-",
        "or",
        "the",
        '"unclosed phrase',
        "victim:*",
        "\ue000victim\ue001",
    ],
)
def test_awkward_queries_never_fail(client, seed_item, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code in (200, 400)


def test_invalid_utf8_in_the_address_is_handled(client, seed_item):
    response = client.get("/search/?q=%FF%FE%00victim&page=%C0")
    assert response.status_code in (200, 400)


def test_a_long_query_is_cut_with_a_message(client, seed_item):
    response = client.get("/search/", {"q": "victim " * 2000})
    assert response.status_code == 200
    assert "longer than 200 characters" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "x", "99", "-1", "1.5", "9" * 30])
def test_a_page_that_does_not_exist_is_a_clear_400(client, seed_item, page):
    response = client.get("/search/", {"q": "victim", "page": page})
    assert response.status_code == 400
    assert "page" in response.content.decode().lower()


def test_results_page_with_a_stable_order(client, seed_item):
    meeting = seed_item.meeting
    for n in range(45):
        item = AgendaItem.objects.create(meeting=meeting, title=f"Budget monitoring report {n}")
        MinutePoint.objects.create(item=item, text="The budget was monitored.")
    seen = []
    for page in (1, 2, 3):
        html = client.get("/search/", {"q": "budget", "page": page}).content.decode()
        seen += re.findall(r'<h3><a href="/items/(\d+)/"', html)
    assert len(seen) == 45 == len(set(seen))
    again = re.findall(r'<h3><a href="/items/(\d+)/"', client.get("/search/", {"q": "budget"}).content.decode())
    assert again == seen[:20]


def test_an_empty_query_shows_the_form(client, seed_item):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_a_fixed_number_of_queries_whatever_the_page_holds(client, seed_item):
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", {"q": "budget"}).status_code == 200
        return len(captured)

    meeting = seed_item.meeting
    AgendaItem.objects.create(meeting=meeting, title="Budget report")
    few = queries()
    for n in range(25):
        item = AgendaItem.objects.create(meeting=meeting, title=f"Budget monitoring {n}")
        MinutePoint.objects.create(item=item, text="The budget was monitored.")
    # Panel choices, the query's tsquery, the ranked window (count and candidates in one), the hits, and their
    # snippets with paragraph anchors.
    assert queries() == few <= 5


# Counting, ranking and paging, and what each hit shows.


def hrefs(html):
    return [int(pk) for pk in re.findall(r'<h3><a href="/items/(\d+)/"', html)]


def snippet_of(html, pk):
    """The snippet shown under the hit for item `pk`."""
    return re.search(rf'<a href="/items/{pk}/">.*?<p class="snippet">(.*?)</p>', html, re.S)[1]


def bulk_items(meeting, count, title, description):
    """`count` items without minutes whose search columns are filled as refresh_search_document fills them (quickly:
    one UPDATE rather than a refresh per item)."""
    start = (meeting.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=start + n,
            title=f"{title} {n}",
            description=description,
            search_document=f"{title} {n}\n{description}",
        )
        for n in range(count)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE minutes_agendaitem SET search_vector = setweight(to_tsvector('english', title), 'A')"
                " || setweight(to_tsvector('english', description), 'B') WHERE meeting_id = %s",
                [meeting.pk],
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {search_sqlite.ITEMS} (rowid, title, agenda, minutes)"
                " SELECT id, title, description, '' FROM minutes_agendaitem WHERE meeting_id = %s"
                f" AND id NOT IN (SELECT rowid FROM {search_sqlite.ITEMS})",
                [meeting.pk],
            )


def test_more_than_a_thousand_matches_are_counted_as_such(client, seed_item):
    bulk_items(seed_item.meeting, search.COUNT_CAP + 3, "Heronry survey", "The quillwort colonies were counted.")
    html = client.get("/search/", {"q": "quillwort"}).content.decode()
    assert "More than 1,000 items match; showing 1–20" in html
    assert len(hrefs(html)) == 20
    last = client.get("/search/", {"q": "quillwort", "page": 50})
    assert last.status_code == 200
    assert "showing 981–1000" in last.content.decode().replace(",", "")
    assert client.get("/search/", {"q": "quillwort", "page": 51}).status_code == 400


def test_exactly_the_cap_is_counted_exactly(client, seed_item):
    bulk_items(seed_item.meeting, search.COUNT_CAP, "Heronry survey", "The quillwort colonies were counted.")
    html = client.get("/search/", {"q": "quillwort"}).content.decode()
    assert "1,000 items match; showing 1–20" in html
    assert "More than" not in html


def expected_ranking(query):
    """The ranked order computed by the database alone: its rank (PostgreSQL's ts_rank, SQLite's bm25 with the
    weights search_sqlite uses) plus the exact-title boost, then the newest meeting, then the item's pk."""
    if connection.vendor == "postgresql":
        match = "i.search_vector @@ websearch_to_tsquery('english', %s)"
        rank = "ts_rank(i.search_vector, websearch_to_tsquery('english', %s))"
        term = query
    else:
        fts, weights = search_sqlite.ITEMS, ", ".join(map(str, search_sqlite.WEIGHTS))
        match = f"i.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"
        rank = f"(SELECT -bm25({fts}, {weights}) FROM {fts} WHERE {fts} MATCH %s AND rowid = i.id)"
        term = search_sqlite.expression(search_sqlite.parse(query))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id FROM minutes_agendaitem AS i JOIN minutes_meeting AS m ON m.id = i.meeting_id"
            f" WHERE {match} AND m.status IN ('draft_minutes', 'approved')"
            f" ORDER BY {rank} + CASE WHEN upper(i.title) = upper(%s) THEN 10 ELSE 0 END DESC, m.date DESC, i.id",
            [term, term, query],
        )
        return [row[0] for row in cursor.fetchall()]


def test_page_two_continues_the_ranking_of_page_one(client, seed_item):
    panel = seed_item.meeting.panel
    meetings = [
        Meeting.objects.create(panel=panel, date=datetime.date(2023, 1, 1 + n), status=Meeting.Status.APPROVED)
        for n in range(3)
    ]
    # Only the exact title's boost puts this one first: the others hold the words in their titles too, and more often.
    exact = AgendaItem.objects.create(meeting=meetings[0], title="Heronry census")
    for n in range(33):
        item = AgendaItem.objects.create(meeting=meetings[n % 3], title=f"Heronry census report {n % 4}")
        # Ties on purpose: the same text in several meetings (then the newest meeting leads) and in the same meeting
        # (then the lower pk).
        MinutePoint.objects.create(item=item, text="The heronry census was noted. " * (1 + n % 4))
    expected = expected_ranking("heronry census")
    assert len(expected) == 34 and expected[0] == exact.pk
    shown = []
    for page in (1, 2):
        html = client.get("/search/", {"q": "heronry census", "page": page}).content.decode()
        shown += hrefs(html)
    assert shown == expected
    assert "34 items match; showing 21–34" in html


def test_relevance_ranks_the_most_recently_added_matches(client, seed_item, monkeypatch):
    """Past COUNT_CAP matches, the ranked candidates are the RANK_WINDOW most recently added: an older match never
    shows, however relevant."""
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    monkeypatch.setattr(search, "RANK_WINDOW", 5)
    # The GIN path's window (with the RUM index, every match is ranked: tests/minutes/test_search_rum.py).
    monkeypatch.setattr(search, "rum_index", lambda using: False)
    meeting = seed_item.meeting
    oldest = AgendaItem.objects.create(meeting=meeting, title="Heronry")  # the best match: an exact title
    others = [AgendaItem.objects.create(meeting=meeting, title=f"Wetland report {n}") for n in range(6)]
    for n, item in enumerate(others):
        MinutePoint.objects.create(item=item, text="The heronry was visited. " * (1 + n % 3))
    results = search.run_search("heronry", AgendaItem.objects.public())
    assert results.total == 6 and results.more_than_cap
    newest = [item.pk for item in others[1:]]
    assert sorted(hit.item.pk for hit in results.hits) == sorted(newest)
    assert [hit.item.pk for hit in results.hits] == [pk for pk in expected_ranking("heronry") if pk in newest]
    html = client.get("/search/", {"q": "heronry"}).content.decode()
    assert "More than 5 items match; showing 1–5" in html
    assert oldest.pk not in hrefs(html)
    # The dated orders count the same way.
    assert "More than 5 items match" in client.get("/search/", {"q": "heronry", "sort": "newest"}).content.decode()


def test_the_first_matching_paragraph_is_linked_and_shown(client, seed_item):
    item = AgendaItem.objects.create(meeting=seed_item.meeting, title="Wetland report")
    records.add_points(
        item,
        [
            "The Panel received the report.",
            "The heronry at Marshton was flooded in March.",
            "A second heronry, at Eastwick, was unharmed.",
        ],
    )
    html = client.get("/search/", {"q": "heronry"}).content.decode()
    second = item.points.get(position=2)
    assert f'href="/items/{item.pk}/#point-{second.pk}"' in html
    snippet = snippet_of(html, item.pk)
    assert marked(snippet) == ["heronry"]
    # A short paragraph is shown whole, and nothing of the next.
    assert re.sub(r"</?mark>", "", snippet) == "The heronry at Marshton was flooded in March."


def test_a_long_paragraph_is_shown_around_its_matches(client, seed_item):
    item = AgendaItem.objects.create(meeting=seed_item.meeting, title="Wetland report")
    filler = "The Panel noted the update on the reserve and the work of the volunteers over the winter months. "
    text = filler * 4 + "The heronry at Marshton was flooded in March. " + filler * 4
    records.add_points(item, [text])
    html = client.get("/search/", {"q": "heronry"}).content.decode()
    snippet = snippet_of(html, item.pk)
    assert marked(snippet) == ["heronry"]
    assert "Marshton" in snippet and len(re.sub(r"</?mark>", "", snippet)) < len(text) / 2


def test_words_in_different_paragraphs_make_a_snippet_but_no_link(client, seed_item):
    item = AgendaItem.objects.create(meeting=seed_item.meeting, title="Wetland report")
    records.add_points(item, ["The cormorant roost was counted.", "The lighthouse keeper reported."])
    html = client.get("/search/", {"q": "cormorant lighthouse"}).content.decode()
    assert f'href="/items/{item.pk}/"' in html
    assert f"/items/{item.pk}/#" not in html
    assert {"cormorant", "lighthouse"} <= set(marked(snippet_of(html, item.pk)))


def test_a_title_match_is_shown_from_the_title(client, seed_item):
    item = AgendaItem.objects.create(meeting=seed_item.meeting, title="Heronry survey", description="A report.")
    records.add_points(item, ["The Panel noted the report."])
    html = client.get("/search/", {"q": "heronry"}).content.decode()
    assert f"/items/{item.pk}/#" not in html
    snippet = snippet_of(html, item.pk)
    assert marked(snippet) == ["Heronry"]
    assert "noted the report" not in snippet


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("vacancies", "vacancy"),
        ("possibilities", "possible"),
        ("saving", "savings"),
        ("organisational", "organisation"),
        ("nobility", "nobility"),
        # Snowball's English stemmer (PostgreSQL) knows this irregular form; FTS5's Porter stemmer does not.
        pytest.param("lying", "lie", marks=postgres_only),
        ("Co-operation", "co-operation"),
    ],
)
def test_an_inflected_word_finds_its_paragraph(client, seed_item, written, searched):
    """The paragraphs tested cheaply first (search.paragraph_patterns) still include every one the stemmer matches."""
    item = AgendaItem.objects.create(meeting=seed_item.meeting, title="Wetland report")
    records.add_points(item, ["The Panel received the report.", f"Members discussed the {written} at length."])
    html = client.get("/search/", {"q": searched}).content.decode()
    second = item.points.get(position=2)
    assert f'href="/items/{item.pk}/#point-{second.pk}"' in html
    assert marked(snippet_of(html, item.pk))


def test_a_query_of_stop_words_only_matches_nothing(client, seed_item):
    response = client.get("/search/", {"q": "the of and"})
    assert response.status_code == 200
    assert "No items match" in response.content.decode()


@pytest.mark.parametrize(
    "status", [Meeting.Status.AGENDA, Meeting.Status.CANCELLED, Meeting.Status.POSTPONED, Meeting.Status.APPROVED]
)
def test_a_matching_paragraph_the_public_may_not_read_is_never_shown_or_linked(client, seed_item, status):
    """The item matches by what the public may read (an agenda's title, an exempt item's summary) while a paragraph
    the public may not read holds the same words: neither its text nor a link to it appears."""
    meeting = Meeting.objects.create(panel=seed_item.meeting.panel, date=datetime.date(2024, 5, 1), status=status)
    if status == Meeting.Status.APPROVED:
        item = AgendaItem.objects.create(
            meeting=meeting,
            title="Exempt contract award",
            is_exempt=True,
            exempt_summary="The Panel agreed the heronry recommendation.",
        )
    else:
        item = AgendaItem.objects.create(meeting=meeting, title="Heronry recommendation")
    MinutePoint.objects.create(item=item, text=f"The heronry recommendation cost {SECRET} pounds.")
    Question.objects.create(item=item, text=f"Whether the heronry recommendation was {SECRET}.", response="Yes.")
    html = client.get("/search/", {"q": "heronry recommendation"}).content.decode()
    assert f'href="/items/{item.pk}/"' in html
    assert f"/items/{item.pk}/#" not in html
    assert SECRET not in html
    assert marked(snippet_of(html, item.pk))
