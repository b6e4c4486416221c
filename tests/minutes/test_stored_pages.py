"""Render on write (minutes/output/pages.py): public meeting and item pages assemble from parts stored when the record
changed. A stored page is byte for byte the live one, is served only while its stamp is the meeting's, follows every
kind of change, holds only public text, and a failure to store it costs speed, never correctness."""

import logging
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Meeting, MinutePoint, RenderedItem, RenderedMeeting
from minutes.output import pages
from tests import records

pytestmark = pytest.mark.django_db


def page_bytes(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def all_public_urls():
    meetings = [f"/meetings/{pk}/" for pk in Meeting.objects.public().values_list("pk", flat=True)]
    items = [f"/items/{pk}/" for pk in AgendaItem.objects.public().values_list("pk", flat=True)]
    return meetings + items


def is_fresh(meeting):
    meeting.refresh_from_db()
    rendered = RenderedMeeting.objects.filter(meeting=meeting).first()
    item_stamps = set(RenderedItem.objects.filter(item__meeting=meeting).values_list("stamp", flat=True))
    return rendered is not None and rendered.stamp == meeting.changed_at and item_stamps <= {meeting.changed_at}


def live_only(monkeypatch):
    """Make every stored part unreadable, so the views render live."""
    monkeypatch.setattr(pages, "stored_meeting", lambda pk: None)
    monkeypatch.setattr(pages, "stored_item", lambda pk: None)


@pytest.mark.parametrize("archive", ["test data", "demo"])
def test_every_stored_page_is_the_live_page_byte_for_byte(client, monkeypatch, archive):
    if archive == "demo":
        call_command("loaddata", "fixtures/demo.json", verbosity=0)
        # Loaded raw, past the signals: nothing is stored until store_pages runs, and the pages are live meanwhile.
        assert pages.stale_meetings().exists()
        call_command("store_pages", verbosity=0)
    else:
        records.build_all()
    urls = all_public_urls()
    assert len(urls) >= 6
    assert not pages.stale_meetings().exists()
    stored = {url: page_bytes(client, url) for url in urls}
    with monkeypatch.context() as patched:
        live_only(patched)
        live = {url: page_bytes(client, url) for url in urls}
    assert stored == live


def test_stored_parts_are_what_is_served(client):
    """The stored path is really taken: a (deliberately) altered stored part shows while its stamp is current."""
    seed = records.build_seed()
    meeting = seed.meeting
    assert is_fresh(meeting)
    RenderedItem.objects.filter(item=seed).update(page="<p>Zq stored article</p>", meeting_section="<p>Zq section</p>")
    assert "Zq stored article" in client.get(f"/items/{seed.pk}/").content.decode()
    assert "Zq section" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_a_part_from_another_stamp_is_never_served(client):
    seed = records.build_seed()
    meeting = seed.meeting
    RenderedItem.objects.filter(item=seed).update(
        page="<p>Zq stale</p>", meeting_section="<p>Zq stale</p>", stamp=meeting.changed_at.replace(year=2001)
    )
    assert "Zq stale" not in client.get(f"/items/{seed.pk}/").content.decode()
    assert "Zq stale" not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    # A missing part is the same: the page is rendered live.
    RenderedItem.objects.filter(item=seed).delete()
    assert "Victim Satisfaction Update" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Victim Satisfaction Update" in client.get(f"/items/{seed.pk}/").content.decode()


def test_each_kind_of_change_stores_the_pages_again(client):
    seed = records.build_seed()
    meeting = seed.meeting
    url = f"/items/{seed.pk}/"

    point = seed.points.order_by("position").first()
    point.text = "Zq amended point."
    point.save()
    assert is_fresh(meeting) and "Zq amended point." in client.get(url).content.decode()

    seed.title = "Zq renamed item"
    seed.save()
    assert is_fresh(meeting) and "Zq renamed item" in client.get(f"/meetings/{meeting.pk}/").content.decode()

    meeting.venue = "Zq Hall"
    meeting.save()
    assert is_fresh(meeting) and "Zq Hall" in client.get(f"/meetings/{meeting.pk}/").content.decode()

    # A bulk update through the stamping querysets.
    MinutePoint.objects.filter(item=seed).update(text="Zq bulk text.")
    assert is_fresh(meeting) and "Zq bulk text." in client.get(url).content.decode()

    # A panel renamed: few meetings, so stored at once.
    panel = meeting.panel
    panel.name = "Zq Renamed Panel"
    panel.save()
    assert is_fresh(meeting) and "Zq Renamed Panel" in client.get(url).content.decode()

    # An item added, then deleted: the sibling links and the meeting page follow.
    extra = AgendaItem.objects.create(meeting=meeting, position=99, title="Zq late item")
    assert is_fresh(meeting) and "Zq late item" in client.get(url).content.decode()
    extra.delete()
    assert is_fresh(meeting) and "Zq late item" not in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_only_public_meetings_are_stored_and_withdrawal_removes_them(client, django_user_model):
    from minutes.record import workflow

    draft = records.build_seed(status=Meeting.Status.DRAFT)
    assert not RenderedItem.objects.filter(item=draft).exists()
    assert not RenderedMeeting.objects.filter(meeting=draft.meeting).exists()
    assert client.get(f"/items/{draft.pk}/").status_code == 404

    approved = records.build_seed()
    assert RenderedItem.objects.filter(item=approved).exists()
    clerk = django_user_model.objects.create_superuser("clerk")
    workflow.apply(approved.meeting, "withdraw", clerk, reason="Published in error.")
    assert not RenderedItem.objects.filter(item=approved).exists()
    assert not RenderedMeeting.objects.filter(meeting=approved.meeting).exists()
    assert client.get(f"/items/{approved.pk}/").status_code == 410


def test_agenda_only_meeting_stores_no_minutes(client):
    item = records.build_seed(status=Meeting.Status.AGENDA)
    stored = RenderedItem.objects.get(item=item)
    assert "The minutes of this meeting have not been published yet." in stored.page
    assert "The Commissioner began" not in stored.page + stored.meeting_section


def test_exempt_item_stores_only_its_summary(client):
    item = records.build_seed()
    item.is_exempt, item.exempt_summary = True, "Zq the panel discussed a confidential matter."
    item.description = "Zq secret description"
    item.save()
    stored = RenderedItem.objects.get(item=item)
    assert "Zq the panel discussed a confidential matter." in stored.page
    for part in (stored.page, stored.meeting_section):
        assert "Zq secret description" not in part and "The Commissioner began" not in part


def test_staff_previews_are_rendered_live(staff_client):
    item = records.build_seed()
    RenderedItem.objects.filter(item=item).update(page="<p>Zq public part</p>")
    body = staff_client.get(f"/items/{item.pk}/").content.decode()
    assert "Zq public part" not in body and "Victim Satisfaction Update" in body


def test_stored_pages_cost_two_queries(client):
    _, wealdshire, _ = records.build_all()
    item = wealdshire.items.order_by("position").first()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/items/{item.pk}/").status_code == 200
    # The page cache's stamp look-up, then the item with its stored body.
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/meetings/{wealdshire.pk}/").status_code == 200
    # The stamp, the meeting with its stored parts, the items' stored sections.
    assert len(ctx.captured_queries) == 3, [q["sql"] for q in ctx.captured_queries]


def test_a_failed_store_keeps_the_save_and_the_page_correct(client, monkeypatch, caplog):
    item = records.build_seed()

    def broken(meeting):
        raise RuntimeError("template storage is down")

    monkeypatch.setattr(pages, "store_meeting", broken)
    point = item.points.order_by("position").first()
    point.text = "Zq saved despite the failure."
    with caplog.at_level(logging.ERROR, logger="minutes.pages"):
        point.save()
    assert "Could not store the pages" in caplog.text
    assert MinutePoint.objects.get(pk=point.pk).text == "Zq saved despite the failure."
    assert not is_fresh(item.meeting)
    assert "Zq saved despite the failure." in client.get(f"/items/{item.pk}/").content.decode()


def test_a_change_to_many_meetings_is_left_to_the_worker(client):
    from django_tasks_db.models import DBTaskResult

    panel = records.wealdshire_panel()
    meetings = [
        Meeting.objects.create(panel=panel, date=f"2025-0{n}-01", status=Meeting.Status.APPROVED)
        for n in range(1, pages.INLINE_LIMIT + 3)
    ]
    for meeting in meetings:
        AgendaItem.objects.create(meeting=meeting, position=1, title="Zq item")
    assert all(is_fresh(m) for m in meetings)
    panel.name = "Zq Many Meetings Panel"
    panel.save()
    queued = DBTaskResult.objects.filter(task_path="minutes.tasks.store_meeting_pages")
    assert queued.count() == 1
    # Until the worker has run, readers get live pages with the new name.
    assert not any(is_fresh(m) for m in meetings)
    assert "Zq Many Meetings Panel" in client.get(f"/meetings/{meetings[0].pk}/").content.decode()
    pages.store_pages([m.pk for m in meetings])
    assert all(is_fresh(m) for m in meetings)


def test_store_pages_command_fills_only_what_is_stale():
    item = records.build_seed()
    assert not pages.stale_meetings().exists()
    RenderedItem.objects.filter(item=item).delete()
    assert list(pages.stale_meetings().values_list("pk", flat=True)) == [item.meeting_id]
    call_command("store_pages", verbosity=0)
    assert not pages.stale_meetings().exists()


def test_backups_leave_the_stored_pages_out(tmp_path):
    from minutes import backup

    records.build_seed()
    assert RenderedItem.objects.exists()
    archive = tmp_path / "archive.tar.gz"
    backup.backup(archive)
    import json
    import tarfile

    with tarfile.open(archive) as tar:
        data = json.loads(tar.extractfile("data.json").read())
    assert not [row for row in data if row["model"].startswith("minutes.rendered")]


@pytest.mark.django_db(transaction=True)
def test_store_pages_in_several_processes():
    panel = records.wealdshire_panel()
    meetings = [
        Meeting.objects.create(panel=panel, date=f"2024-0{n}-01", status=Meeting.Status.APPROVED) for n in range(1, 5)
    ]
    for meeting in meetings:
        AgendaItem.objects.create(meeting=meeting, position=1, title=f"Zq item of {meeting.date}")
    RenderedItem.objects.all().delete()
    RenderedMeeting.objects.all().delete()
    arguments = ["store_pages", "--jobs", "2", "--batch", "1"]  # four batches over two processes
    if connection.vendor == "postgresql":
        # In a command of its own, as it runs in production: forking this (threaded) test process is not safe.
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            env={**os.environ, "DATABASE_URL": url, "DEBUG": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "Stored the pages of 4 meetings." in result.stdout
    else:
        call_command(*arguments, verbosity=0)  # SQLite: one process, one writer
    assert all(is_fresh(m) for m in meetings)
    assert RenderedItem.objects.count() == 4


def test_store_pages_refuses_a_silly_number_of_jobs():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--jobs"):
        call_command("store_pages", "--jobs", "0")
    with pytest.raises(CommandError, match="--batch"):
        call_command("store_pages", "--batch", "0")


def test_parts_rendered_by_other_code_are_never_served(client):
    """After an upgrade that changes the templates or the renderer, the old parts are stale whatever their stamp."""
    seed = records.build_seed()
    meeting = seed.meeting
    assert RenderedItem.objects.get(item=seed).version == pages.RENDERING
    RenderedItem.objects.filter(item=seed).update(page="<p>Zq old code</p>", version="0ld")
    RenderedMeeting.objects.filter(meeting=meeting).update(head="<p>Zq old head</p>", version="0ld")
    assert "Zq old code" not in client.get(f"/items/{seed.pk}/").content.decode()
    assert "Zq old head" not in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert list(pages.stale_meetings().values_list("pk", flat=True)) == [meeting.pk]
    call_command("store_pages", verbosity=0)
    assert not pages.stale_meetings().exists()
    assert RenderedItem.objects.get(item=seed).version == pages.RENDERING


def test_the_fingerprint_follows_the_templates(tmp_path, monkeypatch):
    """The fingerprint is a digest of the rendering's sources: a different template gives a different one."""
    assert len(pages.RENDERING) == 16 and pages.rendering_fingerprint() == pages.RENDERING
    real = pages.Path.read_bytes

    def edited(path):
        data = real(path)
        return data + b"<!-- edited -->" if path.name == "_item_article.html" else data

    monkeypatch.setattr(pages.Path, "read_bytes", edited)
    assert pages.rendering_fingerprint() != pages.RENDERING
