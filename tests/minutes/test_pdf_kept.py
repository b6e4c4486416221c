"""Printed minutes of public meetings are kept in the media storage, which every app server and the task worker
share (minutes/output/pdf.py): a rendering made by the worker, or by another process whose cache this one cannot
see, is served without a second render. Only the current version of the record is kept; a preview is never written
out; withdrawal and deletion remove a meeting's; a failing storage costs a render, never the reader's request."""

import logging

import pytest
from django.core.cache import cache

from minutes.models import Meeting
from minutes.output import pdf
from minutes.record import workflow
from tests import records

pytestmark = pytest.mark.django_db


def kept_files(media_root, meeting):
    folder = media_root / "printed" / str(meeting.pk)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class CountedRenders:
    def __init__(self, monkeypatch):
        self.count = 0
        real = pdf.write_pdf

        def counted(html):
            self.count += 1
            return real(html)

        monkeypatch.setattr(pdf, "write_pdf", counted)


def test_a_rendering_is_kept_and_served_to_a_process_that_never_saw_it(client, media_root, monkeypatch):
    item = records.build_seed()
    meeting = item.meeting
    renders = CountedRenders(monkeypatch)
    first = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert first.status_code == 200 and renders.count == 1
    (name,) = kept_files(media_root, meeting)
    assert name.endswith("-approved-meeting.pdf")
    cache.clear()  # another process: its own, empty cache
    second = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert second.status_code == 200 and second.content == first.content
    assert renders.count == 1


def test_the_worker_renders_and_the_first_reader_does_not(client, media_root, monkeypatch, django_user_model):
    from minutes.tasks import render_printed_minutes

    item = records.build_seed(status=Meeting.Status.AGENDA)
    meeting = item.meeting
    clerk = django_user_model.objects.create_superuser("clerk")
    workflow.apply(meeting, "publish_minutes", clerk)
    render_printed_minutes.call(meeting.pk)  # what the worker runs once the publication commits
    assert len(kept_files(media_root, meeting)) == 2  # the meeting's and its one item's
    cache.clear()  # the worker's cache is not the web server's

    def no_render(html):
        raise AssertionError("a reader waited for a render")

    monkeypatch.setattr(pdf, "write_pdf", no_render)
    for url in (f"/meetings/{meeting.pk}/minutes.pdf", f"/items/{item.pk}/minutes.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_a_change_replaces_the_kept_rendering(client, media_root):
    item = records.build_seed()
    meeting = item.meeting
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    (before,) = kept_files(media_root, meeting)
    point = item.points.order_by("position").first()
    point.text = "Zq corrected wording."
    point.save()
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    (after,) = kept_files(media_root, meeting)
    assert after != before


def test_a_preview_is_never_kept(staff_client, media_root):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    response = staff_client.get(f"/meetings/{item.meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    assert kept_files(media_root, item.meeting) == []


def test_withdrawal_and_deletion_remove_the_kept_renderings(
    client, media_root, django_user_model, django_capture_on_commit_callbacks
):
    clerk = django_user_model.objects.create_superuser("clerk")
    withdrawn = records.build_seed()
    client.get(f"/meetings/{withdrawn.meeting.pk}/minutes.pdf")
    assert kept_files(media_root, withdrawn.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(withdrawn.meeting, "withdraw", clerk, reason="Published in error.")
    assert kept_files(media_root, withdrawn.meeting) == []

    deleted = records.build_seed()
    meeting = deleted.meeting
    client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert kept_files(media_root, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        Meeting.objects.get(pk=meeting.pk).delete()
    assert kept_files(media_root, meeting) == []


def test_a_failing_storage_still_serves_the_pdf(client, monkeypatch, caplog):
    item = records.build_seed()

    def broken(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr(pdf.default_storage, "exists", broken)
    with caplog.at_level(logging.ERROR, logger="minutes.pdf"):
        response = client.get(f"/meetings/{item.meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "Could not read the kept printed minutes" in caplog.text
    assert "Could not keep the printed minutes" in caplog.text


def test_serving_a_rendered_item_pdf_reads_only_the_item(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = records.build_seed()
    assert client.get(f"/items/{item.pk}/minutes.pdf").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/items/{item.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) == 1, sql
    assert "minutes_minutepoint" not in sql[0] and "search_vector" not in sql[0]
