"""/search/: finds the seed by its words, ranks and highlights, links to the paragraph, and never shows what the
public may not read (drafts, exempt minutes, minutes not yet published)."""

import datetime
import re

import pytest
from django.db import connection

from minutes.models import AgendaItem, Meeting, MinutePoint, Question
from tests import records

SECRET = "quokkaplinth"

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="ranking and phrases need PostgreSQL")


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


@postgres_only
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
    response = client.get("/search/", {"q": "first year March 2027"})
    assert f"#resolution-{rural.resolutions.get().pk}" in response.content.decode()


@postgres_only
def test_an_exact_title_match_ranks_first(client, seed_item):
    meeting = seed_item.meeting
    # Many mentions of the words in another item's minutes: without the title boost this one could lead.
    other = AgendaItem.objects.create(meeting=meeting, title="Survey results", description="")
    for n in range(1, 6):
        MinutePoint.objects.create(item=other, text="victim satisfaction update " * 5 + str(n))
    response = client.get("/search/", {"q": "Victim Satisfaction Update"})
    html = response.content.decode()
    first = re.search(r'<ol class="search-results"[^>]*>.*?<a href="(/items/\d+/)"', html, re.S)[1]
    assert first == f"/items/{seed_item.pk}/"


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
    )


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
    if connection.vendor == "postgresql":
        assert "ranked by relevance" in html
    else:
        assert "ranked" not in html and "in quotes" not in html
        assert "containing all of your words" in html


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
    assert queries() == few <= 5  # panel choices, count, page of ids, the hits with snippets, paragraph anchors
