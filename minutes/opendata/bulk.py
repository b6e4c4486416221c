"""The whole public archive as one dated download: a ZIP of JSON lines and CSV per table, with a README of the fields
and the licence. Built by `manage.py export_open_data` (the background worker, once there is one, calls the same
`build_archive()` after minutes are published), stored in the default storage under `opendata/`, and streamed by
`/data/<file>`; nothing is built in a request.

Each table holds exactly what the public may read, through the one rule: public meetings and their items; an item's
points, questions and resolutions, the attendance and the declarations only once its meeting's minutes are published
(an exempt item's only as its title and, with the minutes, its public summary, on the item's row); a paper while the
public may have it. Rows carry the models' own field names, so the dump loads back into the same models."""

import csv
import datetime
import io
import json
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Case, F, Q, TextField, Value, When
from django.template.loader import render_to_string
from django.utils import timezone

from minutes import visibility
from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from panels.models import Membership, Panel, Person, Representation

PREFIX = "opendata/"
NAME = "minutes-archive-{date}.zip"
LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def public_items():
    return visibility.public_items()


def public_item_rows():
    """Agenda items as the public reads them: an exempt item's title and, once its minutes are published, its
    summary; never its description (rendering.public_description on the pages)."""
    return public_items().annotate(
        public_description=Case(
            When(is_exempt=True, then=Value("")), default=F("description"), output_field=TextField()
        ),
        public_summary=Case(
            When(meeting__status__in=Meeting.MINUTES_STATES, then=F("exempt_summary")),
            default=Value(""),
            output_field=TextField(),
        ),
    )


# Columns read from another expression of the table's rows than the model's own field of that name.
PUBLIC_COLUMNS = {"agenda_items": {"description": "public_description", "exempt_summary": "public_summary"}}


def minutes_content(model):
    """Points, questions or resolutions the public may read: of non-exempt items in meetings with public minutes."""
    return model.objects.filter(
        item__in=public_items(), item__meeting__status__in=Meeting.MINUTES_STATES, item__is_exempt=False
    )


def public_documents():
    return (
        Document.objects.filter(meeting__in=visibility.public_meetings())
        .filter(Q(item__isnull=True) | Q(item__is_exempt=False))
        # Document.is_public_for as a query: a meeting's own minutes papers wait for its minutes.
        .exclude(
            Q(item__isnull=True) & Q(kind__in=Document.MINUTES_KINDS) & ~Q(meeting__status__in=Meeting.MINUTES_STATES)
        )
    )


def with_public_minutes(model):
    return model.objects.filter(meeting__in=visibility.meetings_with_public_minutes())


