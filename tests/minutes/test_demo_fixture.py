import pytest
from django.core.management import call_command

from minutes.models import AgendaItem, Meeting
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
