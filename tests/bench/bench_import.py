"""How fast the importer reads and saves: 1000 generated items in one meeting page, parsed then saved.

Run as `.venv/bin/python tests/bench/bench_import.py [ITEMS]`. It uses DATABASE_URL (or the SQLite default) and
works in a database of its own: `<name>_bench` on PostgreSQL, a temporary file on SQLite, dropped afterwards.
Not a pytest test (the file name does not start with `test_`).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.scratch import scratch_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")
os.environ.setdefault("DEBUG", "1")

NB = "\u00a0"
PANEL = "Benchmark Police and Crime Panel"


def generate(count):
    paras = ["Agenda and minutes", f"{PANEL} - Wednesday, 4th March, 2026 10.00 am", "Venue: Online", "Items\nNo. Item"]
    for n in range(1, count + 1):
        paras += [
            f"{n}.",
            f"Report number {n} on rural crime pdf icon PDF {100 + n % 400} KB",
            "Additional documents:",
            "Minutes:",
            f"1.{NB} {NB} {NB}  The Commissioner introduced report {n}, which set out how the force would respond to"
            " equipment theft, livestock worrying and fly-tipping across the county's farms.",
            NB,
            "2.    Members asked a range of questions in relation to the report. Key issues raised by the Panel and"
            " responded to by the Commissioner included the following:",
            f"·{NB} {NB}  Whether the team would cover the whole county. The Commissioner confirmed that it would.",
            f"·{NB} {NB}  How farmers could report incidents. He said an online form had been launched.",
            "3.    A vote was taken, with eleven votes in favour, three against and one abstention.",
            "RESOLVED that the Panel:",
            "(a)    note the report; and",
            "(b)    ask the Commissioner to report again in a year.",
        ]
    return "\n\n".join(paras) + "\n"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with scratch_database():
        run(count)


def run(count):
    from django.db import connection

    from minutes.importer.reader import parse_minutes
    from minutes.importer.save import save_minutes
    from panels.models import Panel

    Panel.objects.create(name=PANEL, slug="benchmark", host_authority="Nowhere", is_synthetic=True)
    text = generate(count)
    started = time.perf_counter()
    parsed = parse_minutes(text)
    parsed_at = time.perf_counter()
    report = save_minutes(parsed)
    saved_at = time.perf_counter()
    assert len(report.created_items) == count, (len(report.created_items), count)
    summary = parsed.summary()
    print(
        f"{connection.vendor}: {count} items ({len(text) / 1024:.0f} KB of text; {summary['points']} points, "
        f"{summary['questions']} questions, {summary['resolutions']} resolutions)"
    )
    print(f"  parse: {parsed_at - started:.2f} s ({count / (parsed_at - started):.0f} items/s)")
    print(f"  save:  {saved_at - parsed_at:.2f} s ({count / (saved_at - parsed_at):.0f} items/s)")
    print(f"  total: {saved_at - started:.2f} s = {count / (saved_at - started):.0f} items per second")


if __name__ == "__main__":
    main()
