"""The bulk download: `export_open_data` writes one dated ZIP (JSON lines and CSV per table, README with fields and
licence) holding exactly the public record; loading it back into empty tables and exporting again gives the same
tables; /data/ offers it and streams it; drafts, unpublished minutes and exempt text are not in it."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from minutes.models import AgendaItem, Attendance, Meeting, MinutePoint, Question, Resolution
from minutes.opendata import bulk
from panels.models import Panel, Person
from tests.opendata import archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = archive.build()
    exempt = AgendaItem.objects.get(meeting=result["wealdshire"], title="Work Programme")
    exempt.is_exempt, exempt.exempt_summary = True, "Noted in private."
    exempt.save()
    MinutePoint.objects.create(item=exempt, label="2.", text="Zqexemptsecretx figures.")
    # Who sat in on the private item is part of its exempt record, as the pages have it.
    Attendance.objects.create(meeting=exempt.meeting, item=exempt, kind="in_attendance", name="Zqprivateattendeex")
    return result


def export():
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    name = bulk.PREFIX + bulk.latest()[0]
    assert name in out.getvalue()
    with default_storage.open(name, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def tables(dump):
    return {t[0]: [json.loads(line) for line in dump.read(f"{t[0]}.jsonl").decode().splitlines()] for t in bulk.TABLES}


def test_the_dump_holds_exactly_the_public_record(built):
    dump = export()
    rows = tables(dump)
    assert {r["id"] for r in rows["meetings"]} == set(Meeting.objects.public().values_list("pk", flat=True))
    assert {r["id"] for r in rows["agenda_items"]} == set(AgendaItem.objects.public().values_list("pk", flat=True))
    minutes_meetings = set(Meeting.objects.with_public_minutes().values_list("pk", flat=True))
    item_meeting = {r["id"]: r["meeting_id"] for r in rows["agenda_items"]}
    for table in ("minute_points", "questions", "resolutions"):
        assert rows[table], table
        assert all(item_meeting[r["item_id"]] in minutes_meetings for r in rows[table]), table
    readable = Resolution.objects.filter(item__meeting__in=minutes_meetings, item__is_exempt=False)
    assert {r["id"] for r in rows["resolutions"]} == set(readable.values_list("pk", flat=True))
    everything = b"".join(dump.read(n) for n in dump.namelist()).decode()
    assert archive.DRAFT_WORD not in everything and "Zqexemptsecretx" not in everything
    assert "Zqprivateattendeex" not in everything
    assert "Noted in private." in everything
    assert {r["id"] for r in rows["attendance"]} and all(
        r["meeting_id"] in minutes_meetings for r in rows["attendance"]
    )


def test_csv_and_json_lines_agree_and_the_readme_names_every_field_and_the_licence(built):
    dump = export()
    readme = dump.read("README.txt").decode()
    assert "Open Government Licence" in readme
    for name, _, _, fields, _ in bulk.TABLES:
        assert f"{name} (" in readme and ", ".join(fields) in readme
        reader = list(csv.DictReader(io.StringIO(dump.read(f"{name}.csv").decode())))
        lines = [json.loads(line) for line in dump.read(f"{name}.jsonl").decode().splitlines()]
        assert len(reader) == len(lines)
        for from_csv, from_json in zip(reader, lines, strict=True):
            assert list(from_csv) == fields
            for field in fields:
                value = from_json[field]
                expected = (
                    ""
                    if value is None
                    else json.dumps(value, sort_keys=True)
                    if isinstance(value, dict)
                    else str(value)
                )
                assert from_csv[field] == expected, (name, field)


def test_loading_the_dump_back_gives_the_same_public_record(built, tmp_path):
    first = tables(export())
    # Empty every table, then load the dump back, in the order the references need.
    for model in (Resolution, Question, MinutePoint):
        model.objects.all().delete()
    Meeting.objects.all().delete()
    Panel.objects.update(parent=None)
    Panel.objects.all().delete()
    Person.objects.all().delete()
    # Rows as they are, with their references (points load before the questions they introduce) and their stamps:
    # bulk_create() sends no signals and changes no stamp; an update() pass would move the meetings' changed_at.
    names = [t[0] for t in bulk.TABLES]
    assert names.index("minute_points") < names.index("questions")
    for name, model, _, _, _ in bulk.TABLES:
        model.objects.bulk_create([model(**row) for row in first[name]])
    default_storage.delete(bulk.PREFIX + bulk.latest()[0])
    second = tables(export())
    for name in first:
        assert second[name] == first[name], name


def test_only_the_newest_dump_is_kept(built):
    bulk.build_archive(today=datetime.date(2026, 1, 1))
    bulk.build_archive(today=datetime.date(2026, 1, 2))
    assert bulk.dumps() == ["minutes-archive-2026-01-02.zip"]


def test_the_data_page_offers_the_download_and_streams_it(client, built):
    page = client.get("/data/")
    assert page.status_code == 200
    assert "being prepared" in page.content.decode()
    bulk.build_archive(today=datetime.date(2026, 3, 5))
    page = client.get("/data/").content.decode()
    assert "/data/minutes-archive-2026-03-05.zip" in page and "Open Government Licence" in page
    assert "curl" in page and "/oparl/v1.1/system" in page
    response = client.get("/data/minutes-archive-2026-03-05.zip")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    assert "meetings.jsonl" in zipfile.ZipFile(io.BytesIO(body)).namelist()


@pytest.mark.parametrize("name", ["minutes-archive-2020-01-01.zip", "..%2Fmedia.zip", "README.txt", "x"])
def test_only_the_dumps_themselves_are_served(client, built, name):
    bulk.build_archive(today=datetime.date(2026, 3, 5))
    assert client.get(f"/data/{name}").status_code == 404


def test_every_page_links_to_the_data_page(client, built):
    assert 'href="/data/"' in client.get("/").content.decode()
