from django.core.management.base import BaseCommand

from minutes.backup import restore


class Command(BaseCommand):
    help = "Restore a backup_archive .tar.gz into a freshly migrated, empty database, then rebuild search."

    def add_arguments(self, parser):
        parser.add_argument("input", help="Path of the .tar.gz made by backup_archive.")

    def handle(self, *args, input, **options):
        manifest = restore(input)
        self.stdout.write(f"Restored {manifest['objects']} records and {len(manifest['files'])} files.")
