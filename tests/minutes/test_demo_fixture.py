import io

import pytest
from django.core.management import call_command
from django.db import connection

from minutes.models import AgendaItem, Meeting
from minutes.search import sqlite as search_sqlite
from panels.models import Panel
from tests import records
from tests.text import published_lines

pytestmark = pytest.mark.django_db


def test_demo_fixture_holds_the_seed_item_in_full(client):
    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    call_command("rebuild_search", verbosity=0)
    kent = Panel.objects.get(slug="kent-and-medway-police-and-crime-panel")
    assert kent.host_authority == "Kent County Council"
    item = AgendaItem.objects.get(title="Victim Satisfaction Update", meeting__panel=kent)
    assert item.meeting.status == Meeting.Status.APPROVED
    response = client.get(f"/items/{item.pk}/minutes.txt")
    assert published_lines(response.content.decode()) == published_lines(records.SEED_PATH.read_text("utf-8"))
    # Nothing else is filed under the real panel's name: other demo meetings use the invented Wealdshire panel.
    assert Meeting.objects.filter(panel=kent).count() == 1
    assert Meeting.objects.exclude(panel=kent).filter(panel__slug="wealdshire-police-and-crime-panel").count() == 2
    assert "young and vulnerable" in AgendaItem.objects.get(pk=item.pk).search_document


def test_load_demo_fills_an_empty_database_once_and_keeps_changes(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Loading the demo" in out.getvalue()
    item = AgendaItem.objects.get(title="Victim Satisfaction Update")
    assert f'href="/items/{item.pk}/' in client.get("/search/", {"q": "Victim’s Code"}).content.decode()
    item.title = "Victim Satisfaction Update (corrected)"
    item.save()
    counts = (Panel.objects.count(), Meeting.objects.count(), AgendaItem.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "not loaded again" in out.getvalue()
    assert (Panel.objects.count(), Meeting.objects.count(), AgendaItem.objects.count()) == counts
    assert AgendaItem.objects.get(pk=item.pk).title == "Victim Satisfaction Update (corrected)"


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's search tables only")
def test_load_demo_rebuilds_a_missing_sqlite_index(client):
    call_command("load_demo", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search_sqlite.ITEMS}")
    assert "No items match" in client.get("/search/", {"q": "victim"}).content.decode()
    call_command("load_demo", stdout=io.StringIO())
    assert "No items match" not in client.get("/search/", {"q": "victim"}).content.decode()


def test_demo_fixture_holds_an_invented_membership_with_attendance(client):
    from panels.models import Membership, Person

    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    wealdshire = Panel.objects.get(slug="wealdshire-police-and-crime-panel")
    members = Membership.objects.filter(panel=wealdshire).select_related("person")
    assert members.count() >= 12
    assert all(m.person.party or m.role == "independent" for m in members)
    assert all(m.person.representations.exists() for m in members if m.council)
    # Every person in the demo is invented, and nobody sits on the real Kent panel.
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert not Membership.objects.filter(panel__slug="kent-and-medway-police-and-crime-panel").exists()
    reyes = Person.objects.get(name="Imogen Reyes")
    html = client.get(reyes.get_absolute_url()).content.decode()
    assert "Invented for demonstration" in html and "Question 1:" in html
    meeting = Meeting.objects.get(panel=wealdshire, date="2026-03-04")
    text = client.get(f"/meetings/{meeting.pk}/minutes.txt").content.decode()
    assert "APOLOGIES: Cllr Harriet Vane (Ashbury Borough Council), Cllr Owen Price (Weald District Council)" in text
    assert "Cllr Martin Dale (Substitute for Cllr Owen Price) (Weald District Council)" in text
