"""Uploads judged by content, stored under safe names, served only through the public rule."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minutes.models import Document, Meeting
from minutes.uploads import safe_filename, validate_document_file
from tests import records
from tests.forms import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def zipped(**parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name.replace("__", "/").replace("CT", "[Content_Types].xml"), content)
    return buffer.getvalue()


DOCX = zipped(**{"CT": "<Types/>", "word__document.xml": "<w:document/>"})
XLSX = zipped(**{"CT": "<Types/>", "xl__workbook.xml": "<workbook/>"})
ODT = zipped(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<office/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "name,content",
    [("r.pdf", PDF), ("p.png", PNG), ("p.jpg", JPEG), ("d.docx", DOCX), ("x.xlsx", XLSX), ("o.odt", ODT)],
)
def test_real_documents_are_accepted(name, content):
    validate_document_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64),  # a renamed Windows executable
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 64),
        ("report.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),  # HTML named .pdf
        ("page.html", b"<html></html>"),
        ("image.png", PDF),  # content and name disagree
        ("letter.docx", zipped(**{"evil.sh": "rm -rf /"})),  # a zip, but not a Word document
        ("letter.docx", XLSX),
    ],
)
def test_hostile_uploads_are_refused(name, content):
    with pytest.raises(ValidationError):
        validate_document_file(SimpleUploadedFile(name, content))


def test_oversized_upload_is_refused(settings):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (30 * 1024 * 1024))
    with pytest.raises(ValidationError, match="largest accepted is 25 MB"):
        validate_document_file(big)
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError):
        validate_document_file(SimpleUploadedFile("r.pdf", PDF + b"0" * 2048))


@pytest.mark.parametrize(
    "given,stored",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\Report.PDF", "report.pdf"),
        ("/abs/Agenda Pack (final) v2.pdf", "agenda-pack-final-v2.pdf"),
        ("....pdf", "document.pdf"),
    ],
)
def test_stored_names_are_safe(given, stored):
    assert safe_filename(given) == stored


def test_admin_upload_of_passwd_path_refused_and_real_pdf_stored_safely(staff_client, media):
    """Papers are uploaded on their item's admin page (the document inline)."""
    item = records.build_seed(status=Meeting.Status.DRAFT)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    base = form_data(staff_client.get(url).content.decode())
    base.update({"documents-TOTAL_FORMS": "1", "documents-0-item": str(item.pk), "documents-0-position": "0",
                 "documents-0-title": "Report", "documents-0-kind": "report", "documents-0-is_additional": "on",
                 "_continue": "Save"})  # fmt: skip
    response = staff_client.post(url, {**base, "documents-0-file": SimpleUploadedFile("../../etc/passwd", b"root:x")})
    assert response.status_code == 200 and not Document.objects.exists()
    response = staff_client.post(url, {**base, "documents-0-file": SimpleUploadedFile("../../Report 1.pdf", PDF)})
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file.name.startswith("documents/") and document.file.name.endswith("/report-1.pdf")
    assert (media / document.file.name).read_bytes() == PDF
    assert document.file_format == "PDF" and document.size_bytes == len(PDF)


def document_for(status, name="report.pdf", content=PDF, **item_fields):
    item = records.build_seed(status=status)
    if item_fields:
        for key, value in item_fields.items():
            setattr(item, key, value)
        item.save()
    return Document.objects.create(item=item, title="Report", file=SimpleUploadedFile(name, content))


def test_public_document_is_served_safely(client):
    document = document_for(Meeting.Status.APPROVED)
    url = document.get_absolute_url()
    assert url == reverse("document", args=[document.pk, "report.pdf"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="report.pdf"'


def test_office_documents_download_as_attachments(client):
    document = document_for(Meeting.Status.AGENDA, "minutes.docx", DOCX)
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")


def test_draft_meetings_document_is_404_to_the_public_but_staff_preview(client, django_user_model):
    document = document_for(Meeting.Status.DRAFT)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("resident"))
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert client.get(document.get_absolute_url()).status_code == 200


def test_exempt_items_document_is_404_to_the_public(client):
    document = document_for(Meeting.Status.APPROVED, is_exempt=True, exempt_summary="Considered in private.")
    assert client.get(document.get_absolute_url()).status_code == 404


def test_wrong_filename_redirects_and_media_is_not_served(client):
    document = document_for(Meeting.Status.APPROVED)
    response = client.get(reverse("document", args=[document.pk, "other.pdf"]))
    assert response.status_code == 301 and response["Location"] == document.get_absolute_url()
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_resaving_a_stored_document_does_not_reread_the_file(client):
    document = document_for(Meeting.Status.APPROVED)
    document.file.storage.delete(document.file.name)
    document.title = "Renamed"
    document.full_clean()
    document.save()
    assert client.get(document.get_absolute_url()).status_code == 404
