"""Old ModernGov ids in bulk, from a mapping file: one CSV row per record, `record,key,moderngov_id`.

`record` is panel, person, meeting, item, issue (an item's ModernGov issue id) or document; `key` is the record's id
here (a panel's or person's slug also does). The whole file is applied or none of it, so a typo never leaves half the
old links working."""

import csv

from django.db import IntegrityError, transaction

from minutes.models import AgendaItem, Document, Meeting
from panels.models import Panel, Person

from .ids import parse_id

RECORDS = {
    "panel": (Panel, "moderngov_id"),
    "person": (Person, "moderngov_id"),
    "meeting": (Meeting, "moderngov_id"),
    "item": (AgendaItem, "moderngov_id"),
    "issue": (AgendaItem, "moderngov_issue_id"),
    "document": (Document, "moderngov_id"),
}
HEADER = ["record", "key", "moderngov_id"]


class MappingError(Exception):
    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_rows(lines):
    """The file's rows as (line number, model, field, record's pk, old id); every problem, with its line, at once."""
    reader = csv.reader(lines)
    rows, problems = [], []
    for number, row in enumerate(reader, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and [c.lower() for c in cells] == HEADER):
            continue
        if len(cells) != 3:
            problems.append(f"line {number}: expected three columns (record,key,moderngov_id), found {len(cells)}.")
            continue
        kind, key, old = cells
        if kind.lower() not in RECORDS:
            problems.append(f"line {number}: '{kind}' is not one of {', '.join(RECORDS)}.")
            continue
        model, field = RECORDS[kind.lower()]
        old_id = parse_id(old)
        if old_id is None:
            problems.append(f"line {number}: the ModernGov id '{old}' is not a whole number.")
            continue
        pk = find(model, key)
        if pk is None:
            problems.append(f"line {number}: no {kind.lower()} '{key}'.")
            continue
        rows.append((number, model, field, pk, old_id))
    return rows, problems


def find(model, key):
    if key.isdigit():
        return model.objects.filter(pk=int(key)).values_list("pk", flat=True).first()
    if model in (Panel, Person):
        return model.objects.filter(slug=key).values_list("pk", flat=True).first()
    return None


def apply_mapping(lines, dry_run=False):
    """Set the old ids; returns how many records were set. Raises MappingError listing every problem."""
    rows, problems = read_rows(lines)
    if problems:
        raise MappingError(problems)
    with transaction.atomic():
        for number, model, field, pk, old_id in rows:
            try:
                with transaction.atomic():
                    model.objects.filter(pk=pk).update(**{field: old_id})
            except IntegrityError:
                problems.append(f"line {number}: ModernGov id {old_id} is already another {model.__name__}'s.")
        if problems:
            raise MappingError(problems)
        if dry_run:
            transaction.set_rollback(True)
    return len(rows)
