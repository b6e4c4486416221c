"""Edges found in review: records moved between parents, minutes-only details before publication, odd input, papers
of exempt items, items of other meetings, replaced files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def draft(wealdshire):
    return Meeting.objects.create(panel=wealdshire.panel, date="2026-09-01", status=Meeting.Status.DRAFT)


def test_moving_an_item_refreshes_the_old_meeting_and_takes_its_papers(client, wealdshire, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = wealdshire.items.get(number="61")
    doc = Document.objects.create(item=item, title="Update paper", file=SimpleUploadedFile("u.pdf", PDF))
    assert "Police and Crime Plan Progress" in client.get(wealdshire.get_absolute_url()).content.decode()
    assert client.get(doc.get_absolute_url()).status_code == 200
    item.meeting, item.position = draft, 1
    item.save()
    assert "Police and Crime Plan Progress" not in client.get(wealdshire.get_absolute_url()).content.decode()
    doc.refresh_from_db()
    assert doc.meeting_id == draft.pk
    assert client.get(doc.get_absolute_url()).status_code == 404


def test_moving_a_point_rebuilds_both_search_documents(wealdshire):
    source = wealdshire.items.get(number="61")
    target = AgendaItem.objects.create(meeting=wealdshire, title="Exempt", is_exempt=True, exempt_summary="Summary.")
    point = MinutePoint.objects.create(item=source, text="Zqconfidentialx figures")
    assert "Zqconfidentialx" in AgendaItem.objects.get(pk=source.pk).search_document
    point.item = target
    point.save()
    assert "Zqconfidentialx" not in AgendaItem.objects.get(pk=source.pk).search_document
    assert "Zqconfidentialx" not in AgendaItem.objects.get(pk=target.pk).search_document  # exempt: summary only


def test_attendance_and_declarations_wait_for_the_minutes(client, wealdshire):
    Attendance.objects.create(meeting=wealdshire, kind="apologies", name="Cllr Zqabsentx")
    Declaration.objects.create(meeting=wealdshire, interest="Zqinterestx")
    Meeting.objects.filter(pk=wealdshire.pk).update(status=Meeting.Status.AGENDA)
    html = client.get(wealdshire.get_absolute_url()).content.decode()
    assert "Zqabsentx" not in html and "Zqinterestx" not in html
    Meeting.objects.filter(pk=wealdshire.pk).update(status=Meeting.Status.APPROVED)
    wealdshire.refresh_from_db()
    wealdshire.save()  # moves the change stamp, as the workflow does
    html = client.get(wealdshire.get_absolute_url()).content.decode()
    assert "Zqabsentx" in html and "Zqinterestx" in html


@pytest.mark.parametrize("year", ["²", "٣", "2O25", "-1", "9" * 30])
def test_odd_years_on_the_panel_page(client, wealdshire, year):
    response = client.get(wealdshire.panel.get_absolute_url(), {"year": year})
    assert response.status_code == 200
    assert "showing every year" in response.content.decode()


def test_has_documents_does_not_count_an_exempt_items_papers(client, wealdshire):
    exempt = AgendaItem.objects.create(meeting=wealdshire, title="Zqsecretx", is_exempt=True, exempt_summary="S.")
    Document.objects.create(item=exempt, title="Paper", file_format="PDF", size_bytes=10)
    assert "Zqsecretx" not in client.get("/items/", {"has_documents": "yes"}).content.decode()
    assert "Zqsecretx" in client.get("/items/", {"has_documents": "no"}).content.decode()


def test_declarations_and_attendance_name_only_their_own_meetings_items(wealdshire, draft):
    other = AgendaItem.objects.create(meeting=draft, title="Draft business")
    for record in (
        Declaration(meeting=wealdshire, item=other, interest="x"),
        Attendance(meeting=wealdshire, item=other, name="Mr X"),
    ):
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert "item" in error.value.message_dict


def test_a_replaced_file_brings_its_format(settings, tmp_path, wealdshire):
    settings.MEDIA_ROOT = tmp_path
    doc = Document.objects.create(item=wealdshire.items.first(), title="Paper", file=SimpleUploadedFile("a.pdf", PDF))
    assert doc.file_format == "PDF"
    doc.file = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    doc.save()
    assert doc.file_format == "PNG" and doc.size_label.startswith("PNG ")
