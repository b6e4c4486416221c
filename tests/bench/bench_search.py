"""Search benchmark (not collected by pytest): times /search/'s own function against the database in DATABASE_URL.

    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_search.py [--runs 20]

Ten representative queries run through `minutes.search.run_search` (the ranked page of 20 hits with snippets,
paragraph links and the capped count, exactly what /search/ computes), then the same words as the plain scan the
index replaces (`search_document ILIKE '%word%'`, every word, counted and the newest 20 fetched). Prints p50/p95 per
query and overall and the ratio; the targets are p95 <= 50 ms and >= 20x faster than ILIKE.
"""

import argparse
import os
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

from django.db import connection  # noqa: E402

from minutes.models import AgendaItem  # noqa: E402
from minutes.search import engine as search  # noqa: E402

# Common and rare words, phrases, an alternative, an exclusion, a title, and a word that matches nothing.
QUERIES = [
    "budget",
    "savings targets",
    '"risk register"',
    "Treasury Management Strategy",
    "recruitment vacant posts",
    "Rural Crime Strategy",
    "evaluation or auditor",
    "consultation -parishes",
    "Work Programme",
    "xylophonequartz",
]
P95_TARGET_MS = 50.0
RATIO_TARGET = 20.0


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(function, runs):
    function()  # one warm-up: the benchmark measures a running server
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def through_search(query):
    def run():
        results = search.run_search(query, AgendaItem.objects.public().select_related("meeting__panel__parent"))
        return results.total, len(results.hits)

    return run


def through_ilike(query):
    words = search.query_words(query) or [query]

    def run():
        items = AgendaItem.objects.public()
        for word in words:
            items = items.filter(search_document__icontains=word)
        total = items.count()
        page = list(items.order_by("-meeting__date", "pk").values_list("pk", flat=True)[:20])
        return total, len(page)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ilike-runs", type=int, default=3, help="The scan takes seconds; a few runs give its median.")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        print(f"DATABASE_URL is {connection.vendor}: the benchmark measures the PostgreSQL full-text search.")
        return 2
    items = AgendaItem.objects.count()
    if not items:
        print("The database is empty: fill it first (manage.py generate_archive), then run this again.")
        return 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM minutes_minutepoint")
        points = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM minutes_agendaitem WHERE search_vector IS NULL")
        missing = cursor.fetchone()[0]
    print(
        f"{items:,} agenda items, {points:,} minute points; {args.runs} runs per query ({args.ilike_runs} of the "
        "ILIKE scan) after one warm-up."
    )
    if missing:
        print(f"Warning: {missing:,} items have no search_vector (run manage.py rebuild_search); they cannot match.")

    header = f"{'query':28} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8} {'ILIKE p50':>10} {'ILIKE p95':>10} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    all_fast, all_slow, ratios = [], [], []
    for query in QUERIES:
        total, _ = through_search(query)()
        fast = timed(through_search(query), args.runs)
        slow = timed(through_ilike(query), args.ilike_runs)
        ratio = statistics.median(slow) / statistics.median(fast)
        all_fast += fast
        all_slow += slow
        ratios.append(ratio)
        shown = f">{search.COUNT_CAP}" if total > search.COUNT_CAP else str(total)
        print(
            f"{query[:28]:28} {shown:>6} {statistics.median(fast):8.1f} {percentile(fast, 0.95):8.1f} "
            f"{statistics.median(slow):10.1f} {percentile(slow, 0.95):10.1f} {ratio:6.1f}x"
        )
    p50, p95 = statistics.median(all_fast), percentile(all_fast, 0.95)
    overall_ratio = statistics.median(all_slow) / p50
    print("-" * len(header))
    print(
        f"{'overall':28} {'':>6} {p50:8.1f} {p95:8.1f} {statistics.median(all_slow):10.1f} "
        f"{percentile(all_slow, 0.95):10.1f} {overall_ratio:6.1f}x"
    )
    print()
    p95_met = p95 <= P95_TARGET_MS
    ratio_met = overall_ratio >= RATIO_TARGET
    print(f"p95 <= {P95_TARGET_MS:.0f} ms: {'met' if p95_met else 'not met'} ({p95:.1f} ms)")
    print(
        f">= {RATIO_TARGET:.0f}x faster than ILIKE (median over all queries): {'met' if ratio_met else 'not met'} "
        f"({overall_ratio:.1f}x; slowest query {min(ratios):.1f}x)"
    )
    return 0 if p95_met and ratio_met else 1


if __name__ == "__main__":
    sys.exit(main())
