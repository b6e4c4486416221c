"""Hostile text in every text field of the record is shown as text on every public page, feed, calendar and PDF:
never as markup."""

import pytest
from django.db import models

from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from panels.models import Membership, Panel, Person
from tests.minutes.test_leak_matrix import routes, text_of

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'&'
DANGEROUS = ("<script>alert", "<img src=x onerror", "onerror=alert(1)>")


def fill(obj, skip=()):
    """Put the payload into every free-text field of `obj` (names, titles, text, labels …)."""
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.choices or not isinstance(field, (models.CharField, models.TextField)):
            continue
        if isinstance(field, (models.SlugField, models.URLField, models.FileField)):
            continue
        setattr(obj, field.name, (PAYLOAD + field.name)[: field.max_length or None])
    obj.save()
    return obj


@pytest.fixture
def hostile(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    panel = fill(Panel(slug="hostile", host_authority="x", name="x"))
    person = fill(Person(name="x"))
    Membership.objects.create(panel=panel, person=person, council=PAYLOAD)
    meeting = fill(Meeting(panel=panel, date="2025-05-05", status=Meeting.Status.APPROVED))
    item = fill(AgendaItem(meeting=meeting, position=1), skip={"exempt_summary"})
    fill(MinutePoint(item=item, position=1, label="1.", text="x"), skip={"label"})
    fill(Question(item=item, position=2, text="x"), skip={"label"})
    fill(Resolution(item=item, position=3, text="x"), skip={"label"})
    Document.objects.create(item=item, title=PAYLOAD, file_format="PDF", size_bytes=1000)
    Attendance.objects.create(meeting=meeting, person=person, name=PAYLOAD, role=PAYLOAD, council=PAYLOAD)
    declaration = Declaration.objects.create(meeting=meeting, item=item, people_text=PAYLOAD, interest=PAYLOAD)
    declaration.people.add(person)
    exempt = AgendaItem.objects.create(meeting=meeting, title=PAYLOAD, is_exempt=True, exempt_summary=PAYLOAD)
    return {"meeting": meeting, "item": item, "exempt": exempt, "documents": []}


def test_payload_is_escaped_everywhere(client, hostile):
    checked = 0
    for name, urls in routes(hostile).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            content_type = response.get("Content-Type", "")
            body = text_of(response)
            if content_type.startswith(("text/html", "application/rss", "application/atom", "application/xml")):
                for bad in DANGEROUS:
                    assert bad not in body, f"unescaped {bad!r} in {name} ({url})"
                checked += 1
    assert checked >= 15


def test_pages_show_the_payload_as_text(client, hostile):
    html = client.get(hostile["item"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    pdf_text = text_of(client.get(f"/meetings/{hostile['meeting'].pk}/minutes.pdf"))
    assert '<script>alert("xss")</script>' in pdf_text  # printed as the characters typed, not run
    text = client.get(f"/items/{hostile['item'].pk}/minutes.txt")
    assert text["Content-Type"] == "text/plain; charset=utf-8" and text["X-Content-Type-Options"] == "nosniff"
