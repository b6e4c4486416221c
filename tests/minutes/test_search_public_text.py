"""The search columns hold exactly the public text of an item as its meeting's status stands, and follow the status
as the minutes are published (issue 14, finding 1)."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from minutes.models import AgendaItem, Meeting, MinutePoint
from minutes.record import workflow
from tests import records

pytestmark = pytest.mark.django_db


def stored(item):
    item = AgendaItem.objects.get(pk=item.pk)
    return item.search_document, str(item.search_vector or "")


def test_minutes_enter_the_search_columns_only_when_published(client, django_user_model):
    meeting = Meeting.objects.create(
        panel=records.kent_panel(), date=datetime.date(2025, 5, 1), status=Meeting.Status.AGENDA
    )
    item = AgendaItem.objects.create(meeting=meeting, title="Estates strategy", description="A report.")
    MinutePoint.objects.create(item=item, text="The wombatfence was discussed.")
    document, vector = stored(item)
    assert "wombatfence" not in document and "wombatfenc" not in vector
    assert "Estates strategy" in document
    assert f'href="/items/{item.pk}/"' not in client.get("/search/", {"q": "wombatfence"}).content.decode()
    # Excluding the unpublished word excludes nothing.
    assert f'href="/items/{item.pk}/"' in client.get("/search/", {"q": "estates -wombatfence"}).content.decode()

    publisher = django_user_model.objects.create_user("pub")
    publisher.user_permissions.add(Permission.objects.get(codename="publish_meeting"))
    workflow.apply(meeting, "publish_minutes", django_user_model.objects.get(pk=publisher.pk))
    document, vector = stored(item)
    assert "wombatfence" in document
    html = client.get("/search/", {"q": "wombatfence"}).content.decode()
    assert f'href="/items/{item.pk}/' in html


def test_an_exempt_item_holds_only_its_summary(seed_item):
    exempt = AgendaItem.objects.create(
        meeting=seed_item.meeting,
        title="Exempt contract",
        description="Tender from Acme Holdings.",
        is_exempt=True,
        exempt_summary="The Panel noted the report.",
    )
    MinutePoint.objects.create(item=exempt, text="The price was secret.")
    document, _ = stored(exempt)
    assert document == "Exempt contract\nThe Panel noted the report."
