"""Benchmark of the printed minutes (not collected by pytest).

    DEBUG=1 .venv/bin/python tests/bench/bench_pdf.py          # SQLite, or set DATABASE_URL

Builds a throwaway 20-item meeting (10 points and 5 questions each) in a test database, then prints: the cold render
time of the meeting PDF (median of 5, nothing cached), the cached serve time through the view, pages and bytes.

Then the targets of issue 19, each with its margin ("target <name>: …" lines; "figure <name>: …" for the rest):
- no reader-facing cold render after publication: a few meetings are published through the workflow (which enqueues
  render_printed_minutes; tasks run immediately here, in this process, so the task fills the cache the requests read)
  and the first request of each meeting PDF and each item PDF is timed: p95 ≤ 20 ms;
- the CPU of one cold render, WeasyPrint against Chromium printing the same HTML (when /usr/bin/chromium exists):
  warm (WeasyPrint loaded in this process; one Chromium kept running, driven by Playwright) and cold (a fresh process
  for each print: `python -c` with WeasyPrint, `chromium --headless --print-to-pdf`): WeasyPrint ≤ 1.5× Chromium.
  CPU counts every process of the renderer: this one's time.process_time(), Chromium's processes read from /proc
  (warm), and the children's rusage (cold).
"""

import datetime
import logging
import os
import resource
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
# Tasks run inside the transaction's on_commit, in this process: the rendering a publication enqueues is done (and in
# this process's cache) before the first request, as a worker sharing the cache would have done it.
os.environ["TASKS_IMMEDIATE"] = "1"

import django  # noqa: E402

django.setup()
logging.getLogger("django.tasks").setLevel(logging.WARNING)  # not a line for each task's every state

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from minutes.devtools.benchmarking import descendants, percentile, process_cpu_seconds, target_text  # noqa: E402
from tests.chromium import CHROMIUM as CHROMIUM_PATH  # noqa: E402
from tests.chromium import CHROMIUM_ARGS  # noqa: E402

CHROMIUM = Path(CHROMIUM_PATH)
ITEMS, POINTS, QUESTIONS = 20, 10, 5
PUBLISHED_MEETINGS, PUBLISHED_ITEMS = 5, 6  # meetings published through the workflow, items in each
FIRST_REQUEST_MS = 20
CPU_RATIO = 1.5


