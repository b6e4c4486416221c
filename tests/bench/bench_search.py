"""Search benchmark (not collected by pytest): times /search/'s own function against the database in DATABASE_URL.

    DATABASE_URL=postgres://… .venv/bin/python tests/bench/bench_search.py [--runs 20] [--ilike-runs 1]

Queries come in four classes, reported apart: rare words, broad words, quoted phrases, and broad words within a
year of meeting dates (the /search/ date filter). Each runs through `minutes.search.run_search` (the ranked page of
20 hits with snippets, paragraph links and the capped count, exactly what /search/ computes), and once more as the
plain scan the index replaces: one statement that reads the public items once, tests every word (or the phrase) with
`ILIKE`, counts the matches and returns the newest 20. The search's first page is compared with an exact ranking by
the same rank (every match ranked, relevance then date then pk): "top-20" is the share of the page ranked as high
as the exact 20th (ties count as right), "same" the share of the exact 20 the page holds.

With the RUM index (migration 0010) the search ranks every match from it; `--engine gin` measures the GIN path
instead, on the same archive.

Targets (issue 19), each printed with its margin: p95 <= 50 ms in every class; top-20 overlap >= 95%; every query
>= 20x faster than its ILIKE scan (the scan's median over the search's median).
"""

import argparse
import datetime
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
from django.db.models import Count, Max, Window  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402

from minutes.models import AgendaItem, Meeting  # noqa: E402
from minutes.search import engine as search  # noqa: E402

# The trade terms are placed at known ranks by minutes/devtools/synthetic_words.py: rare ones in well under 1% of items,
# broad words in a large share of them. The date-filtered class asks for broad words within the last year.
CLASSES = {
    "rare": ["CCTV", "drones", "cybercrime", "modern slavery", "speed cameras"],
    "broad": ["report", "budget", "police", "consultation", "time", "officers"],
    "phrase": [
        '"front-line services"',
        '"knife crime"',
        '"antisocial behaviour"',
        '"domestic abuse"',
        '"risk register"',
    ],
    "dated": ["report", "budget", "police", '"knife crime"'],
}
P95_TARGET_MS = 50.0
RATIO_TARGET = 20.0
OVERLAP_TARGET = 0.95
TOP = 20


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


def searched_items(dated, last_day):
    items = AgendaItem.objects.public()
    if dated:
        items = items.filter(meeting__date__gt=last_day - datetime.timedelta(days=365), meeting__date__lte=last_day)
    return items


def through_search(query, items):
    def run():
        results = search.run_search(query, items.select_related("meeting__panel__parent"))
        return results.total, [hit.item.pk for hit in results.hits]

    return run


def ilike_terms(query):
    """What the scan tests: a quoted phrase as it stands, otherwise each word."""
    if query.startswith('"') and query.endswith('"'):
        return [query.strip('"')]
    return search.query_words(query)


def through_ilike(query, items):
    terms = ilike_terms(query)

    def run():
        scanned = items
        for term in terms:
            scanned = scanned.filter(search_document__icontains=term)
        # One statement, one scan: the window count is computed over every match before the LIMIT.
        rows = list(
            scanned.annotate(total=Window(Count("pk")))
            .order_by("-meeting__date", "pk")
            .values_list("pk", "total")[:TOP]
        )
        return (rows[0][1] if rows else 0), len(rows)

    return run


def ranked(query, items, rum):
    """The matches with the search's own rank key (RUM's rank with the RUM index, else ts_rank; an exact title first)."""
    matched, _ = search.match(items, query)
    title = query.strip(search.PUNCTUATION + " ")
    boost = RawSQL("CASE WHEN upper(minutes_agendaitem.title) = upper(%s) THEN 1 ELSE 0 END", [title])
    if rum:
        closeness = RawSQL(
            "-(minutes_agendaitem.search_vector <=> websearch_to_tsquery('english'::regconfig, %s))", [query]
        )
    else:
        closeness = RawSQL(
            "ts_rank(minutes_agendaitem.search_vector, websearch_to_tsquery('english'::regconfig, %s))", [query]
        )
    return matched.annotate(boost=boost, closeness=closeness)


def exact_top(query, items, rum):
    """[(pk, rank key)] of the first page by the search's own rank computed over every match, not a window of them:
    then the newest meeting and the lower pk."""
    rows = ranked(query, items, rum).order_by("-boost", "-closeness", "-meeting__date", "pk")
    return [(pk, (boost, closeness)) for pk, boost, closeness in rows.values_list("pk", "boost", "closeness")[:TOP]]


