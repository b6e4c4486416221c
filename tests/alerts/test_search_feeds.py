"""Follow any search: /search/ and /items/ as Atom and RSS (`…&format=atom|rss`), read by a real feed parser, with
the same public rule and filters as the pages; and the pages' links to the feeds and to email alerts."""

import feedparser
import pytest

from minutes.models import Meeting
from tests.alerts.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    public = make_meeting(
        Meeting.Status.DRAFT_MINUTES, ("Lighthouse repairs", ["The lighthouse roof leaks."]), ("Budget", ["Agreed."])
    )
    make_meeting(Meeting.Status.DRAFT, ("Lighthouse sale", ["Secret terms."]))
    return public


def test_search_feeds_list_public_matches(client, archive):
    item = archive.items.get(title="Lighthouse repairs")
    point = item.points.get()
    for fmt, version in (("atom", "atom10"), ("rss", "rss20")):
        response = client.get(f"/search/?q=lighthouse&format={fmt}")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert feed.version == version and not feed.bozo
        assert [e.title for e in feed.entries] == ["1. Lighthouse repairs"]
        assert feed.entries[0].link == f"http://testserver/items/{item.pk}/#point-{point.pk}"
        assert "lighthouse" in feed.feed.title.lower()
        assert feed.feed.link == "http://testserver/search/?q=lighthouse"
        assert b"Secret terms" not in response.content and b"Lighthouse sale" not in response.content


def test_items_feed_follows_the_filters(client, archive):
    response = client.get("/items/?panel=fernshire-panel&title=budget&format=rss")
    feed = feedparser.parse(response.content)
    assert response.status_code == 200 and [e.title for e in feed.entries] == ["2. Budget"]
    assert "Words in the title: budget" in feed.feed.title
    everything = feedparser.parse(client.get("/items/?format=atom").content)
    assert {e.title for e in everything.entries} == {"1. Lighthouse repairs", "2. Budget"}


def test_bad_feed_requests_get_clear_400s(client, archive):
    response = client.get("/search/?q=lighthouse&format=xml")
    assert response.status_code == 400 and b"format=atom or format=rss" in response.content
    assert client.get("/items/?format=pdf").status_code == 400
    response = client.get("/items/?date_from=yesterday&format=atom")
    assert response.status_code == 400 and b"Enter a valid date" in response.content


def test_pages_link_to_their_feeds_and_alerts(client, archive):
    page = client.get("/search/?q=lighthouse&panel=fernshire-panel").content.decode()
    assert 'href="/search/?q=lighthouse&amp;panel=fernshire-panel&amp;format=atom"' in page
    assert 'href="/search/?q=lighthouse&amp;panel=fernshire-panel&amp;format=rss"' in page
    assert 'href="/alerts/?follow=search&amp;q=lighthouse&amp;panel=fernshire-panel"' in page
    page = client.get("/items/?panel=fernshire-panel").content.decode()
    assert "format=rss" in page and 'href="/alerts/?follow=search&amp;panel=fernshire-panel"' in page
