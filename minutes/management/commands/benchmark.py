"""`manage.py benchmark`: the performance figures of issue 8 as one table, on generated archives.

It builds (once; reused afterwards) two synthetic PostgreSQL archives — about 1 000 and about 1 000 000 minute points —
measures the pages in-process on both, load-tests gunicorn on loopback against the large one, and runs the search and
PDF benchmarks. Only loopback traffic; every loop is bounded."""

import json
import os
import re
import resource
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from minutes.devtools.benchmarking import ROOT, load_test, vocabulary_figures

SMALL = ["--panels", "1", "--years", "1", "--items-per-meeting", "20", "--points-per-item", "10"]
LARGE = ["--panels", "55", "--years", "20", "--items-per-meeting", "20", "--points-per-item", "10"]
GENERATE = ["--seed", "1", "--anchor", "2026-01-01", "--vocabulary", "words"]


class Command(BaseCommand):
    help = "Measure page, throughput, search and PDF performance on generated archives and print the targets."

    def add_arguments(self, parser):
        parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
        parser.add_argument("--small-db", default="minutes_bench_small")
        parser.add_argument("--large-db", default="minutes_bench_large")
        parser.add_argument("--regenerate", action="store_true", help="drop and rebuild both archives")
        parser.add_argument("--seconds", type=int, default=5, help="length of each load run (1-30)")
        parser.add_argument("--probe", action="store_true", help=f"internal: measure pages, print JSON ({os.sep})")

    def handle(self, *args, **options):
        if options["probe"]:
            from minutes.devtools.benchmarking import dump, probe_pages

            self.stdout.write(dump(probe_pages()))
            return
        if not 1 <= options["seconds"] <= 30:
            raise CommandError("--seconds must be between 1 and 30")
        started = time.monotonic()
        server = options["server"].rstrip("/")
        small_url, large_url = f"{server}/{options['small_db']}", f"{server}/{options['large_db']}"
        generation = {
            "small": self.ensure_archive(small_url, SMALL, 500, options["regenerate"]),
            "large": self.ensure_archive(large_url, LARGE, 900_000, options["regenerate"]),
        }
        generation["vocabulary"] = vocabulary_figures(large_url)
        self.say("Measuring pages in-process (30 requests each, uncached and cached) …")
        small, large = self.probe(small_url), self.probe(large_url)
        paths = {name: large["pages"][name]["url"] for name in ("item", "meeting")}
        self.say(f"Load-testing gunicorn on loopback ({options['seconds']} s a URL, 8 connections) …")
        cached = load_test(large_url, paths, seconds=options["seconds"], cached=True)
        uncached = load_test(large_url, paths, seconds=options["seconds"], cached=False)
        search_out = self.script("tests/bench/bench_search.py", large_url, ["--runs", "20", "--ilike-runs", "1"])
        pdf_out = self.script("tests/bench/bench_pdf.py", large_url, [])
        self.report(generation, small, large, cached, uncached, search_out, pdf_out)
        self.say(f"\nThe benchmark took {time.monotonic() - started:.0f} s.")

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    def env(self, url):
        return {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "ALLOWED_HOSTS": "testserver,127.0.0.1"}

    def manage(self, url, *args, capture=False):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(url), check=True, text=True,
            capture_output=capture,
        )  # fmt: skip

    def ensure_archive(self, url, sizes, enough_points, regenerate):
        """Create and fill the archive unless it already holds a complete one; report how long generation took."""
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not regenerate:
                try:
                    with psycopg.connect(url) as db:
                        points = db.execute("SELECT count(*) FROM minutes_minutepoint").fetchone()[0]
                except psycopg.Error:
                    points = 0
                if points >= enough_points:
                    self.say(f"Reusing {name} ({points:,} minute points); bringing its schema up to date.")
                    self.manage(url, "migrate", "-v0")
                    return {"points": points, "seconds": None, "peak_rss_mib": None}
            if exists:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.say(f"Generating {name} …")
        self.manage(url, "migrate", "-v0")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.monotonic()
        self.manage(url, "generate_archive", *sizes, *GENERATE)
        seconds = time.monotonic() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with psycopg.connect(url) as db:
            db.execute("ANALYZE")
            points = db.execute("SELECT count(*) FROM minutes_minutepoint").fetchone()[0]
        # ru_maxrss of children is the largest child so far; the generator is by far the largest.
        return {"points": points, "seconds": seconds, "peak_rss_mib": max(peak, before) / 1024}

    def probe(self, url):
        # As in production: DEBUG off (no query log, cached templates) and the collected, compressed static files.
        env = {**self.env(url), "DEBUG": "0", "SECRET_KEY": "benchmark-only-" + "x" * 50, "SECURE_COOKIES": "0"}
        run = {"cwd": ROOT, "env": env, "check": True, "text": True, "capture_output": True}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], **run)
        out = subprocess.run([sys.executable, "manage.py", "benchmark", "--probe"], **run).stdout
        return json.loads(out.strip().splitlines()[-1])

    def script(self, path, url, args):
        self.say(f"Running {path} …")
        result = subprocess.run(
            [sys.executable, path, *args], cwd=ROOT, env=self.env(url), text=True, capture_output=True, timeout=600
        )
        return result.stdout + result.stderr

    def report(self, generation, small, large, cached, uncached, search_out, pdf_out):
        rows = []

        def row(measure, value, target="", met=None):
            rows.append((measure, value, target, "" if met is None else ("met" if met else "NOT MET")))

        words = generation.pop("vocabulary")
        row("vocabulary (large)", f"{words['lexemes']:,} lexemes in {words['items']:,} items, {words['once']:,} "
            f"used once; rank-frequency slope over the top {words['top']} {words['slope']:.2f}", "≈ −1")  # fmt: skip
        row("vocabulary (large)", "items holding the 10 commonest lexemes: " + ", ".join(
            f"{word} {share:.0%}" for word, share in words["commonest"]) + f"; {words['half_the_items']} lexemes "
            "in half the items or more")  # fmt: skip
        for size, gen in generation.items():
            if gen["seconds"] is None:
                row(f"archive ({size})", f"{gen['points']:,} points (reused)")
            else:
                row(f"archive ({size})", f"{gen['points']:,} points in {gen['seconds']:.0f} s, "
                    f"peak RSS {gen['peak_rss_mib']:.0f} MiB")  # fmt: skip
        row("archive (large)", f"{large['items_in_archive']:,} items; meeting page has {large['meeting_items']} items, "
            f"item page {large['item_points']} points")  # fmt: skip
        budgets = {"item": 8, "meeting": 12, "home": None, "panel": None, "person": 8}
        for name, budget in budgets.items():
            page = large["pages"][name]
            row(f"{name} page queries", str(page["queries"]), f"≤ {budget}" if budget else "",
                page["queries"] <= budget if budget else None)  # fmt: skip
            row(f"{name} page time, uncached", f"median {page['uncached']['median_ms']:.1f} ms, "
                f"p95 {page['uncached']['p95_ms']:.1f} ms")  # fmt: skip
            row(f"{name} page time, cached", f"median {page['cached']['median_ms']:.2f} ms, "
                f"p95 {page['cached']['p95_ms']:.2f} ms")  # fmt: skip
            cpu = page["uncached_cpu_ms"]
            database = "not measured" if cpu["database"] is None else f"{cpu['database']:.1f} ms"
            row(f"{name} page CPU, uncached", f"app {cpu['app']:.1f} ms + database {database} a request")
        for name in ("item", "meeting"):
            for label, run, target in (("cached", cached, 0.40), ("uncached", uncached, 0.15)):
                ratio = run[name] / run["static"]
                row(f"{name} page throughput, {label}", f"{run[name]:.0f} req/s = {ratio:.0%} of static "
                    f"({run['static']:.0f} req/s)", f"≥ {target:.0%}", ratio >= target)  # fmt: skip
        growth = large["pages"]["item"]["uncached"]["median_ms"] / small["pages"]["item"]["uncached"]["median_ms"]
        row("item page time growth", f"{small['points_in_archive']:,} → {large['points_in_archive']:,} points: "
            f"×{growth:.2f}", "≤ ×1.2", growth <= 1.2)  # fmt: skip
        row("gunicorn worker peak RSS", f"{cached['worker_peak_rss_mib']:.0f} MiB cached run, "
            f"{uncached['worker_peak_rss_mib']:.0f} MiB uncached run")  # fmt: skip
        for line in search_out.splitlines():
            if line.startswith("target "):
                row("search", line.removeprefix("target ").strip(), "", "NOT MET" not in line)
        for line in pdf_out.splitlines():
            if re.search(r"(cold|cached|chromium|ratio|pages|bytes|target)", line, re.IGNORECASE):
                row("printed minutes (PDF)", line.strip(), "", None)

        width = max(len(r[0]) for r in rows)
        self.say("\n" + "=" * 100)
        for measure, value, target, met in rows:
            self.say(f"{measure:<{width}}  {value}  {target}  {met}".rstrip())
        self.say("=" * 100)
        self.say("\nSearch benchmark output:\n" + search_out.rstrip())
        self.say("\nPDF benchmark output:\n" + pdf_out.rstrip())