def overlap_of(query, items, rum, shown, exact):
    """(share of the exact top 20 the page shows, share of the page ranked as high as the exact 20th): the second
    counts an item tied with the exact 20th as right, since which of equal-ranked items fill the cut is only a
    tie-break (the RUM index's order, not the meeting date, among more than RANK_WINDOW equal ranks)."""
    if not exact:
        return 1.0, 1.0
    same = len(set(shown) & {pk for pk, _ in exact}) / len(exact)
    keys = {
        pk: (boost, closeness)
        for pk, boost, closeness in ranked(query, items, rum)
        .filter(pk__in=shown)
        .values_list("pk", "boost", "closeness")
    }
    cut = exact[-1][1]
    high = sum(1 for pk in shown[: len(exact)] if keys[pk] >= cut) / len(exact)
    return same, high


def margin(value, target, higher_is_better):
    """How far inside (+) or outside (−) its target a figure is, as a share of the target."""
    share = (value - target) / target if higher_is_better else (target - value) / target
    return f"{share:+.0%}"


def verdict(met):
    return "met" if met else "NOT MET"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ilike-runs", type=int, default=1, help="The scan takes seconds; each run is one scan.")
    parser.add_argument(
        "--engine",
        choices=["auto", "gin"],
        default="auto",
        help="'gin': rank through the GIN path even where the RUM index exists, to compare the two.",
    )
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
    if args.engine == "gin":
        search._rum_index[connection.alias] = False
    rum = search.rum_index(connection.alias)
    print(f"Ranking through the {'RUM index (every match ranked)' if rum else 'GIN path (a window of matches)'}.")
    public = AgendaItem.objects.public().count()
    last_day = Meeting.objects.with_public_minutes().aggregate(day=Max("date"))["day"]
    print(
        f"{items:,} agenda items ({public:,} public), {points:,} minute points; {args.runs} runs of each search and "
        f"{args.ilike_runs} ILIKE scan(s) per query, after one warm-up each. Dated queries: meetings in the year to "
        f"{last_day}."
    )
    if missing:
        print(f"Warning: {missing:,} items have no search_vector (run manage.py rebuild_search); they cannot match.")

    header = (
        f"{'class':7} {'query':24} {'matches':>8} {'share':>6} {'p50 ms':>7} {'p95 ms':>7} {'ILIKE ms':>9} "
        f"{'ratio':>7} {'top-20':>7} {'same':>5}"
    )
    print(header)
    print("-" * len(header))
    summary = {}
    for name, queries in CLASSES.items():
        times, ratios, overlaps = [], [], []
        for query in queries:
            scope = searched_items(name == "dated", last_day)
            scope_size = scope.count()
            fast = timed(through_search(query, scope), args.runs)
            total, shown = through_search(query, scope)()
            slow = timed(through_ilike(query, scope), args.ilike_runs)
            exact = exact_top(query, scope, rum)
            matches = search.match(scope, query)[0].count()
            same, overlap = overlap_of(query, scope, rum, shown, exact)
            ratio = statistics.median(slow) / statistics.median(fast)
            times += fast
            ratios.append((ratio, query))
            overlaps.append((overlap, query))
            print(
                f"{name:7} {query[:24]:24} {matches:8,} {matches / max(scope_size, 1):6.1%} "
                f"{statistics.median(fast):7.1f} {percentile(fast, 0.95):7.1f} {statistics.median(slow):9.0f} "
                f"{ratio:6.0f}x {overlap:7.0%} {same:5.0%}"
            )
        summary[name] = (percentile(times, 0.95), min(ratios), min(overlaps))
    print("-" * len(header))
    print()
    all_met = True
    for name, (p95, (ratio, ratio_query), (overlap, overlap_query)) in summary.items():
        checks = [
            (f"p95 <= {P95_TARGET_MS:.0f} ms", f"{p95:.1f} ms", p95 <= P95_TARGET_MS,
             margin(p95, P95_TARGET_MS, False)),
            (f"every query >= {RATIO_TARGET:.0f}x ILIKE", f"slowest {ratio:.1f}x ({ratio_query})",
             ratio >= RATIO_TARGET, margin(ratio, RATIO_TARGET, True)),
            (f"top-20 overlap >= {OVERLAP_TARGET:.0%}", f"lowest {overlap:.0%} ({overlap_query})",
             overlap >= OVERLAP_TARGET, margin(overlap, OVERLAP_TARGET, True)),
        ]  # fmt: skip
        for target, value, met, inside in checks:
            all_met &= met
            print(f"target {name:6} {target}: {verdict(met)} ({value}; margin {inside})")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
