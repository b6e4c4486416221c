from django.core.management.base import BaseCommand

from minutes.opendata.bulk import build_archive


class Command(BaseCommand):
    help = (
        "Build the bulk download of the public archive (JSON lines and CSV per table, README, licence) that /data/ "
        "offers. Run it after minutes are published (a scheduled job or the background worker)."
    )

    def handle(self, *args, **options):
        name, counts = build_archive()
        total = sum(counts.values())
        self.stdout.write(f"{name}: {total} rows in {len(counts)} tables.")
