"""The worker: publishing enqueues the printed minutes, so the first reader's PDF comes from the cache; a failing task
is retried with backoff, then recorded as failed, and the admin shows it. The real `db_worker` command runs here."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minutes.models import Meeting
from minutes.output import pdf
from minutes.record import workflow
from minutes.tasks import render_printed_minutes
from tests.alerts.conftest import make_meeting, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
RENDER = "minutes.tasks.render_printed_minutes"


def test_publishing_renders_the_printed_minutes_before_any_reader(client, publisher, monkeypatch):
    meeting = make_meeting(Meeting.Status.AGENDA, ("Budget", ["The budget was agreed."]))
    workflow.apply(meeting, "publish_minutes", publisher)
    queued = DBTaskResult.objects.get(task_path=RENDER)
    assert queued.status == "READY" and queued.args_kwargs["args"] == [meeting.pk]

    run_worker()
    assert DBTaskResult.objects.get(task_path=RENDER).status == "SUCCESSFUL"

    def no_rendering(*args):
        raise AssertionError("a reader waited for a cold PDF")

    monkeypatch.setattr(pdf, "render_meeting_pdf", no_rendering)
    monkeypatch.setattr(pdf, "render_item_pdf", no_rendering)
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    item = meeting.items.get()
    assert client.get(f"/items/{item.pk}/minutes.pdf").content.startswith(b"%PDF")


def test_publishing_an_agenda_renders_no_minutes(publisher):
    meeting = make_meeting(Meeting.Status.DRAFT, ("Budget", ["Agreed."]))
    workflow.apply(meeting, "publish_agenda", publisher)
    assert not DBTaskResult.objects.filter(task_path=RENDER).exists()


def test_failing_task_is_retried_with_backoff_then_recorded_failed(admin_client, settings, monkeypatch):
    meeting = make_meeting(Meeting.Status.DRAFT_MINUTES, ("Budget", ["Agreed."]))

    def broken(meeting):
        raise RuntimeError("the renderer is out of order")

    monkeypatch.setattr(pdf, "meeting_pdf_bytes", broken)
    settings.TASK_ATTEMPTS, settings.TASK_RETRY_SECONDS = 3, 60
    before = timezone.now()
    render_printed_minutes.enqueue(meeting.pk)
    run_worker()
    first, retry = DBTaskResult.objects.filter(task_path=RENDER).order_by("enqueued_at")
    assert first.status == "FAILED" and "the renderer is out of order" in first.traceback
    # The next attempt waits (60 s here, then 120 s): the worker leaves it for later.
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= before + datetime.timedelta(seconds=60)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    third = DBTaskResult.objects.filter(task_path=RENDER).order_by("enqueued_at").last()
    assert third.args_kwargs["kwargs"] == {"attempt": 3}
    assert third.run_after >= timezone.now() + datetime.timedelta(seconds=110)
    DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
    run_worker()
    results = DBTaskResult.objects.filter(task_path=RENDER)
    assert [r.status for r in results.order_by("enqueued_at")] == ["FAILED", "FAILED", "FAILED"]
    assert results.count() == settings.TASK_ATTEMPTS  # the last failure enqueued nothing more

    changelist = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert changelist.status_code == 200 and changelist.content.count(b"render_printed_minutes") >= 3
    detail = admin_client.get(f"/admin/django_tasks_database/dbtaskresult/{third.pk}/change/")
    assert b"the renderer is out of order" in detail.content


def test_a_queue_that_cannot_be_reached_does_not_undo_the_publication(publisher, monkeypatch):
    from django.tasks.base import Task

    def down(self, *args, **kwargs):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(Task, "enqueue", down)
    meeting = make_meeting(Meeting.Status.AGENDA, ("Budget", ["Agreed."]))
    workflow.apply(meeting, "publish_minutes", publisher)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT_MINUTES
