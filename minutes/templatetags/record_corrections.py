"""`{% corrections_of record as corrections %}`: the corrections to a meeting's or an item's approved minutes."""

from django import template

from minutes.corrections import corrections_for_item, corrections_for_meeting
from minutes.models import Meeting

register = template.Library()


@register.simple_tag
def corrections_of(record):
    if record is None:
        return []
    return corrections_for_meeting(record) if isinstance(record, Meeting) else corrections_for_item(record)
