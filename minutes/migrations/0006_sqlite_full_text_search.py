"""SQLite's full-text tables (FTS5) for the embedded default; nothing on PostgreSQL, whose vector is a column."""

from django.db import migrations

from minutes import search_sqlite


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in search_sqlite.SCHEMA:
        schema_editor.execute(statement)
    # Items saved before this migration are indexed by `manage.py rebuild_search` (`make run` calls it).


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in search_sqlite.DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0005_meeting_date_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
