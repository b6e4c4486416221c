from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.opendata.mapping import MappingError, apply_mapping


class Command(BaseCommand):
    help = (
        "Set old ModernGov ids from a CSV mapping file (record,key,moderngov_id; record is panel, person, meeting, "
        "item, issue or document), so old mg*.aspx links and web-service ids keep working. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; save nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            with Path(file).open(encoding="utf-8-sig", newline="") as handle:
                count = apply_mapping(handle, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"{file}: cannot read the file ({exc.strerror or exc}).") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text.") from None
        except MappingError as exc:
            raise CommandError(f"{file}: nothing saved.\n{exc}") from None
        verb = "would set" if dry_run else "set"
        self.stdout.write(f"{file}: {verb} {count} ModernGov id{'s' if count != 1 else ''}.")
