"""Server time of the item editor on a 60-paragraph item: the live preview (target p95 ≤ 100 ms), the editor page, an
unchanged save and a save changing one paragraph; and what entering the seed item costs in the editor.

Run as `.venv/bin/python tests/bench/bench_editor.py [RUNS]` (DATABASE_URL as for bench_import.py: a database of its
own, `<name>_bench` on PostgreSQL, dropped afterwards). Requests go through Django's test client, in process: the
figures are the server's own time, no network. Not a pytest test (the file name does not start with `test_`).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.scratch import scratch_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes.settings")
os.environ.setdefault("DEBUG", "1")

SEED = ROOT.parent / "shared" / "reference" / "seed-agenda-item.txt"


def sixty_paragraphs():
    """40 numbered points, 16 question bullets (under four introducing points) and four resolutions."""
    paras, n = [], 0
    for group in range(4):
        for _ in range(9):
            n += 1
            paras.append(
                f"{n}.    The Commissioner reported on matter {n}: the force had reviewed its approach to rural crime, "
                "equipment theft and livestock worrying, and would report progress to the Panel in the new year."
            )
        n += 1
        paras.append(
            f"{n}.    Members asked a range of questions in relation to the update. Key issues raised by the Panel and "
            "responded to by the Commissioner included the following:"
        )
        for q in range(4):
            paras.append(
                f"·         Whether question {group}-{q} had been considered by the force. The Commissioner confirmed "
                "that it had and that a written answer would follow."
            )
        paras.append(f"RESOLVED that the Panel note part {group + 1} of the update.")
    assert len(paras) == 60
    return "\n\n".join(paras) + "\n"


def timed(runs, call):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with scratch_database():
        run(runs)


def run(runs):
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from minutes.editor.merge import item_minutes_text
    from minutes.models import AgendaItem, Meeting
    from panels.models import Panel

    panel = Panel.objects.create(name="Benchmark Panel", slug="benchmark", host_authority="Nowhere", is_synthetic=True)
    meeting = Meeting.objects.create(panel=panel, date="2026-03-04")
    item = AgendaItem.objects.create(meeting=meeting, title="Rural Crime Update")
    user = User.objects.create_superuser("bench", password="pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    write = reverse("admin:minutes_agendaitem_write", args=[item.pk])
    preview = reverse("admin:minutes_agendaitem_write_preview", args=[item.pk])
    text = sixty_paragraphs()
    assert client.post(write, {"text": text, "version": item.version, "base": "", "_save": "Save"}).status_code == 302
    item.refresh_from_db()
    text = item_minutes_text(item)
    edited = text.replace("matter 17:", "matter seventeen:")
    rows = len(item.content())

    def post_preview():
        assert client.post(preview, {"text": edited}).status_code == 200

    # Every paragraph reworded: the worst case of matching paragraphs to rows.
    rewritten = text.replace("The Commissioner reported on matter", "Officers described item").replace(
        "Whether question", "How far issue"
    )

    def post_preview_rewritten():
        assert client.post(preview, {"text": rewritten}).status_code == 200

    def get_page():
        assert client.get(write).status_code == 200

    def save(new_text):
        item.refresh_from_db()
        response = client.post(write, {"text": new_text, "version": item.version, "base": "", "_save": "Save"})
        assert response.status_code == 302, response.status_code

    flip = [text, edited]

    def save_one_change():
        flip.reverse()
        save(flip[0])

    print(f"{connection.vendor}: one item of {rows} paragraphs ({len(text) / 1024:.1f} KB of text), {runs} runs each")
    for name, call, count in (
        ("preview (one paragraph edited)", post_preview, runs),
        ("preview (every paragraph reworded)", post_preview_rewritten, runs),
        ("editor page (GET)", get_page, runs),
        ("save, unchanged", lambda: save(flip[0]), max(5, runs // 2)),
        ("save, one paragraph changed", save_one_change, max(5, runs // 2)),
    ):
        p50, p95 = timed(count, call)
        verdict = (" target ≤ 100 ms: " + ("met" if p95 <= 100 else "NOT met")) if name.startswith("preview") else ""
        print(f"  {name:34} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms{verdict}")

    if SEED.exists():
        seed = SEED.read_text(encoding="utf-8")
        body = seed.split("Minutes:\n\n", 1)[1].split("\n\nSupporting documents:", 1)[0]
        tidy = "\n\n".join(p for p in body.split("\n\n") if p.strip(" \u00a0\n"))
        print("Entering the seed item (the browser test types it):")
        print(f"  editor: 1 page load, 1 field, 1 save; {len(body) + 2} keystrokes as published (the seed's own")
        print(
            f"          characters, blank-line spacers included, then Tab and Enter), {len(tidy) + 2} without spacers"
        )
        print("  admin inlines today (issue 13's count): 6 page loads, 38 fields, 20 clicks, about 3,500 keystrokes")


if __name__ == "__main__":
    main()
