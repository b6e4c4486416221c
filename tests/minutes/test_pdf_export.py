"""Printed minutes outside the public site: the export command and the admin's preview action."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from minutes.models import Meeting
from minutes.output import pdf
from tests import records


def text_of(data):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_command_writes_valid_pdfs_to_a_directory(tmp_path):
    seed = records.build_seed()
    wealdshire = records.build_wealdshire_meeting()
    out = io.StringIO()
    call_command("export_minutes_pdf", str(seed.meeting.pk), str(wealdshire.pk), "--output-dir", tmp_path, stdout=out)
    seed_file = tmp_path / "kent-and-medway-police-and-crime-panel-2020-07-14-minutes.pdf"
    wealdshire_file = tmp_path / "wealdshire-police-and-crime-panel-2026-03-04-minutes.pdf"
    assert "Victim Satisfaction Update" in text_of(seed_file.read_bytes())
    assert "Rural Crime Strategy" in text_of(wealdshire_file.read_bytes())
    assert str(seed_file) in out.getvalue()


@pytest.mark.django_db
def test_command_writes_one_file(tmp_path):
    seed = records.build_seed(status=Meeting.Status.DRAFT)
    target = tmp_path / "preview.pdf"
    call_command("export_minutes_pdf", str(seed.meeting.pk), "-o", target, stdout=io.StringIO())
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) >= 1
    assert "Not published — preview" in text_of(target.read_bytes())


@pytest.mark.django_db
def test_command_rejects_an_unknown_meeting(tmp_path):
    seed = records.build_seed()
    with pytest.raises(CommandError, match="No meeting with pk 999999"):
        call_command("export_minutes_pdf", str(seed.meeting.pk), "999999", "--output-dir", tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_command_writes_one_file_only_for_one_meeting(tmp_path):
    seed = records.build_seed()
    other = records.build_wealdshire_meeting()
    with pytest.raises(CommandError, match="--output-dir"):
        call_command("export_minutes_pdf", str(seed.meeting.pk), str(other.pk), "-o", tmp_path / "x.pdf")


def run_action(client, *meetings):
    return client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "download_printed_minutes", "_selected_action": [m.pk for m in meetings]},
    )


@pytest.mark.django_db
def test_admin_action_returns_the_printed_minutes_of_an_unpublished_meeting(staff_client):
    seed = records.build_seed(status=Meeting.Status.DRAFT)
    response = run_action(staff_client, seed.meeting)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="kent-and-medway-police-and-crime-panel-2020-07-14-minutes.pdf"'
    )
    text = text_of(response.content)
    assert "Not published — preview" in text
    assert "Victim Satisfaction Update" in text


@pytest.mark.django_db
def test_admin_action_needs_exactly_one_meeting(staff_client):
    seed = records.build_seed()
    other = records.build_wealdshire_meeting()
    response = run_action(staff_client, seed.meeting, other)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Choose one meeting to download its printed minutes."]


@pytest.mark.django_db
def test_admin_action_is_for_staff_only(client, django_user_model):
    seed = records.build_seed(status=Meeting.Status.DRAFT)
    response = run_action(client, seed.meeting)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    user = django_user_model.objects.create_user("member", password="pw", is_staff=False)
    client.force_login(user)
    response = run_action(client, seed.meeting)
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"


def test_marks_follow_the_status():
    meeting = Meeting(status=Meeting.Status.APPROVED)
    assert pdf.marks_for(meeting) == ""
    meeting.status = Meeting.Status.DRAFT_MINUTES
    assert pdf.marks_for(meeting) == "Draft minutes — subject to approval"
    meeting.status = Meeting.Status.DRAFT
    assert pdf.marks_for(meeting) == "Not published — preview · Draft minutes — subject to approval"
