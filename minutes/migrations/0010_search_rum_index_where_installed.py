"""A RUM index on the items' search vectors, where the server has the extension (Debian's postgresql-15-rum).

RUM keeps each word's positions in the index, so /search/ can take the best-ranked matches of a broad word or a
phrase straight from it (`ORDER BY search_vector <=> query`) instead of reading every match's vector to rank it. The
GIN index stays: it is the fallback where RUM is not installed, and the planner's choice for counting. A server
without the extension, or a role that may not create it, keeps only the GIN path (minutes/search/engine.py checks which
index exists)."""

import logging

from django.db import DatabaseError, migrations, transaction

log = logging.getLogger(__name__)

INDEX = "item_search_vector_rum"


def create_rum_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {INDEX} ON minutes_agendaitem USING rum (search_vector rum_tsvector_ops)"
                )
        except DatabaseError as error:
            log.warning("The RUM index was not created (%s); search ranks through the GIN index.", error)


def drop_rum_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("minutes", "0009_merge_moderngov_ids")]

    operations = [migrations.RunPython(create_rum_index, drop_rum_index, elidable=False)]
