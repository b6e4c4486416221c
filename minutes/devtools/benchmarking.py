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
import tempfile
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


def distinct_public_urls(kind, count, *, seed=1):
    """Up to `count` distinct public addresses of one page kind ("item" or "meeting") with published minutes, drawn
    at random (the same ones for the same seed) from the whole archive, old and new alike, as a crawler walks it."""
    import random

    from django.urls import reverse

    from minutes.models import AgendaItem, Meeting

    if kind == "meeting":
        records = Meeting.objects.with_public_minutes()
    elif kind == "item":
        records = AgendaItem.objects.public().filter(meeting__status__in=["approved", "draft_minutes"])
    else:
        raise ValueError(kind)
    pks = sorted(records.values_list("pk", flat=True))
    chosen = random.Random(seed).sample(pks, min(count, len(pks)))
    return [reverse(kind, args=[pk]) for pk in chosen]  # what get_absolute_url gives, without loading each record


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


def probe_pages(repeat=30, distinct=None):
    """Query count and server time (median/p95) per page, uncached (cache cleared before each request) and cached;
    with `distinct` ({"item": n, "meeting": n}), also that many distinct public addresses of each kind."""
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
        "distinct": {kind: distinct_public_urls(kind, n) for kind, n in (distinct or {}).items()},
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
    return process_cpu_seconds(pid)


def process_cpu_seconds(pid, *, reaped_children=False):
    """utime + stime of a process from /proc/<pid>/stat, in seconds (None when it cannot be read); with
    `reaped_children`, also the CPU of the children it has waited for (cutime + cstime): a process that exits takes
    its CPU time into its parent's, so counting those keeps a recycled worker or a finished renderer in the sum."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(pid):
    """Every live process below `pid`, children first."""
    found, queue = [], [pid]
    while queue:
        for child in child_pids(queue.pop()):
            found.append(child)
            queue.append(child)
    return found


def gunicorn_cpu_seconds(master_pid):
    """CPU of gunicorn's workers so far: the live ones, plus those the master has reaped (recycled after max_requests).
    The master's own CPU (it only supervises) is left out."""
    live = sum(process_cpu_seconds(pid) or 0 for pid in child_pids(master_pid))
    master = process_cpu_seconds(master_pid, reaped_children=True) or 0
    return live + master - (process_cpu_seconds(master_pid) or 0)


class DatabaseCpu:
    """CPU of the PostgreSQL backends serving one database, read from /proc for each backend pg_stat_activity lists
    (the server must run on this machine). Django keeps its connections open (CONN_MAX_AGE), so the backends of a
    load run live through it; the monitoring connection itself is left out."""

    def __init__(self, database_url):
        import psycopg

        self.conn = psycopg.connect(database_url, autocommit=True)

    def snapshot(self):
        pids = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return {pid: cpu for (pid,) in pids if (cpu := process_cpu_seconds(pid)) is not None}

    @staticmethod
    def used(before, after):
        """CPU used between two snapshots: a backend started in between counts whole; one that ended is lost."""
        return sum(cpu - before.get(pid, 0) for pid, cpu in after.items())

    def close(self):
        self.conn.close()


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


def wrk_script(paths, threads):
    """A wrk script sending the paths in turn, each of wrk's threads taking every `threads`-th from its own offset,
    so that in one pass over the list no path is sent twice."""
    for path in paths:
        if not re.fullmatch(r"/[\w/.\-]*", path):
            raise ValueError(f"not a plain path: {path!r}")
    listed = ",\n".join(f'"{path}"' for path in paths)
    return f"""local paths = {{
{listed}
}}
local started = 0
function setup(thread)
  thread:set("offset", started)
  started = started + 1
end
local next_index = nil
function request()
  if next_index == nil then next_index = offset end
  local path = paths[(next_index % #paths) + 1]
  next_index = next_index + {threads}
  return wrk.format("GET", path)
end
"""


