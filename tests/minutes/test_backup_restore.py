"""backup_archive → wipe → restore_archive gives back the same record, history, users and files."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from minutes.models import AgendaItem, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from minutes.record import workflow
from panels.models import Panel, Person
from tests import records
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def snapshot():
    out = io.StringIO()
    call_command("dumpdata", "auth.group", "auth.user", "panels", "minutes", natural_foreign=True, stdout=out)
    rows = json.loads(out.getvalue())
    for row in rows:
        # Derived: the search vector is rebuilt, and changed_at (the cache key) moves on as the rows load.
        row["fields"].pop("search_vector", None)
        row["fields"].pop("changed_at", None)
    return sorted(rows, key=lambda r: (r["model"], str(r.get("pk")), json.dumps(r["fields"], sort_keys=True)))


def wipe(media):
    Meeting.objects.all().delete()
    Panel.objects.all().delete()
    Person.objects.all().delete()
    for model in (Meeting, AgendaItem, MinutePoint, Question, Resolution):
        model.history.all().delete()
    User.objects.all().delete()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_wipe_restore_is_identical(settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    publisher = user_in("Publisher", first_name="Pat", last_name="Lee")
    seed, wealdshire, special = records.build_all()
    workflow.apply(special, "approve_minutes", publisher)
    point = seed.points.first()
    point.text += " (corrected)"
    point._change_reason = "typo"
    point.save()
    Document.objects.create(item=seed, title="Report", file=SimpleUploadedFile("Victim report.pdf", PDF))
    search_before = dict(AgendaItem.objects.values_list("pk", "search_document"))
    before = snapshot()
    files_before = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert files_before

    archive = tmp_path / "archive.tar.gz"
    call_command("backup_archive", str(archive), stdout=io.StringIO())
    wipe(media)
    assert not Meeting.objects.exists() and not any(media.rglob("*"))
    call_command("restore_archive", str(archive), stdout=io.StringIO())

    assert snapshot() == before
    assert {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()} == files_before
    assert dict(AgendaItem.objects.values_list("pk", "search_document")) == search_before
    assert User.objects.get(username="publisher").check_password("pw")
    assert Meeting.objects.get(pk=special.pk).approved_by == publisher


def test_restore_refuses_a_database_that_is_not_empty(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    records.build_seed()
    archive = tmp_path / "archive.tar.gz"
    call_command("backup_archive", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_archive", str(archive), stdout=io.StringIO())


def test_datetimes_survive_to_the_microsecond(settings, tmp_path):
    """The stock JSON encoder cuts to milliseconds: .000500 would come back as a whole second."""
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = records.build_wealdshire_meeting()
    stamp = meeting.changed_at.replace(microsecond=500)
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=stamp)
    archive = tmp_path / "archive.tar.gz"
    call_command("backup_archive", str(archive), stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    call_command("restore_archive", str(archive), stdout=io.StringIO())
    assert Meeting.objects.get(pk=meeting.pk).updated_at == stamp


def test_restore_keeps_every_change_stamp_and_the_admin_log(settings, tmp_path):
    """Cached pages, ETags and feeds key on Meeting.changed_at: a restore that moved it would re-announce the whole
    archive. The admin's log of who changed what comes back too (issue 14, finding 9)."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    settings.MEDIA_ROOT = tmp_path / "media"
    publisher = user_in("Publisher", first_name="Pat", last_name="Lee")
    records.build_all()
    meeting = Meeting.objects.first()
    # A declaration's people are set after its row loads, which no signal marks as loading.
    declaration = Declaration.objects.create(meeting=meeting, interest="A member of the Board.")
    declaration.people.add(Person.objects.create(name="Cllr A Birch"))
    LogEntry.objects.create(
        user=publisher,
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=str(meeting.pk),
        object_repr=str(meeting)[:200],
        action_flag=CHANGE,
        change_message="Changed venue.",
    )
    stamps = dict(Meeting.objects.values_list("pk", "changed_at"))
    assert len(stamps) >= 3
    archive = tmp_path / "archive.tar.gz"
    call_command("backup_archive", str(archive), stdout=io.StringIO())
    wipe(settings.MEDIA_ROOT)
    LogEntry.objects.all().delete()
    call_command("restore_archive", str(archive), stdout=io.StringIO())
    assert dict(Meeting.objects.values_list("pk", "changed_at")) == stamps
    entry = LogEntry.objects.get()
    assert (entry.user.username, entry.object_id, entry.change_message) == (
        "publisher",
        str(meeting.pk),
        "Changed venue.",
    )
