from django.core.management.base import BaseCommand

from minutes.output.pages import stale_meetings, store_pages
from minutes.visibility import public_meetings


class Command(BaseCommand):
    help = (
        "Render and store the public meeting and item pages (render on write): those missing or stale, or --all. "
        "Run after loading fixtures, a restore or a bulk import; saves in the admin keep them current themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every public meeting, not only the stale ones")

    def handle(self, *args, **options):
        meetings = public_meetings() if options["all"] else stale_meetings()
        ids = list(meetings.order_by("pk").values_list("pk", flat=True))
        stored = 0
        for start in range(0, len(ids), 500):
            stored += store_pages(ids[start : start + 500])
            if len(ids) > 500:
                self.stderr.write(f"\r{stored:,} of {len(ids):,} meetings", ending="")
        self.stdout.write(f"Stored the pages of {stored:,} meetings.")