# (table, model, rows, fields, what a row is)
TABLES = [
    ("panels", Panel, lambda: Panel.objects.all(), ["id", "name", "slug", "short_name", "host_authority", "description", "contact", "parent_id", "is_synthetic", "moderngov_id"], "a panel or committee"),
    ("people", Person, lambda: Person.objects.all(), ["id", "honorific", "name", "slug", "party", "role_titles", "email", "phone", "is_synthetic", "moderngov_id"], "a member, officer or other person the record names"),
    ("memberships", Membership, lambda: Membership.objects.all(), ["id", "panel_id", "person_id", "role", "council", "start_date", "end_date"], "a person's seat on a panel"),
    ("representations", Representation, lambda: Representation.objects.all(), ["id", "person_id", "council", "division", "party", "start_date", "end_date"], "a councillor's term for a ward or division"),
    ("meetings", Meeting, lambda: visibility.public_meetings(), ["id", "panel_id", "date", "start_time", "special_name", "venue", "venue_directions_url", "contact", "note", "media_url", "status", "no_declarations", "moderngov_id", "changed_at"], "a public meeting"),
    ("agenda_items", AgendaItem, public_item_rows, ["id", "meeting_id", "position", "number", "agenda_code", "title", "description", "kind", "is_exempt", "exempt_summary", "moderngov_id", "moderngov_issue_id"], "an agenda item of a public meeting"),
    ("minute_points", MinutePoint, lambda: minutes_content(MinutePoint), ["id", "item_id", "position", "depth", "label", "kind", "text"], "a numbered point of an item's minutes"),
    ("questions", Question, lambda: minutes_content(Question), ["id", "item_id", "position", "depth", "label", "heading", "text", "asked_by_id", "asked_by_text", "response", "response_inline", "introduced_by_id"], "a question and its response"),
    ("resolutions", Resolution, lambda: minutes_content(Resolution), ["id", "item_id", "position", "depth", "label", "lead_in", "text", "clauses", "votes_for", "votes_against", "abstentions", "outcome", "vote_detail"], "a resolution, with any recorded vote"),
    ("documents", Document, public_documents, ["id", "meeting_id", "item_id", "position", "title", "kind", "is_additional", "file", "file_format", "size_bytes", "moderngov_id"], "a paper (download: /documents/<id>/<file name>)"),
    # An exempt item's own attendance lines (who sat in on the private part) stay out, as on every page.
    ("attendance", Attendance, lambda: with_public_minutes(Attendance).exclude(item__is_exempt=True), ["id", "meeting_id", "item_id", "kind", "position", "person_id", "name", "role", "council", "substitute_for_id"], "one attendance line of a meeting's minutes"),
    ("declarations", Declaration, lambda: with_public_minutes(Declaration), ["id", "meeting_id", "item_id", "position", "people_text", "interest", "is_disclosable_pecuniary", "left_meeting"], "a declaration of interest"),
    ("declaration_people", Declaration.people.through, lambda: Declaration.people.through.objects.filter(declaration__meeting__in=visibility.meetings_with_public_minutes()), ["id", "declaration_id", "person_id"], "who made each declaration"),
]  # fmt: skip


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def rows_of(table):
    name, model, rows, fields, _ = table
    source = PUBLIC_COLUMNS.get(name, {})
    columns = [source.get(field, field) for field in fields]
    for row in rows().order_by("pk").values(*columns).iterator(chunk_size=2000):
        yield {field: plain(row[column]) for field, column in zip(fields, columns, strict=True)}


def csv_cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value


def write_table(archive, table):
    """The table's JSON lines, then its CSV (a ZIP takes one entry at a time, so the rows are read twice, streamed
    both times)."""
    name, _, _, fields, _ = table
    count = 0
    with archive.open(f"{name}.jsonl", "w") as entry:
        out = io.TextIOWrapper(entry, encoding="utf-8", newline="\n")
        for row in rows_of(table):
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        out.flush()
        out.detach()
    with archive.open(f"{name}.csv", "w") as entry:
        out = io.TextIOWrapper(entry, encoding="utf-8", newline="")
        writer = csv.writer(out)
        writer.writerow(fields)
        for row in rows_of(table):
            writer.writerow([csv_cell(row[field]) for field in fields])
        out.flush()
        out.detach()
    return count


def build_archive(today=None):
    """Write today's dump to the default storage, then remove older ones; returns (storage name, row counts)."""
    today = today or timezone.localdate()
    counts = {}
    with tempfile.TemporaryFile() as scratch:
        with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                counts[table[0]] = write_table(archive, table)
            readme = render_to_string(
                "opendata/README.txt",
                {
                    "date": today,
                    "tables": [(t[0], t[3], t[4], counts[t[0]]) for t in TABLES],
                    "licence_name": LICENCE_NAME,
                    "licence_url": LICENCE_URL,
                },
            )
            archive.writestr("README.txt", readme)
        scratch.seek(0)
        name = PREFIX + NAME.format(date=today.isoformat())
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(scratch, name=name))
    for old in dumps():
        if old != saved.removeprefix(PREFIX):
            default_storage.delete(PREFIX + old)
    return saved, counts


def dumps():
    """The dump files present, newest first."""
    try:
        _, files = default_storage.listdir(PREFIX)
    except (FileNotFoundError, NotImplementedError):
        return []
    return sorted((f for f in files if f.startswith("minutes-archive-") and f.endswith(".zip")), reverse=True)


def latest():
    """(file name, size in bytes, date) of the newest dump, or None."""
    for name in dumps():
        try:
            size = default_storage.size(PREFIX + name)
        except OSError:
            continue
        date = datetime.date.fromisoformat(name.removeprefix("minutes-archive-").removesuffix(".zip"))
        return name, size, date
    return None
