"""The search columns of items whose minutes are not published held the minutes' words too (search rechecked after
matching, which let a negated word probe them). From now on they hold only the public text: rebuild them here."""

from django.db import migrations

MINUTES_STATES = ("draft_minutes", "approved")


def agenda_only(apps, schema_editor):
    """Items of meetings whose minutes are not published: title and description; an exempt one, its title."""
    AgendaItem = apps.get_model("minutes", "AgendaItem")
    items = AgendaItem.objects.exclude(meeting__status__in=MINUTES_STATES)
    ids = list(items.values_list("pk", flat=True))
    if not ids:
        return
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE minutes_agendaitem SET"
                " search_document = CASE WHEN is_exempt THEN title"
                "   ELSE concat_ws(E'\\n', nullif(title, ''), nullif(description, '')) END,"
                " search_vector = setweight(to_tsvector('english'::regconfig, title), 'A')"
                " || setweight(to_tsvector('english'::regconfig, CASE WHEN is_exempt THEN '' ELSE description END), 'B')"
                " WHERE id = ANY(%s)",
                [ids],
            )
        else:
            for item in items.only("title", "description", "is_exempt"):
                parts = (item.title,) if item.is_exempt else (item.title, item.description)
                document = "\n".join(p for p in parts if p)
                AgendaItem.objects.filter(pk=item.pk).update(search_document=document)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0005_meeting_date_index")]

    operations = [migrations.RunPython(agenda_only, migrations.RunPython.noop)]
