"""The ids other systems know a record by.

A record imported from ModernGov keeps its old id (`moderngov_id`), so scrapers that stored it and links that carry
it keep working; a record made here has none and is known by its own primary key. `external_id()` is the id the web
service gives out and `by_external_id()` finds the record again, preferring the old id where both could match."""

from django.db.models import Case, IntegerField, Q, Value, When

# ModernGov ids are 32-bit integers; anything larger (or not a number) cannot name a record.
MAX_ID = 2**31 - 1


def parse_id(value):
    """A positive id from a query parameter, or None when it is not one."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def external_id(record):
    return record.moderngov_id or record.pk


def by_external_id(queryset, number):
    """The row of `queryset` the id names, or None."""
    if number is None:
        return None
    return (
        queryset.filter(Q(moderngov_id=number) | Q(moderngov_id__isnull=True, pk=number))
        .annotate(
            _old_id_first=Case(When(moderngov_id=number, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("_old_id_first")
        .first()
    )
