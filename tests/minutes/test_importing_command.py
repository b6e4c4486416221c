"""`manage.py import_minutes`: a summary per file, all or nothing per file, drafts only, clear refusals."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from minutes.models import AgendaItem, Document, Meeting, MinutePoint, Question, Resolution
from tests import records

pytestmark = pytest.mark.django_db

MEETING = records.EXAMPLES / "meeting-wealdshire-2026-03-04.txt"


def run(*args):
    out = io.StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def nothing_saved():
    return not any(m.objects.exists() for m in (Meeting, AgendaItem, MinutePoint, Question, Resolution, Document))


@pytest.fixture
def panel(db):
    return records.wealdshire_panel()


def test_summary_names_counts_and_saves_a_draft(panel):
    out = run(MEETING)
    assert "6 items, 11 points, 2 questions, 3 resolutions, 0 warnings" in out
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.DRAFT and meeting.items.count() == 6
    assert "View directions" in out  # the link a copy cannot carry is left for the clerk


def test_dry_run_saves_nothing(panel):
    out = run(MEETING, "--dry-run")
    assert "would save 6 new items" in out
    assert nothing_saved()


def test_reimport_adds_nothing(panel):
    run(MEETING)
    out = run(MEETING)
    assert "saved 0 new items" in out and "6 already saved" in out
    assert AgendaItem.objects.count() == 6 and Meeting.objects.count() == 1


def test_importing_into_a_draft_keeps_it_a_draft(panel):
    meeting = Meeting.objects.create(panel=panel, date=datetime.date(2026, 3, 4), start_time=datetime.time(10))
    run(records.SEED_PATH, "--meeting", meeting.pk)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and meeting.items.get().title == "Victim Satisfaction Update"


def test_a_published_meeting_is_not_changed(panel):
    meeting = Meeting.objects.create(panel=panel, date=datetime.date(2026, 3, 4), status=Meeting.Status.APPROVED)
    with pytest.raises(CommandError, match="draft meetings only"):
        run(records.SEED_PATH, "--meeting", meeting.pk)
    assert not AgendaItem.objects.exists()


def test_failure_half_way_saves_nothing(panel, tmp_path):
    # The last item's document title is too long for the record: items and points before it are already written
    # when it fails, and must all be rolled back with the meeting.
    text = MEETING.read_text(encoding="utf-8") + (
        "\n\n63.\n\nAny Other Business\n\nAdditional documents:\n\n" + "Appendix " * 70 + "PDF 12 KB\n\nMinutes:\n\n"
        "1.    None.\n"
    )
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="title"):
        run(path)
    assert nothing_saved()


def test_one_bad_file_among_many(panel, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 files not imported"):
        call_command("import_minutes", str(MEETING), str(bad), stdout=out, stderr=out)
    assert f"[1/2] {MEETING}: 6 items" in out.getvalue()
    assert f"[2/2] {bad}: not imported" in out.getvalue()
    assert AgendaItem.objects.count() == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b" \n\xc2\xa0\n\n", "empty"),
        (b"%PDF-1.7\n\x00\x01binary", "a PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word document"),
        (bytes(range(256)) * 4, "binary"),
        ("Agenda item\n\nBudget\n\nMinutes:\n\n1.\tThe Chief Constable\u2019s report.\n".encode("cp1252"), "cp1252"),
        (b"Just some words with no layout at all.\n", "no recognisable structure"),
    ],
)
def test_bad_input_is_a_clear_error(panel, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message) as raised:
        run(path, "--panel", panel.slug)
    assert "Traceback" not in str(raised.value)
    assert nothing_saved() or not AgendaItem.objects.exists()


def test_too_large_a_file_is_refused_before_reading(panel, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(5 * 1024 * 1024 + 1)
    with pytest.raises(CommandError, match="larger than 5 MB"):
        run(path)


def test_cp1252_is_read_when_named(panel, tmp_path):
    meeting = Meeting.objects.create(panel=panel, date=datetime.date(2026, 3, 4))
    path = tmp_path / "word.txt"
    path.write_bytes("Agenda item\n\nBudget\n\nMinutes:\n\n1.\tThe Chief Constable\u2019s report.\n".encode("cp1252"))
    run(path, "--meeting", meeting.pk, "--encoding", "cp1252")
    assert MinutePoint.objects.get().text == "The Chief Constable\u2019s report."


def test_a_byte_order_mark_is_dropped(panel, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + MEETING.read_bytes())
    run(path)
    assert Meeting.objects.get().items.count() == 6


def test_an_item_page_needs_a_meeting(panel):
    with pytest.raises(CommandError, match="--meeting"):
        run(records.SEED_PATH, "--panel", panel.slug)
    assert nothing_saved()


def test_unknown_panel_and_meeting(panel):
    with pytest.raises(CommandError, match="no panel with the slug"):
        run(MEETING, "--panel", "nope")
    with pytest.raises(CommandError, match="no meeting 999"):
        run(MEETING, "--meeting", 999)
    Meeting.objects.all().delete()
    panel.delete()
    with pytest.raises(CommandError, match="no panel named 'Wealdshire Police and Crime Panel'"):
        run(MEETING)


@pytest.mark.django_db(transaction=True)
def test_the_same_text_imported_twice_at_once_is_saved_once(monkeypatch):
    """Two clerks import the same item into one meeting at the same moment, in two real transactions: the meeting
    must be locked while the import compares the text with what is saved, or both find nothing and both add it."""
    from minutes.importer import save as import_save
    from minutes.importer.reader import parse_minutes

    from .races import Race

    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-03-04", status="draft")
    text = (records.EXAMPLES / "item-questions-to-commissioner.txt").read_text(encoding="utf-8")

    race = Race()
    monkeypatch.setattr(import_save, "match_item", race.checkpoint(import_save.match_item))
    first, second = race.run(
        lambda: import_save.save_minutes(parse_minutes(text), meeting=meeting),
        lambda: import_save.save_minutes(parse_minutes(text), meeting=meeting),
    )

    assert first[0] == "ok" and len(first[1].created_items) == 1
    assert second[0] == "ok", second[1]
    assert second[1].created_items == [] and len(second[1].unchanged) == 1
    assert meeting.items.count() == 1
    assert race.second_waited  # and it was the lock that made it wait
