"""How many queries saving an agenda item with 20 minute points costs: through the admin's change form (every point
edited), as 20 ORM saves in one transaction, and one point saved alone. Derived data (the meeting's stamp, the item's
search document) is counted with the save, as the commit runs it.

Run as `.venv/bin/python tests/bench/bench_saves.py [POINTS]`. It uses DATABASE_URL (or the SQLite default) and
works in a database of its own: `<name>_bench` on PostgreSQL, a temporary file on SQLite, dropped afterwards.
Not a pytest test (the file name does not start with `test_`).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.scratch import scratch_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")
os.environ.setdefault("DEBUG", "1")

CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def counted(ctx):
    """(statements, of which transaction control)."""
    control = sum(q["sql"].startswith(CONTROL) for q in ctx.captured_queries)
    return len(ctx.captured_queries), control


def main():
    points = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with scratch_database():
        run(points)


def run(points):
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from minutes.models import AgendaItem, Meeting, MinutePoint
    from panels.models import Panel
    from tests.forms import form_data

    setup_test_environment()  # lets the test client's host ('testserver') in
    panel = Panel.objects.create(name="Benchmark Panel", slug="benchmark", host_authority="Nowhere")
    meeting = Meeting.objects.create(panel=panel, date="2026-01-01", status="approved")
    item = AgendaItem.objects.create(meeting=meeting, position=1, number="1", title="Budget")
    for p in range(points):
        MinutePoint.objects.create(item=item, position=p + 1, label=f"{p + 1}.", text=f"Point {p}")

    client = Client()
    client.force_login(User.objects.create_superuser("bench"))
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(client.get(url).content.decode())
    for n in range(points):
        data[f"points-{n}-text"] = f"Revised point {n}"
    with CaptureQueriesContext(connection) as admin:
        assert client.post(url, data).status_code == 302

    rows = list(item.points.order_by("position"))
    with CaptureQueriesContext(connection) as orm, transaction.atomic():
        for point in rows:
            point.text += " (ORM)"
            point.save()

    rows[0].text += "!"
    with CaptureQueriesContext(connection) as one:
        rows[0].save()

    assert "Revised point 0 (ORM)!" in AgendaItem.objects.get(pk=item.pk).search_document
    print(f"{connection.vendor}: an item with {points} points; queries (of which BEGIN/COMMIT/savepoints)")
    for label, ctx in (
        (f"admin change form, {points} points edited", admin),
        (f"{points} ORM saves in one transaction", orm),
        ("one point saved alone", one),
    ):
        total, control = counted(ctx)
        print(f"  {label:<40} {total:>4} ({control})")


if __name__ == "__main__":
    main()
