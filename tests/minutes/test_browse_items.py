"""/items/: filters over public items only, combined as a shareable GET URL; paged; bad input is a 400 with the
form's error, never a 500; a fixed number of queries whatever the page holds."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Meeting, MinutePoint, Resolution
from tests import records

pytestmark = pytest.mark.django_db

KENT = "kent-and-medway-police-and-crime-panel"
WEALDSHIRE = "wealdshire-police-and-crime-panel"
SEED = "Victim Satisfaction Update"
APOLOGIES = "Apologies and Substitutes"
DECLARATIONS = "Declarations of Interests by Members in Items on the Agenda for this Meeting"
APPROVAL = "Minutes of the Police and Crime Panel held on 26 November 2025"
RURAL = "Rural Crime Strategy"
UPDATE = "Police and Crime Plan Progress - oral update"
WORK = "Work Programme"
WEALDSHIRE_ITEMS = {APOLOGIES, DECLARATIONS, APPROVAL, RURAL, UPDATE, WORK}


@pytest.fixture
def archive(seed_item, wealdshire):
    """The seed, the Wealdshire meeting and a draft meeting whose items would match every filter if it leaked."""
    draft = Meeting.objects.create(
        panel=records.wealdshire_panel(), date=datetime.date(2026, 3, 4), status=Meeting.Status.DRAFT
    )
    for title in (f"{RURAL} (draft)", f"{SEED} (draft)"):
        item = AgendaItem.objects.create(meeting=draft, title=title, kind=AgendaItem.Kind.REPORT)
        Resolution.objects.create(item=item, lead_in="RESOLVED", text="that this stays private.")
    return seed_item, wealdshire


def titles(response):
    listing = re.search(r'<ol class="item-results"[^>]*>(.*?)</ol>', response.content.decode(), re.S)
    if listing is None:
        return []
    return re.findall(r'<a href="/items/\d+/">(?:\d+\. )?(.*?)</a>', listing[1])


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, {SEED} | WEALDSHIRE_ITEMS),
        ({"panel": KENT}, {SEED}),
        ({"panel": WEALDSHIRE, "kind": "report"}, {RURAL, WORK}),
        ({"has_resolutions": "yes"}, {SEED, APPROVAL, RURAL, WORK}),
        ({"has_resolutions": "no", "panel": WEALDSHIRE}, {APOLOGIES, DECLARATIONS, UPDATE}),
        ({"has_documents": "yes", "has_resolutions": "yes"}, {APPROVAL, RURAL, WORK}),
        ({"has_documents": "no", "panel": KENT}, {SEED}),
        ({"date_from": "2021-01-01", "title": "crime"}, {RURAL, UPDATE, APPROVAL}),
        ({"date_to": "2021-01-01"}, {SEED}),
        ({"date_from": "2026-03-04", "date_to": "2026-03-04", "kind": "update"}, {UPDATE}),
        ({"title": "satisfaction VICTIM"}, {SEED}),
        ({"title": "crime", "kind": "apologies"}, set()),
        ({"date_from": "2027-01-01"}, set()),
    ],
)
def test_filters_combine(client, archive, params, expected):
    response = client.get("/items/", params)
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert len(titles(response)) == len(expected)
    if not expected:
        assert "No items match these filters." in response.content.decode()


def test_newest_and_oldest_first(client, archive):
    newest = titles(client.get("/items/"))
    oldest = titles(client.get("/items/", {"sort": "oldest"}))
    assert newest[0] == APOLOGIES and newest[-1] == SEED
    assert oldest[0] == SEED and oldest[1] == APOLOGIES  # meeting date, then agenda order


def test_the_form_has_labelled_date_inputs_and_keeps_its_values(client, archive):
    html = client.get("/items/", {"date_from": "2020-01-01", "panel": KENT}).content.decode()
    assert re.search(r'<label for="id_date_from">Meeting date from</label>', html)
    assert re.search(r'<label for="id_date_to">Meeting date to</label>', html)
    assert re.search(r'<input type="date" name="date_from" value="2020-01-01"[^>]*id="id_date_from"', html)
    assert re.search(r'<input type="date" name="date_to"', html)
    assert re.search(rf'<option value="{KENT}" selected>', html)


def test_active_filters_have_remove_links(client, archive):
    response = client.get("/items/", {"panel": WEALDSHIRE, "kind": "report", "page": "1"})
    html = response.content.decode()
    assert "Filters in use" in html
    assert 'href="?kind=report">remove' in html
    assert f'href="?panel={WEALDSHIRE}">remove' in html
    assert set(titles(client.get(f"/items/?panel={WEALDSHIRE}"))) == WEALDSHIRE_ITEMS


def test_no_filters_no_active_list(client, archive):
    assert "Filters in use" not in client.get("/items/").content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"date_from": "2020-13-45"}, "Enter a valid date."),
        ({"date_to": "yesterday"}, "Enter a valid date."),
        ({"panel": "no-such-panel"}, "Select a valid choice."),
        ({"kind": "bogus"}, "Select a valid choice."),
        ({"has_resolutions": "maybe"}, "Select a valid choice."),
        ({"has_documents": "1"}, "Select a valid choice."),
        ({"sort": "sideways"}, "Select a valid choice."),
        ({"title": "x" * 500}, "at most 200 characters"),
        ({"title": "victim\x00"}, "Null characters are not allowed."),
        ({"panel": "\x00"}, "Select a valid choice."),
    ],
)
def test_invalid_filters_show_the_error(client, archive, params, message):
    response = client.get("/items/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert message in html


@pytest.mark.parametrize("page", ["0", "4", "abc", "-1", "1.5", "9" * 40, ""])
def test_pages_that_do_not_exist(client, db, page):
    meeting = Meeting.objects.create(
        panel=records.kent_panel(), date=datetime.date(2024, 5, 1), status=Meeting.Status.APPROVED
    )
    AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, position=n, title=f"Item {n}") for n in range(1, 61))
    response = client.get("/items/", {"page": page})
    if page == "":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert "page" in response.content.decode().lower()


def test_pages_are_stable_and_complete(client, db):
    panel = records.kent_panel()
    expected = set()
    for day in range(1, 4):
        meeting = Meeting.objects.create(panel=panel, date=datetime.date(2024, 5, day), status=Meeting.Status.APPROVED)
        for n in range(1, 21):
            expected.add(AgendaItem.objects.create(meeting=meeting, position=n, title=f"Item {day}-{n}").pk)
    seen = []
    for page in (1, 2, 3):
        html = client.get("/items/", {"page": page}).content.decode()
        seen += [int(pk) for pk in re.findall(r'<li>\s*<a href="/items/(\d+)/">', html)]
    assert len(seen) == 60 and set(seen) == expected
    assert (
        seen[:2]
        == [int(pk) for pk in re.findall(r'<li>\s*<a href="/items/(\d+)/">', client.get("/items/").content.decode())][
            :2
        ]
    )
    assert "Page 1 of 3" in client.get("/items/").content.decode()


def build_items(count):
    panel = records.kent_panel()
    meeting = Meeting.objects.create(panel=panel, date=datetime.date(2024, 6, 1), status=Meeting.Status.APPROVED)
    for n in range(count):
        item = AgendaItem.objects.create(meeting=meeting, title=f"Item {n}", number=str(n + 1))
        MinutePoint.objects.create(item=item, text="Noted.")


def queries_for(client, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/items/", params).status_code == 200
    return len(captured)


def test_a_fixed_number_of_queries(client, db):
    build_items(3)
    few = queries_for(client, {"panel": KENT})
    build_items(22)
    many = queries_for(client, {"panel": KENT})
    assert few == many <= 4  # panel choices, the selected panel, count, page (meeting and panel joined)
    assert queries_for(client, {}) <= 3