def build_meeting(panel=None, *, status="approved", items=ITEMS, date=datetime.date(2026, 3, 4)):
    from minutes.models import AgendaItem, Attendance, Meeting, MinutePoint, Question, Resolution
    from panels.models import Panel

    panel = panel or Panel.objects.create(
        name="Benchmark Scrutiny Panel",
        slug="benchmark-scrutiny-panel",
        host_authority="Benchmark County Council",
        is_synthetic=True,
    )
    meeting = Meeting.objects.create(
        panel=panel,
        date=date,
        start_time=datetime.time(10, 0),
        status=status,
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
    for i in range(1, items + 1):
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


def children_cpu():
    """CPU seconds of the child processes this one has waited for, and of theirs (each waits for its own)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cpu(fn, runs, cpu):
    """Median wall and median CPU seconds of `runs` calls of `fn`, CPU read by `cpu()` before and after each."""
    walls, cpus = [], []
    for _ in range(runs):
        before, start = cpu(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def with_base(html):
    """The same HTML for Chromium, its stylesheet resolved against the static directory as WeasyPrint's base_url."""
    from minutes.output import pdf

    return html.replace("<head>", f'<head>\n<base href="{pdf.STATIC_DIR.as_uri()}/">', 1)


# A fresh Python printing the HTML as minutes.output.pdf.write_pdf does (same base, same PDF options; WeasyPrint's own
# fetcher reads the file: URLs that the product's fetcher reads from the static directory).
WEASYPRINT_COLD = (
    "import sys; from weasyprint import HTML; "
    "HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3], pdf_variant='pdf/ua-1', "
    "custom_metadata=True)"
)


def weasyprint_cold_cpu(html, runs=3):
    from minutes.output import pdf

    with tempfile.TemporaryDirectory() as tmp:
        page, out = Path(tmp) / "minutes.html", Path(tmp) / "out.pdf"
        page.write_text(html)
        command = [sys.executable, "-c", WEASYPRINT_COLD, str(page), pdf.STATIC_DIR.as_uri() + "/", str(out)]
        return timed_cpu(lambda: subprocess.run(command, check=True, capture_output=True, timeout=300), runs,
                         children_cpu)  # fmt: skip


def chromium_tree_cpu():
    """CPU of the Chromium processes below this one (Playwright's driver starts them), reaped renderers included."""
    total = 0.0
    for pid in descendants(os.getpid()):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            continue
        if "chrom" in Path(exe).name:
            total += process_cpu_seconds(pid, reaped_children=True) or 0
    return total


def chromium_warm_cpu(html, runs=5):
    """One Chromium kept running (Playwright), loading and printing the same page again and again."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        page_file = Path(tmp) / "minutes.html"
        page_file.write_text(with_base(html))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def run():
                page.goto(page_file.as_uri())
                return page.pdf(prefer_css_page_size=True)

            run()  # start the renderer and load the fonts
            return timed_cpu(run, runs, chromium_tree_cpu)
        finally:
            browser.close()


def first_requests_after_publication():
    """Publish meetings through the workflow and time the first request of each printed minutes (meeting and item)."""
    from django.contrib.auth import get_user_model

    from minutes.models import AgendaItem, Meeting
    from minutes.record import workflow
    from panels.models import Panel

    panel = Panel.objects.create(
        name="Published Benchmark Panel", slug="published-benchmark-panel", host_authority="Benchmark County Council",
        is_synthetic=True,
    )  # fmt: skip
    user = get_user_model().objects.create_superuser("benchmark-clerk", "clerk@example.invalid", "not-used")
    meetings = [
        build_meeting(panel, status=Meeting.Status.AGENDA, items=PUBLISHED_ITEMS,
                      date=datetime.date(2026, 4, 1) + datetime.timedelta(days=7 * n))
        for n in range(PUBLISHED_MEETINGS)
    ]  # fmt: skip
    client = Client()
    # The item PDF view's first use in this process (imports, templates), as a running server has long done it.
    client.get(reverse("item-pdf", args=[AgendaItem.objects.exclude(meeting__in=meetings).first().pk]))
    cache.clear()
    start = time.perf_counter()
    for meeting in meetings:
        workflow.apply(meeting, "publish_minutes", user)  # commits; on_commit runs render_printed_minutes
    publishing = (time.perf_counter() - start) / len(meetings)
    firsts = {"meeting": [], "item": []}
    for meeting in meetings:
        urls = [("meeting", reverse("meeting-pdf", args=[meeting.pk]))]
        urls += [("item", reverse("item-pdf", args=[item.pk])) for item in meeting.items.order_by("position")]
        for kind, url in urls:
            start = time.perf_counter()
            response = client.get(url)
            firsts[kind].append(time.perf_counter() - start)
            assert response.status_code == 200 and b"".join(response).startswith(b"%PDF-"), url
    return publishing, firsts


def chromium_print(html):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        page = tmp / "minutes.html"
        page.write_text(with_base(html))
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

        wall, cpu = timed_cpu(run, 3, children_cpu)
        return wall, out.stat().st_size, cpu


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
        targets = [("cached serve vs cold render", target_text(speedup, 100, at_most=False, fmt="{:,.0f}", unit="×"))]
        figures = [("cold render of the meeting (20 items)", f"median {cold * 1000:.0f} ms wall, {pages} pages")]

        publishing, firsts = first_requests_after_publication()
        for kind, seconds in firsts.items():
            p95 = percentile(seconds, 0.95) * 1000
            targets.append((
                f"first {kind} PDF request after publication (p95 of {len(seconds)})",
                target_text(p95, FIRST_REQUEST_MS, unit=" ms"),
            ))  # fmt: skip
            rows.append((f"first {kind} PDF request after publication, p95 / max", f"{p95:8.1f} ms / "
                         f"{max(seconds) * 1000:.1f} ms over {len(seconds)}"))  # fmt: skip
        figures.append((
            "publication",
            f"{PUBLISHED_MEETINGS} meetings of {PUBLISHED_ITEMS} items published through the workflow, "
            f"{publishing:.2f} s each with render_printed_minutes run at commit in the serving process "
            "(a separate worker helps readers only through a cache the servers share: CACHE_URL)",
        ))  # fmt: skip

        # The same print HTML, WeasyPrint against Chromium, CPU of one render.
        wp_warm_wall, wp_warm = timed_cpu(lambda: pdf.write_pdf(html), 5, time.process_time)
        rows.append(
            ("weasyprint warm render (median of 5)", f"{wp_warm_wall * 1000:8.1f} ms, CPU {wp_warm * 1000:.0f} ms")
        )
        wp_cold_wall, wp_cold = weasyprint_cold_cpu(html)
        rows.append(
            ("weasyprint cold process (median of 3)", f"{wp_cold_wall * 1000:8.1f} ms, CPU {wp_cold * 1000:.0f} ms")
        )
        if CHROMIUM.exists():
            chrome, chrome_bytes, chrome_cold = chromium_print(html)
            chrome_warm_wall, chrome_warm = chromium_warm_cpu(html)
            rows += [
                ("chromium --print-to-pdf (median of 3)", f"{chrome * 1000:8.1f} ms, CPU {chrome_cold * 1000:.0f} ms"),
                ("chromium warm, Playwright (median of 5)", f"{chrome_warm_wall * 1000:8.1f} ms, "
                 f"CPU {chrome_warm * 1000:.0f} ms"),
                ("chromium bytes", f"{chrome_bytes:,}"),
                ("weasyprint in-process render / chromium --print-to-pdf, wall", f"{cold / chrome:8.2f}x"),
            ]  # fmt: skip
            for label, ours, theirs in (("warm", wp_warm, chrome_warm), ("cold", wp_cold, chrome_cold)):
                figures.append(
                    (f"render CPU, {label}", f"WeasyPrint {ours * 1000:.0f} ms, Chromium {theirs * 1000:.0f} ms")
                )
                targets.append((
                    f"render CPU, {label}: WeasyPrint / Chromium",
                    target_text(ours / theirs, CPU_RATIO, fmt="{:.2f}", unit="×"),
                ))  # fmt: skip
        else:
            targets.append(("render CPU: WeasyPrint / Chromium", ("not measured (no /usr/bin/chromium)", False)))
        width = max(len(label) for label, _ in rows)
        print(f"database: {connection.vendor}")
        for label, value in rows:
            print(f"{label:<{width}}  {value}")
        for label, value in figures:
            print(f"figure {label}: {value}")
        for label, (text, _) in targets:
            print(f"target {label}: {text}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
