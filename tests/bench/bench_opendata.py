"""Open-data benchmark (not collected by pytest): queries and server time of the API's list pages, through the full
Django stack in process (the test client: middleware, view, serialisation), against the database in DATABASE_URL.

    DATABASE_URL=postgres://…/minutes_bench_large .venv/bin/python tests/bench/bench_opendata.py [--runs 10]

For each list it times page 1 and the page from the middle of the list (100 objects each, OParl's page size), and the ModernGov
service's meeting list for one committee and one meeting. Prints the query count and p50/p95 in milliseconds.
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

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from minutes.models import Meeting  # noqa: E402
from minutes.opendata import oparl  # noqa: E402
from panels.models import Panel  # noqa: E402

LISTS = ["meeting", "agendaItem", "file", "person", "membership", "organization", "location"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def measure(client, url, runs):
    reset_queries()  # with DEBUG on every query is logged, and a full log (9,000) would hide the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(times), percentile(times, 0.95), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    meetings = Meeting.objects.public().count()
    print(f"{meetings} public meetings in {connection.settings_dict['NAME']}; {args.runs} runs per row")
    print(f"{'url':72} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'KB':>6}")
    urls = []
    for name in LISTS:
        urls.append(f"/oparl/v1.1/body/1/{name}")
        # A page from the middle of the list: the cursor links.next would carry there.
        live = oparl.list_of(name, None, {"omit_internal": False})[0]
        middle = live.rows.count() // 2
        if middle > oparl.PAGE_SIZE:
            pk = live.rows.values_list("pk", flat=True)[middle]
            urls.append(f"/oparl/v1.1/body/1/{name}?after={live.code}-{pk}")
    urls.append("/oparl/v1.1/body/1/meeting?omit_internal=true")
    panel = Panel.objects.filter(meetings__status__in=Meeting.PUBLIC_STATES).first()
    meeting = Meeting.objects.with_public_minutes().order_by("-date").first()
    urls += [
        f"/mgWebService.asmx/GetMeetings?lCommitteeId={panel.pk}&sFromDate=0&sToDate=0",
        f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}",
        f"/meetings/{meeting.pk}.json",
        f"/meetings/{meeting.pk}/minutes.akn.xml",
    ]
    for url in urls:
        count, p50, p95, size = measure(client, url, args.runs)
        print(f"{url:72} {count:>7} {p50:>8.1f} {p95:>8.1f} {size / 1024:>6.0f}")


if __name__ == "__main__":
    main()
