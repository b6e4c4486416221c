from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from minutes.models import AgendaItem
from minutes.search import sqlite as search_sqlite
from panels.models import Panel


class Command(BaseCommand):
    help = (
        "Load the demo (fixtures/demo.json) into an empty database index it for search and store its pages. A database that holds "
        "panels is left as it is, so a clerk's changes survive; only a missing SQLite search index is rebuilt."
    )

    def handle(self, *args, **options):
        if not Panel.objects.exists():
            self.stdout.write("Loading the demo (fixtures/demo.json).")
            call_command("loaddata", "fixtures/demo.json", verbosity=0)
        elif not self.index_missing():
            self.stdout.write("The database holds panels already: the demo is not loaded again.")
            call_command("store_pages", stdout=self.stdout)  # only pages missing or stale
            return
        call_command("rebuild_search", stdout=self.stdout)
        call_command("store_pages", stdout=self.stdout)

    def index_missing(self):
        """Items but no rows in SQLite's search tables: a database made before they existed."""
        if connection.vendor != "sqlite" or not AgendaItem.objects.exists():
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {search_sqlite.ITEMS})")
            return not cursor.fetchone()[0]
