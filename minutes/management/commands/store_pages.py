import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from minutes.output.pages import stale_meetings, store_pages
from minutes.visibility import public_meetings

# Meetings rendered per batch: each batch holds its meetings' whole content in memory at once.
BATCH = 50


class Command(BaseCommand):
    help = (
        "Render and store the public meeting and item pages (render on write): those missing or stale, or --all. "
        "Run after loading fixtures, a restore or a bulk import; saves in the admin keep them current themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every public meeting, not only the stale ones")
        parser.add_argument("--jobs", type=int, default=1, help="processes rendering side by side (default 1)")
        parser.add_argument("--batch", type=int, default=BATCH, help=f"meetings a batch (default {BATCH})")

    def handle(self, *args, **options):
        jobs, size = options["jobs"], options["batch"]
        if not 1 <= jobs <= 32:
            raise CommandError("--jobs must be between 1 and 32")
        if not 1 <= size <= 1000:
            raise CommandError("--batch must be between 1 and 1000")
        meetings = public_meetings() if options["all"] else stale_meetings()
        ids = list(meetings.order_by("pk").values_list("pk", flat=True))
        batches = [ids[start : start + size] for start in range(0, len(ids), size)]
        stored = 0
        for count in self.run(batches, jobs):
            stored += count
            if len(batches) > 1:
                self.stderr.write(f"\r{stored:,} of {len(ids):,} meetings", ending="")
        if len(batches) > 1:
            self.stderr.write("")
        self.stdout.write(f"Stored the pages of {stored:,} meetings.")

    def run(self, batches, jobs):
        connection = connections["default"]
        # SQLite takes one writer at a time (and an in-memory database is not shared with other processes).
        if jobs == 1 or len(batches) < 2 or connection.in_atomic_block or connection.vendor == "sqlite":
            for batch in batches:
                yield store_pages(batch)
            return
        # Forked workers must not share this process's database connections: close them first; each worker opens
        # its own, and this process reopens its own when it next needs one.
        connections.close_all()
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(store_pages, batches)
