"""Opening the item editor and saving unchanged leaves the record exactly as it was: every item of the demo data and of
every text the importer's tests read (the seed and the shared examples)."""

import datetime

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from minutes.importer.reader import parse_minutes
from minutes.importer.save import save_minutes
from minutes.models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from tests import records
from tests.forms import form_data

pytestmark = pytest.mark.django_db
IMPORT_FILES = [records.SEED_PATH, *sorted(records.EXAMPLES.glob("*.txt"))]


def dump(item):
    """Every column of the item and its points, questions and resolutions, and their history."""
    item = AgendaItem.objects.get(pk=item.pk)
    rows = [model_to_dict(item), item.meeting.changed_at, item.search_document]
    for model in (MinutePoint, Question, Resolution):
        rows += [(model.__name__, row.pk, model_to_dict(row)) for row in model.objects.filter(item=item).order_by("pk")]
        rows.append(model.history.filter(item_id=item.pk).count())
    rows.append(AgendaItem.history.filter(id=item.pk).count())
    return rows


def save_unchanged(client, item):
    url = reverse("admin:minutes_agendaitem_write", args=[item.pk])
    data = form_data(client.get(url).content.decode())
    assert data["text"].strip() or not item.content()
    response = client.post(url, {**data, "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return data["text"]


def test_every_demo_item_saves_unchanged(staff_client):
    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    items = list(AgendaItem.objects.order_by("pk"))
    assert len(items) >= 9 and sum(len(item.content()) for item in items) >= 39
    for item in items:
        before = dump(item)
        save_unchanged(staff_client, item)
        assert dump(item) == before, item


@pytest.mark.parametrize("path", IMPORT_FILES, ids=lambda path: path.name)
def test_every_imported_item_saves_unchanged(staff_client, path):
    meeting = Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2020, 7, 14))
    parsed = parse_minutes(path.read_text(encoding="utf-8"))
    report = save_minutes(parsed, meeting=meeting)
    assert report.created_items
    for item in report.created_items:
        before = dump(item)
        save_unchanged(staff_client, item)
        assert dump(item) == before, item


def test_the_import_files_are_there():
    # The parametrised test above must not quietly run over nothing.
    assert len(IMPORT_FILES) >= 4 and all(path.exists() for path in IMPORT_FILES)
