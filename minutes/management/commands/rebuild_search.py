from django.core.management.base import BaseCommand

from minutes.models import AgendaItem
from minutes.search import refresh_search_document


class Command(BaseCommand):
    help = "Rebuild every agenda item's search document (after loading fixtures or a restore)."

    def handle(self, *args, **options):
        count = 0
        for pk in AgendaItem.objects.values_list("pk", flat=True).iterator():
            refresh_search_document(pk)
            count += 1
        self.stdout.write(f"Rebuilt the search documents of {count} agenda items.")
