"""The pages and the printed minutes render an item's walk through one renderer (minutes/output/html.py): the item
and meeting pages, every item's minutes HTML and the text of every printed PDF, over the demo and the test data,
are exactly what they were when the PDF had its own templates (snapshots/one_renderer.json, written by the code
before the change).

Regenerate only on purpose: ONE_RENDERER_SNAPSHOT=write make test ... PYTEST_ARGS=tests/minutes/test_one_renderer.py
"""

import hashlib
import io
import json
import os
from pathlib import Path

import pypdf
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models

from minutes.models import AgendaItem, Meeting
from minutes.output import pdf
from minutes.output.html import minutes_html
from minutes.output.rendering import list_events, walk
from tests import records

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="fixed primary keys need PostgreSQL sequences"),
]

SNAPSHOT = Path(__file__).parent / "snapshots" / "one_renderer.json"
WRITE = os.environ.get("ONE_RENDERER_SNAPSHOT") == "write"


def fix_primary_keys():
    """Start every table's ids at the same number, so pages (which show ids in links and anchors) compare byte for
    byte whichever tests ran before."""
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if isinstance(model._meta.pk, models.AutoField):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), 100000)",
                    [model._meta.db_table, model._meta.pk.column],
                )


def sha(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()


def pdf_text(data):
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def reads(pages):
    """What a reader of the PDF's text gets, line by line, page by page: spacing aside (the old print templates put a
    no-break space after each label; the pages' markup has the label apart, and the gap is the stylesheet's)."""
    return [[" ".join(line.split()) for line in page.splitlines()] for page in pages]


def renderings(client):
    """Every meeting's and item's page (sha256), minutes HTML (public walk and full walk) and printed text."""
    out = {}
    for meeting in Meeting.objects.order_by("panel__slug", "date", "pk"):
        key = f"{meeting.panel.slug}/{meeting.date}"
        response = client.get(f"/meetings/{meeting.pk}/")
        out[f"page {key}"] = [response.status_code, sha(response.content)]
        out[f"pdf {key}"] = pdf_text(pdf.render_meeting_pdf(meeting))
        for item in AgendaItem.objects.with_content().filter(meeting=meeting).order_by("position", "pk"):
            item_key = f"{key}/{item.position}"
            response = client.get(f"/items/{item.pk}/")
            out[f"page {item_key}"] = [response.status_code, sha(response.content)]
            for public in (True, False):
                html = minutes_html(list_events(walk(item, public=public)), 4)
                out[f"html {item_key} public={public}"] = sha(html)
            out[f"pdf {item_key}"] = pdf_text(pdf.render_item_pdf(item))
    return out


def check(name, client):
    got = renderings(client)
    stored = json.loads(SNAPSHOT.read_text("utf-8")) if SNAPSHOT.exists() else {}
    if WRITE:
        stored[name] = got
        SNAPSHOT.write_text(json.dumps(stored, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    expected = stored[name]
    assert sorted(got) == sorted(expected)
    for key in expected:
        if key.startswith("pdf "):
            assert reads(got[key]) == reads(expected[key]), key
        else:
            assert got[key] == expected[key], key


def test_demo_pages_and_printed_minutes_are_unchanged(client):
    fix_primary_keys()
    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    check("demo", client)


def test_test_data_pages_and_printed_minutes_are_unchanged(client):
    fix_primary_keys()
    records.build_all()
    check("records", client)
