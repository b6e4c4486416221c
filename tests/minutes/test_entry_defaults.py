"""Every path into the record saves the same defaults: an item typed by hand on the meeting's page, imported from an
item page (which does not show the meeting page's 'Additional documents:' label) or written in the item editor."""

import datetime

import pytest
from django.urls import reverse

from minutes.importer.reader import parse_minutes
from minutes.importer.save import save_minutes
from minutes.models import AgendaItem, Meeting
from tests import records
from tests.forms import form_data

pytestmark = pytest.mark.django_db
LAYOUT = ("show_documents_label", "show_minutes_label")


def test_hand_entry_import_and_editor_agree(staff_client):
    meeting = Meeting.objects.create(panel=records.kent_panel(), date=datetime.date(2020, 7, 14))
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    data = form_data(staff_client.get(url).content.decode())
    data |= {"items-0-title": "Typed by hand", "items-0-position": "1", "_save": "Save"}
    assert staff_client.post(url, data).status_code == 302
    by_hand = AgendaItem.objects.get(title="Typed by hand")

    text = "Agenda item\n\nImported\n\nMinutes:\n\n1.    A point.\n\nSupporting documents:\n"
    (imported,) = save_minutes(parse_minutes(text), meeting=meeting).created_items
    imported.refresh_from_db()
    assert [getattr(by_hand, f) for f in LAYOUT] == [getattr(imported, f) for f in LAYOUT] == [True, True]

    write = reverse("admin:minutes_agendaitem_write", args=[by_hand.pk])
    editor = form_data(staff_client.get(write).content.decode())
    assert staff_client.post(write, {**editor, "text": "1.    A point.", "_save": "Save"}).status_code == 302
    by_hand.refresh_from_db()
    assert [getattr(by_hand, f) for f in LAYOUT] == [True, True]
    assert by_hand.points.get().label == "1."


def test_a_meeting_page_still_says_where_the_label_is_absent():
    parsed = parse_minutes(
        "Agenda and minutes\n\nKent Panel - Wednesday, 16th July, 2025 2.00 pm\n\n19.\n\nMinutes of the last meeting"
        "\n\nMinutes:\n\nRESOLVED that they be signed.\n"
    )
    assert parsed.items[0].show_documents_label is False
