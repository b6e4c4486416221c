"""The search document of an agenda item, and (on PostgreSQL) its weighted full-text vector.

Only what the public may read goes in: an exempt item contributes its title and public summary, nothing else.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value


def document_parts(item):
    """(title, agenda text, minutes text) of an item as the public reads it."""
    if item.is_exempt:
        return item.title, item.exempt_summary, ""
    paragraphs = []
    for block in item.content():
        model = block._meta.model_name
        if model == "question":
            paragraphs += [block.heading, block.text, block.asked_by_text, block.response]
        elif model == "resolution":
            paragraphs += [block.wording, block.clauses]
        else:
            paragraphs.append(block.text)
    return item.title, item.description, "\n".join(p for p in paragraphs if p)


def refresh_search_document(item_id):
    from .models import AgendaItem

    item = AgendaItem.objects.with_content().filter(pk=item_id).first()
    if item is None:
        return
    title, agenda, minutes = document_parts(item)
    fields = {"search_document": "\n".join(p for p in (title, agenda, minutes) if p)}
    if connection.vendor == "postgresql":
        fields["search_vector"] = (
            SearchVector(Value(title), weight="A", config="english")
            + SearchVector(Value(agenda), weight="B", config="english")
            + SearchVector(Value(minutes), weight="C", config="english")
        )
    AgendaItem.objects.filter(pk=item_id).update(**fields)
