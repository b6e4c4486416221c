"""Backing up and restoring the whole archive: the database's record (panels, minutes with their correction
history, users and groups, the admin's log) and the uploaded files, in one .tar.gz.

    python manage.py backup_archive /backups/minutes-2026-11-28.tar.gz
    python manage.py migrate && python manage.py restore_archive /backups/minutes-2026-11-28.tar.gz

The archive holds `data.json` (dumpdata with natural foreign keys, so permissions and content types match whatever
the new database numbered them; every row keeps its primary key, so cited URLs stay the same), `media/…` (every file under MEDIA_ROOT) and `manifest.json` (counts and SHA-256
of each file, checked on restore). A restore goes into a freshly migrated, empty database, puts back each meeting's
change stamp as backed up (so cached pages, ETags and feeds see the same archive), then rebuilds the search documents,
which are derived and not backed up.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import router, transaction

from panels.models import Panel

from .models import AgendaItem, Meeting
from .record import signals
from .search import refresh_search_document

# admin.logentry: the admin's record of who changed what, part of the archive's account of itself.
DUMPED = ["auth.group", "auth.user", "panels", "minutes", "admin.logentry"]
# Rendered from the record, not part of it: a restore renders them again (minutes/output/pages.py).
DERIVED = ["minutes.RenderedMeeting", "minutes.RenderedItem"]
FORMAT = 1


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(output):
    data = io.StringIO()
    call_command("dumpdata", *DUMPED, exclude=DERIVED, natural_foreign=True, indent=1, stdout=data)
    root = Path(settings.MEDIA_ROOT)
    files = {str(p.relative_to(root).as_posix()): sha256(p) for p in media_files()}
    manifest = {"format": FORMAT, "apps": DUMPED, "files": files, "objects": len(json.loads(data.getvalue()))}
    with tarfile.open(output, "w:gz") as tar:
        add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
        add_bytes(tar, "data.json", data.getvalue().encode())
        for name in files:
            tar.add(root / name, arcname=f"media/{name}", recursive=False)
    return manifest


def add_bytes(tar, name, payload):
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(payload))


def restore_change_stamps(data):
    """Put back each meeting's changed_at as backed up. Loading rows that hang off a meeting (a declaration's people
    are set after the row is saved, which no signal marks as loading) moves it, and with it every cached page's key,
    ETag and feed date: a restore must give back the same archive, not re-announce all of it."""
    field = Meeting._meta.get_field("changed_at")
    meetings = [
        Meeting(pk=row["pk"], changed_at=field.to_python(row["fields"]["changed_at"]))
        for row in json.loads(data.read_text())
        if row["model"] == "minutes.meeting"
    ]
    Meeting.objects.bulk_update(meetings, ["changed_at"], batch_size=1000)


def restore(source):
    if Panel.objects.exists() or Meeting.objects.exists() or get_user_model().objects.exists():
        raise CommandError("The database is not empty: restore into a freshly migrated database.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source, "r:gz") as tar:
        # The "data" filter refuses absolute paths, '..', links out of the folder and device files.
        tar.extractall(tmp, filter="data")
        folder = Path(tmp)
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
        for name, digest in manifest["files"].items():
            path = folder / "media" / name
            if not path.is_file() or sha256(path) != digest:
                raise CommandError(f"The backup is damaged: media/{name} is missing or altered.")
        with transaction.atomic():
            # The role groups made by migrate come back from the backup, with their original keys.
            Group.objects.all().delete()
            call_command("loaddata", str(folder / "data.json"), verbosity=0)
            # What loading noted (a declaration's people, set after its row) would move the stamps again on commit,
            # after they are put back: the restore puts back the stamps and rebuilds the search documents itself.
            signals.discard_pending(router.db_for_write(Meeting))
            restore_change_stamps(folder / "data.json")
        root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((folder / "media" / name).read_bytes())
    for pk in AgendaItem.objects.values_list("pk", flat=True).iterator():
        refresh_search_document(pk)
    call_command("store_pages", "--all", stdout=io.StringIO())
    return manifest
