"""Benchmark of the printed minutes (not collected by pytest).

    DEBUG=1 .venv/bin/python tests/bench/bench_pdf.py          # SQLite, or set DATABASE_URL

Builds a throwaway 20-item meeting (10 points and 5 questions each) in a test database, then prints: the cold render
time of the meeting PDF (median of 5, nothing cached), the cached serve time through the view, pages and bytes; and,
when /usr/bin/chromium exists, the time Chromium takes to print the same HTML to PDF (median of 3) and the ratios.
"""

import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests.chromium import CHROMIUM as CHROMIUM_PATH  # noqa: E402
from tests.chromium import CHROMIUM_ARGS  # noqa: E402

CHROMIUM = Path(CHROMIUM_PATH)
ITEMS, POINTS, QUESTIONS = 20, 10, 5


def build_meeting():
    from minutes.models import AgendaItem, Attendance, Meeting, MinutePoint, Question, Resolution
    from panels.models import Panel

    panel = Panel.objects.create(
        name="Benchmark Scrutiny Panel",
        slug="benchmark-scrutiny-panel",
        host_authority="Benchmark County Council",
        is_synthetic=True,
    )
    meeting = Meeting.objects.create(
        panel=panel,
        date=datetime.date(2026, 3, 4),
        start_time=datetime.time(10, 0),
        status=Meeting.Status.APPROVED,
        venue="Council Chamber, County Hall, Benchmark",
    )
    for n in range(8):
        Attendance.objects.create(
            meeting=meeting,
            position=n,
            name=f"Cllr Member {n}",
            role="Chair" if n == 0 else "",
            council="Benchmark District Council",
        )
    sentence = (
        "The Commissioner explained the progress made against the plan's priorities, the figures reported to the "
        "Panel at its last meeting and the work that remained to be done over the coming year. "
    )
    for i in range(1, ITEMS + 1):
        item = AgendaItem.objects.create(meeting=meeting, position=i, number=str(100 + i), title=f"Report number {i}")
        position = 1
        for p in range(1, POINTS + 1):
            MinutePoint.objects.create(item=item, position=position, label=f"{p}.", text=sentence * (1 + p % 3))
            position += 1
        intro = item.points.order_by("-position").first()
        for _ in range(QUESTIONS):
            Question.objects.create(
                item=item,
                position=position,
                depth=1,
                label="·",
                introduced_by=intro,
                response_inline=True,
                text="Whether the Commissioner was satisfied with the response times reported.",
                response=sentence * 2,
            )
            position += 1
        Resolution.objects.create(
            item=item, position=position, lead_in="RESOLVED", text="that the Panel note the report."
        )
    return meeting


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def chromium_print(html):
    from minutes.output import pdf

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        page = tmp / "minutes.html"
        # The same HTML, its stylesheet resolved against the static directory as WeasyPrint's base_url does.
        page.write_text(html.replace("<head>", f'<head>\n<base href="{pdf.STATIC_DIR.as_uri()}/">', 1))
        out = tmp / "out.pdf"
        command = [
            str(CHROMIUM),
            "--headless",
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]

        def run():
            out.unlink(missing_ok=True)
            shutil.rmtree(tmp / "profile", ignore_errors=True)
            subprocess.run(command, check=True, capture_output=True, timeout=120)
            return out.stat().st_size

        return timed(run, 3)


def main():
    from pypdf import PdfReader

    from minutes.models import Meeting
    from minutes.output import pdf

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        meeting = build_meeting()
        load = lambda: Meeting.objects.for_meeting_page().get(pk=meeting.pk)  # noqa: E731

        start = time.perf_counter()
        pdf.render_meeting_pdf(load())
        first = time.perf_counter() - start  # includes font discovery and WeasyPrint's start-up in this process
        html_time, html = timed(lambda: pdf.meeting_html(load()), 5)
        cold, data = timed(lambda: pdf.render_meeting_pdf(load()), 5)

        cache.clear()
        client = Client()
        url = reverse("meeting-pdf", args=[meeting.pk])
        assert client.get(url).status_code == 200  # fills the cache
        cached, response = timed(lambda: client.get(url), 50)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
        etag = response["ETag"]
        not_modified, response = timed(lambda: client.get(url, headers={"If-None-Match": etag}), 50)
        assert response.status_code == 304
        # What the view would cost if it looked the meeting up cheaply and left loading the content to a cache miss
        # (pdf.with_page_content does that): the view above prefetches every item's content first.
        request = RequestFactory().get(url)
        lean, response = timed(
            lambda: pdf.serve_meeting_pdf(request, Meeting.objects.for_listing().get(pk=meeting.pk)), 50
        )
        assert response.status_code == 200

        import io

        pages = len(PdfReader(io.BytesIO(data)).pages)
        rows = [
            ("meeting", f"{ITEMS} items x ({POINTS} points + {QUESTIONS} questions + 1 resolution)"),
            ("first render in process", f"{first * 1000:8.1f} ms"),
            ("HTML only (median of 5)", f"{html_time * 1000:8.1f} ms"),
            ("cold render (median of 5)", f"{cold * 1000:8.1f} ms"),
            ("cached serve (median of 50)", f"{cached * 1000:8.2f} ms"),
            ("304 revalidation (median of 50)", f"{not_modified * 1000:8.2f} ms"),
            ("cached serve, lean lookup (median of 50)", f"{lean * 1000:8.2f} ms"),
            ("pages", str(pages)),
            ("bytes", f"{len(data):,}"),
        ]
        speedup = cold / cached
        verdicts = [f"cached >= 100x faster than cold: {'MET' if speedup >= 100 else 'NOT MET'} ({speedup:,.0f}x)"]
        if CHROMIUM.exists():
            chrome, chrome_bytes = chromium_print(html)
            ratio = cold / chrome
            rows += [
                ("chromium --print-to-pdf (median of 3)", f"{chrome * 1000:8.1f} ms"),
                ("chromium bytes", f"{chrome_bytes:,}"),
                ("weasyprint cold / chromium", f"{ratio:8.2f}x"),
            ]
            verdicts.insert(0, f"cold render <= 1.0x Chromium: {'MET' if ratio <= 1.0 else 'NOT MET'} ({ratio:.2f}x)")
        else:
            verdicts.insert(0, "cold render <= 1.0x Chromium: not measured (no /usr/bin/chromium)")
        width = max(len(label) for label, _ in rows)
        print(f"database: {connection.vendor}")
        for label, value in rows:
            print(f"{label:<{width}}  {value}")
        for verdict in verdicts:
            print(verdict)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
