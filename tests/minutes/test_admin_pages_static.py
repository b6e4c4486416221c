"""The clerks' own admin pages are styled and scripted from static files only: the CSP (default-src 'self') blocks
inline <style>, style="" and inline <script>, which left the import preview unstyled."""

import re

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import records

pytestmark = pytest.mark.django_db
INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)", re.IGNORECASE)


def pages(client):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    item = meeting.items.order_by("position").first()
    import_url = reverse("admin:minutes_meeting_import", args=[meeting.pk])
    text = "Agenda item\n\nNew item\n\nMinutes:\n\n1.    A point.\n\nSupporting documents:\n"
    yield "import form", client.get(import_url)
    yield "import preview", client.post(import_url, {"text": text, "action": "preview"})
    yield "item editor", client.get(reverse("admin:minutes_agendaitem_write", args=[item.pk]))
    yield "meeting editor", client.get(reverse("admin:minutes_meeting_write", args=[meeting.pk]))
    yield (
        "approval",
        client.post(
            reverse("admin:minutes_meeting_changelist"), {"action": "approve_minutes", "_selected_action": [meeting.pk]}
        ),
    )


def test_no_inline_style_or_script(staff_client):
    seen = []
    for name, response in pages(staff_client):
        html = response.content.decode()
        assert response.status_code == 200, name
        assert not INLINE.search(html), (name, INLINE.search(html).group(0))
        seen.append(name)
        if name in ("import preview", "item editor", "meeting editor"):
            assert "/static/css/admin-minutes.css" in html, name
    assert len(seen) == 5


def test_the_import_preview_is_laid_out_as_the_public_page(staff_client):
    _, response = list(pages(staff_client))[1]
    html = response.content.decode()
    assert 'class="import-preview minutes-preview"' in html and '<ol class="points">' in html
