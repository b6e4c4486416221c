"""SQLite's full-text tables (FTS5) for the embedded default (see minutes/search/sqlite.py); nothing on PostgreSQL,
whose vector is a column. Items saved before this migration are indexed by `manage.py rebuild_search`."""

from django.db import migrations

# As written when this migration was made, so that later changes to the module do not change what it did.
SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS minutes_search_item_fts USING fts5(title, agenda, minutes, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS minutes_search_paragraph (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, kind TEXT NOT NULL, block_id INTEGER NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS minutes_search_paragraph_item ON minutes_search_paragraph (item_id)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS minutes_search_paragraph_fts USING fts5(body, content = 'minutes_search_paragraph', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS minutes_search_paragraph_ai AFTER INSERT ON minutes_search_paragraph BEGIN INSERT INTO minutes_search_paragraph_fts (rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS minutes_search_paragraph_ad AFTER DELETE ON minutes_search_paragraph BEGIN INSERT INTO minutes_search_paragraph_fts (minutes_search_paragraph_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
]
DROP = [
    "DROP TRIGGER IF EXISTS minutes_search_paragraph_ad",
    "DROP TRIGGER IF EXISTS minutes_search_paragraph_ai",
    "DROP TABLE IF EXISTS minutes_search_paragraph_fts",
    "DROP TABLE IF EXISTS minutes_search_paragraph",
    "DROP TABLE IF EXISTS minutes_search_item_fts",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SCHEMA:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0005_meeting_date_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
