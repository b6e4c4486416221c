"""`{% corrections_of record as corrections %}`: the corrections to a meeting's or an item's approved minutes."""

from django import template

from minutes.models import Meeting
from minutes.record.corrections import corrections_for_item, corrections_for_meeting

register = template.Library()


@register.simple_tag(takes_context=True)
def corrections_of(context, record):
    if record is None:
        return []
    found = corrections_for_meeting(record) if isinstance(record, Meeting) else corrections_for_item(record)
    request = context.get("request")
    if request is not None and request.user.has_perm("minutes.view_redacted_text"):
        return found
    return [correction._replace(private="") for correction in found]
