"""Alert fan-out benchmark (not collected by pytest): the time and queries to evaluate N saved searches (and panel and
member subscriptions) against one newly published meeting, on the archive in DATABASE_URL (PostgreSQL).

    DATABASE_URL=postgres://…/minutes_bench_large .venv/bin/python tests/bench/bench_alerts.py [--subscriptions 10000]

Everything runs in one transaction that is rolled back: the subscriptions and alerts it writes are never kept (the
archive must have been migrated with the alerts app). Each size runs `--runs` times; the figures are the median time
and the query count of `minutes.alerts.matching.fan_out`, the function the worker runs after a publication. The
target is under 10 s for 10,000 saved searches, with a query count that does not grow with the subscriptions (the
alert rows themselves are inserted in batches of 2,000, counted apart).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from minutes.alerts.matching import fan_out  # noqa: E402
from minutes.alerts.models import Alert, Subscription  # noqa: E402
from minutes.models import AgendaItem, Meeting  # noqa: E402
from panels.models import Panel, Person  # noqa: E402


class Rollback(Exception):
    pass


def vocabulary(rng, size=3000):
    """Words as readers would follow them: drawn from item titles across the archive, plus words no record holds."""
    titles = AgendaItem.objects.order_by("?").values_list("title", flat=True)[:size]
    words = sorted({w.strip(",.:;()'\"").lower() for t in titles for w in t.split() if len(w) > 3})
    return words + [f"nowhere{n}" for n in range(len(words) // 4)]


def subscriptions(rng, start, count, words, panels, people, since):
    rows = []
    for n in range(start, start + count):
        query = " ".join(rng.sample(words, rng.choice((1, 1, 2, 3))))
        if rng.random() < 0.05:
            query = f'"{query}"'
        panel = rng.choice(panels) if rng.random() < 0.2 else None
        rows.append(
            Subscription(email=f"s{n}@bench.invalid", kind="search", query=query, panel_id=panel, confirmed_at=since)
        )
    for n in range(start, start + count // 10):
        rows.append(
            Subscription(email=f"p{n}@bench.invalid", kind="panel", panel_id=rng.choice(panels), confirmed_at=since)
        )
        rows.append(
            Subscription(email=f"m{n}@bench.invalid", kind="member", person_id=rng.choice(people), confirmed_at=since)
        )
    return rows


def measure(meeting, runs):
    times, queries, inserts, alerts = [], [], [], 0
    for _ in range(runs):
        sid = transaction.savepoint()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fan_out(meeting.pk, "minutes", timezone.now())
            times.append(time.perf_counter() - start)
        alerts = Alert.objects.count()
        batch = sum(1 for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "alerts_alert"'))
        inserts.append(batch)
        queries.append(len(captured.captured_queries) - batch)
        transaction.savepoint_rollback(sid)
    return statistics.median(times), max(queries), max(inserts), alerts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_alerts.py measures PostgreSQL: set DATABASE_URL")
    rng = random.Random(args.seed)
    items = AgendaItem.objects.count()
    meeting = Meeting.objects.with_public_minutes().order_by("-date").filter(items__isnull=False).distinct().first()
    if meeting is None:
        sys.exit("The archive holds no published minutes: generate one first (manage.py generate_archive)")
    size = meeting.items.count()
    print(f"Archive: {items:,} agenda items; the published meeting: {meeting} ({size} items)")
    print(f"{'subscriptions':>13} {'median s':>9} {'queries':>8} {'insert batches':>15} {'alerts':>8}")
    panels = list(Panel.objects.values_list("pk", flat=True)) + [meeting.panel_id] * 3
    people = list(Person.objects.values_list("pk", flat=True)[:2000]) or [None]
    words = vocabulary(rng)
    try:
        with transaction.atomic():
            since = timezone.now() - timezone.timedelta(days=1)
            made = 0
            for count in sorted(args.subscriptions):
                rows = subscriptions(rng, made, count - made, words, panels, people, since)
                Subscription.objects.bulk_create(rows, batch_size=5000)
                made = count
                seconds, queries, inserts, alerts = measure(meeting, args.runs)
                met = "met" if seconds < 10 else "NOT met"
                print(f"{count:>13,} {seconds:>9.3f} {queries:>8} {inserts:>15} {alerts:>8,}  (< 10 s: {met})")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
