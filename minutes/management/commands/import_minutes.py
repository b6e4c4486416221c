from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.importer.reader import MAX_BYTES, ImportTextError, decode_minutes, parse_minutes
from minutes.importer.save import ImportFailed, save_minutes
from minutes.models import Meeting
from panels.models import Panel


class Command(BaseCommand):
    help = (
        "Import minutes in the published plain-text layout (an 'Agenda and minutes' page or an 'Agenda item' page). "
        "Each file is saved whole or not at all; meetings are saved as drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--panel", metavar="SLUG", help="The panel of meetings made from the files' headers.")
        parser.add_argument("--meeting", metavar="PK", type=int, help="Import into this meeting.")
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything; save nothing.")
        parser.add_argument("--encoding", help="The files' encoding when not UTF-8, e.g. cp1252.")

    def handle(self, *args, files, panel=None, meeting=None, dry_run=False, encoding=None, **options):
        panel_obj = meeting_obj = None
        if panel:
            panel_obj = Panel.objects.filter(slug=panel).first()
            if panel_obj is None:
                raise CommandError(f"no panel with the slug '{panel}'.")
        if meeting is not None:
            meeting_obj = Meeting.objects.filter(pk=meeting).first()
            if meeting_obj is None:
                raise CommandError(f"no meeting {meeting}.")
        failures = []
        for n, name in enumerate(files, 1):
            prefix = f"[{n}/{len(files)}] {name}" if len(files) > 1 else name
            try:
                self.import_file(Path(name), prefix, panel_obj, meeting_obj, dry_run, encoding, options["verbosity"])
            except CommandError as exc:
                if len(files) == 1:
                    raise
                failures.append(name)
                self.stderr.write(f"{prefix}: not imported: {exc}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files not imported: {', '.join(failures)}")

    def import_file(self, path, prefix, panel, meeting, dry_run, encoding, verbosity):
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path}: the file is larger than 5 MB; the importer reads files up to 5 MB.")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or exc}).") from None
        try:
            parsed = parse_minutes(decode_minutes(data, encoding))
        except ImportTextError as exc:
            raise CommandError(f"{path}: {exc}") from None
        try:
            report = save_minutes(parsed, meeting=meeting, panel=panel, dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(f"{path}: {exc}") from None
        summary = parsed.summary()
        verb = "would save" if dry_run else "saved"
        where = f"meeting {report.meeting.pk}" if report.meeting and report.meeting.pk else "a new meeting"
        if report.created_meeting:
            where = f"a new draft meeting{'' if dry_run else f' ({report.meeting.pk})'}"
        created = len(report.created_items)
        self.stdout.write(
            f"{prefix}: {summary['items']} items, {summary['points']} points, {summary['questions']} questions, "
            f"{summary['resolutions']} resolutions, {summary['warnings']} warnings; {verb} {created} new items "
            f"into {where}" + (f"; {len(report.unchanged)} already saved" if report.unchanged else "") + "."
        )
        for notice in parsed.notices:
            if notice.level == "warning" or verbosity > 1:
                self.stdout.write(f"  {'warning' if notice.level == 'warning' else 'note'}: {notice}")
        for change in report.changes:
            self.stdout.write(f"  differs: {change}")
        for note in report.notes:
            self.stdout.write(f"  to do: {note}")
