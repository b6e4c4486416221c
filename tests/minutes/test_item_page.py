"""The agenda item page reproduces the seed's layout; its plain text is the seed itself."""

import pytest

from minutes.models import Meeting
from tests import records
from tests.text import assert_in_order, page_lines, published_lines

pytestmark = pytest.mark.django_db


def test_item_page_has_every_seed_paragraph_in_order(client, seed_item):
    response = client.get(seed_item.get_absolute_url())
    assert response.status_code == 200
    seed = published_lines(records.SEED_PATH.read_text(encoding="utf-8"))
    assert_in_order(seed, page_lines(response.content.decode()))


def test_item_page_marks_up_points_questions_and_resolution(client, seed_item):
    html = client.get(seed_item.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert '<li value="5" id="point-' in html
    # The four question bullets sit in a <ul> nested inside point 5.
    point5 = html.index('<li value="5"')
    bullets = html.index('<ul class="points">', point5)
    assert html.count('<li id="question-', bullets) == 4
    assert "<strong>RESOLVED</strong> that the Kent and Medway Police and Crime Panel note the report." in html
    assert "Supporting documents:" in html
    assert f'href="{seed_item.meeting.get_absolute_url()}"' in html


def test_item_plain_text_equals_the_seed(client, seed_item):
    response = client.get(f"/items/{seed_item.pk}/minutes.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    seed = published_lines(records.SEED_PATH.read_text(encoding="utf-8"))
    assert published_lines(response.content.decode()) == seed


def test_previous_and_next_links(client, wealdshire):
    items = list(wealdshire.items.order_by("position"))
    html = client.get(items[1].get_absolute_url()).content.decode()
    assert f'href="/items/{items[0].pk}/" rel="prev"' in html
    assert f'href="/items/{items[2].pk}/" rel="next"' in html
    first = client.get(items[0].get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first


def test_item_of_meeting_with_only_an_agenda_shows_no_minutes(client, db):
    item = records.build_seed(status=Meeting.Status.AGENDA)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Victim Satisfaction Update" in html
    assert "Whether the Commissioner had been satisfied" not in html
    assert "have not been published yet" in html
    assert client.get(f"/items/{item.pk}/minutes.txt").status_code == 404


def test_unknown_item_is_a_friendly_404(client, db):
    response = client.get("/items/987654/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
