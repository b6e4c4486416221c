"""Measurements behind `manage.py benchmark`: page timings in-process, and throughput of a real gunicorn on loopback.

Everything here only reads the database it is pointed at (a generated, synthetic archive) and sends traffic only to
127.0.0.1, with bounded request counts and durations."""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(seconds):
    return {"median_ms": statistics.median(seconds) * 1000, "p95_ms": percentile(seconds, 0.95) * 1000}


def representative_urls():
    """A public panel, the largest-but-typical meeting (20 items if there is one) and an item of about ten points."""
    from django.db.models import Count

    from minutes.models import AgendaItem, Meeting

    meeting = (
        Meeting.objects.with_public_minutes().annotate(n=Count("items")).filter(n__gte=20).order_by("-n", "pk").first()
        or Meeting.objects.with_public_minutes().order_by("pk").first()
    )
    item = (
        AgendaItem.objects.public()
        .filter(meeting__status__in=["approved", "draft_minutes"], is_exempt=False)
        .annotate(n=Count("points"))
        .filter(n__gte=8, n__lte=14)
        .order_by("pk")
        .first()
    )
    return {
        "home": "/",
        "panel": meeting.panel.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "item": item.get_absolute_url(),
        "person": busiest_member().get_absolute_url(),
        "_meeting_items": meeting.items.count(),
        "_item_points": item.points.count(),
    }


def busiest_member():
    """The person named in the most whole-meeting attendance lines of published minutes: the longest member page."""
    from django.db.models import Count

    from minutes.models import Attendance
    from panels.models import Person

    busiest = (
        Attendance.objects.filter(item__isnull=True, meeting__status__in=["approved", "draft_minutes"])
        .exclude(person=None)
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n", "person")
        .first()
    )
    return Person.objects.get(pk=busiest["person"])


def probe_pages(repeat=30):
    """Query count and server time (median/p95) per page, uncached (cache cleared before each request) and cached."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minutes.models import AgendaItem, MinutePoint

    urls = representative_urls()
    client = Client()
    results = {
        "points_in_archive": MinutePoint.objects.count(),
        "items_in_archive": AgendaItem.objects.count(),
        "meeting_items": urls.pop("_meeting_items"),
        "item_points": urls.pop("_item_points"),
        "pages": {},
    }
    for name, url in urls.items():
        cache.clear()
        client.get(url)  # warm the connection and the template loader
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        queries = len(ctx.captured_queries)
        uncached, cached = [], []
        cpu_before = time.process_time(), database_cpu_seconds(connection)
        for _ in range(repeat):
            cache.clear()
            start = time.perf_counter()
            client.get(url)
            uncached.append(time.perf_counter() - start)
        cpu_after = time.process_time(), database_cpu_seconds(connection)
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            cached.append(time.perf_counter() - start)
        reset_queries()
        results["pages"][name] = {
            "url": url,
            "queries": queries,
            "uncached": summarise(uncached),
            # CPU a rendering costs, whatever else the machine is doing: this process, and the database server's
            # backend serving its connection (None where /proc cannot tell, e.g. a remote server).
            "uncached_cpu_ms": {
                "app": (cpu_after[0] - cpu_before[0]) / repeat * 1000,
                "database": None
                if None in (cpu_before[1], cpu_after[1])
                else (cpu_after[1] - cpu_before[1]) / repeat * 1000,
            },
            "cached": summarise(cached),
        }
    return results


def database_cpu_seconds(connection):
    """CPU seconds used so far by the PostgreSQL backend process serving `connection`, when it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on 127.0.0.1:{port} within {timeout} s")


def child_pids(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def peak_rss_kib(pid):
    """VmHWM: the peak resident set of a process, in KiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) if match else 0


def requests_per_second(url, seconds, connections):
    """Throughput of one URL with wrk (Debian's package) when present, else a small threaded Python client."""
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout  # fmt: skip
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if errors:
            raise RuntimeError(f"{url} answered {errors[1]} errors under load:\n{out}")
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    return python_load(url, seconds, connections)


def python_load(url, seconds, connections):
    import http.client
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    counts = [0] * connections

    def run(slot):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            conn.request("GET", parts.path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            counts[slot] += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def load_test(database_url, paths, *, seconds=5, connections=8, cached=True):
    """Start gunicorn on a free loopback port over `database_url`, load each path and the static stylesheet, and
    return requests/s per path plus the workers' peak resident memory after the run."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "PAGE_CACHE_SECONDS": "3600" if cached else "0",
        "LOG_LEVEL": "ERROR",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "minutes.wsgi", "--bind", f"127.0.0.1:{port}", "--config",
         str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        results = {"static": requests_per_second(f"{base}/static/css/site.css", seconds, connections)}
        for name, path in paths.items():
            requests_per_second(f"{base}{path}", 1, 2)  # warm every worker's cache and connection
            results[name] = requests_per_second(f"{base}{path}", seconds, connections)
        results["worker_peak_rss_mib"] = max((peak_rss_kib(p) for p in child_pids(server.pid)), default=0) / 1024
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def dump(results):
    return json.dumps(results, default=str)


def vocabulary_figures(url, top=100):
    """How the archive's words are distributed, read from the stored search vectors (lexemes, as search sees them):
    the slope of log frequency against log rank over the `top` commonest (Zipf's law gives about −1), how many
    lexemes there are, and the share of items holding each of the ten commonest."""
    import math

    import psycopg

    with psycopg.connect(url) as db:
        items = db.execute("SELECT count(*) FROM minutes_agendaitem WHERE search_vector IS NOT NULL").fetchone()[0]
        rows = db.execute(
            "SELECT word, ndoc, nentry FROM ts_stat('SELECT search_vector FROM minutes_agendaitem') "
            "ORDER BY nentry DESC, word"
        ).fetchall()
    head = rows[:top]
    xs = [math.log(rank) for rank in range(1, len(head) + 1)]
    ys = [math.log(nentry) for _, _, nentry in head]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    return {
        "items": items,
        "lexemes": len(rows),
        "once": sum(1 for _, _, nentry in rows if nentry == 1),
        "slope": slope,
        "top": top,
        "commonest": [(word, ndoc / items) for word, ndoc, _ in rows[:10]],
        "half_the_items": sum(1 for _, ndoc, _ in rows if ndoc * 2 >= items),
    }
