from django.core.management.base import BaseCommand

from minutes.backup import backup


class Command(BaseCommand):
    help = "Write the whole archive (record, history, users, groups and uploaded files) to OUTPUT.tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Path of the .tar.gz to write.")

    def handle(self, *args, output, **options):
        manifest = backup(output)
        self.stdout.write(f"Backed up {manifest['objects']} records and {len(manifest['files'])} files to {output}.")