def requests_per_second(base, paths, seconds, connections):
    """Load `paths` (sent in turn) on `base` for `seconds`: {"rate": requests/s, "requests": how many were sent}.
    wrk (Debian's package) when present, else a small threaded Python client."""
    if isinstance(paths, str):
        paths = [paths]
    if not shutil.which("wrk"):
        return python_load(base, paths, seconds, connections)
    threads = 2
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(paths, threads))
        script.flush()
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script.name, base],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{base} answered {errors[1]} errors under load:\n{out}")
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "requests": int(re.search(r"(\d+) requests in", out)[1]),
    }


def python_load(base, paths, seconds, connections):
    import http.client
    import itertools
    import threading
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    turn = itertools.cycle(paths)  # next() on it is atomic under the GIL
    deadline = time.monotonic() + seconds
    counts = [0] * connections
    failures = []

    def run(slot):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline and not failures:
            path = next(turn)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                failures.append(f"{path} answered {response.status}")
            counts[slot] += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return {"rate": sum(counts) / (time.monotonic() - start), "requests": sum(counts)}


def warm(base, paths, rounds):
    """Request every path `rounds` times over 8 connections, so that each gunicorn worker (each has its own
    local-memory cache) has most likely rendered and stored it; the CPU a request then costs shows whether it did."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import urlopen

    def get(path):
        with urlopen(base + path, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(get, [path for _ in range(rounds) for path in paths]))


def load_test(database_url, runs, *, seconds=5, connections=8):
    """Start gunicorn on a free loopback port over `database_url`, with the production settings (page cache on), and
    load each run's paths in turn for `seconds`; `runs` maps a name to (paths, warm). Paths of a warm run are
    requested beforehand until cached; the others must be new to the server (a crawler's misses). Returns, per run,
    requests/s, how many requests went to how many distinct paths, and the CPU a request cost gunicorn's workers
    (app) and the database's backends; plus the workers' peak resident memory."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("PAGE_CACHE_SECONDS", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "minutes.wsgi", "--bind", f"127.0.0.1:{port}", "--config",
         str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    database = DatabaseCpu(database_url)
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}"
        workers = len(child_pids(server.pid)) or 1
        warm(base, [path for paths, warmed in runs.values() if warmed for path in paths], rounds=4 * workers)
        results = {}
        for name, (paths, _) in runs.items():
            pids, app, db = set(child_pids(server.pid)), gunicorn_cpu_seconds(server.pid), database.snapshot()
            run = requests_per_second(base, paths, seconds, connections)
            app, db = gunicorn_cpu_seconds(server.pid) - app, database.used(db, database.snapshot())
            results[name] = {
                **run,
                "distinct": len(set(paths)),
                # Workers restarted by max_requests during the run: each starts with an empty local-memory cache.
                "recycled": len(set(child_pids(server.pid)) - pids),
                "app_cpu_ms": app / run["requests"] * 1000,
                "db_cpu_ms": db / run["requests"] * 1000,
            }
        results["worker_peak_rss_mib"] = max((peak_rss_kib(p) for p in child_pids(server.pid)), default=0) / 1024
        return results
    finally:
        database.close()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def target_text(value, limit, *, at_most=True, fmt="{:.1f}", unit="", margin_unit=None):
    """A figure against its target, with the margin left or the amount by which it misses: ("2.4 ms ≤ 3.0 ms  met
    (margin 0.6 ms)", True) or ("4.2 ms ≤ 3.0 ms  NOT MET (over by 1.2 ms)", False)."""
    margin_unit = unit if margin_unit is None else margin_unit
    gap = limit - value if at_most else value - limit
    met = gap >= 0
    head = f"{fmt.format(value)}{unit} {'≤' if at_most else '≥'} {fmt.format(limit)}{unit}"
    if met:
        return f"{head}  met (margin {fmt.format(gap)}{margin_unit})", True
    return f"{head}  NOT MET ({'over' if at_most else 'under'} by {fmt.format(-gap)}{margin_unit})", False


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
