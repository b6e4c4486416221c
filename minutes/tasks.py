"""Background work, run by Django's tasks framework (`manage.py db_worker`; see settings.TASKS).

Publishing a meeting enqueues, once its transaction commits, the rendering of its printed minutes (so no reader waits
for a cold PDF) and the alerts it sets off. Every task reads the record afresh through the public rule when it runs:
a meeting withdrawn between the enqueue and the run is neither printed nor announced.

A task that raises is tried again later (`retrying`), each wait twice the one before; each failed attempt stays in the
task results (the admin's "DB task results") with its traceback, and after the last one the task is left failed.
"""

import datetime
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger("minutes.alerts")


def retrying(func):
    """`func` as a task that, when it raises, enqueues itself again with a growing delay, up to TASK_ATTEMPTS."""

    @functools.wraps(func)
    def run(*args, attempt=1, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            if attempt >= settings.TASK_ATTEMPTS:
                logger.exception("Task %s failed on its last attempt (%s): giving up", run_task.name, attempt)
                raise
            delay = settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1)
            logger.warning("Task %s failed on attempt %s; trying again in %s s", run_task.name, attempt, delay)
            again = run_task
            if again.get_backend().supports_defer:
                again = again.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
            again.enqueue(*args, attempt=attempt + 1, **kwargs)
            raise

    run_task = task(run)
    return run_task


@retrying
def render_printed_minutes(meeting_id):
    """Render the meeting's printed minutes, and each item's, into the cache the PDF views read."""
    from .models import Meeting
    from .output import pdf

    meeting = Meeting.objects.with_public_minutes().for_meeting_page().filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    pdf.meeting_pdf_bytes(meeting)
    for item in meeting.ordered_items:
        item.meeting = meeting
        pdf.item_pdf_bytes(item)
    return 1 + len(meeting.ordered_items)


@retrying
def store_meeting_pages(meeting_ids, item_ids=()):
    """Render and store the public pages of these meetings (render on write, minutes/output/pages.py), for a change
    that moved many meetings' stamps at once; their pages are rendered live until this has run."""
    from .output.pages import store_pages

    return store_pages(meeting_ids, item_ids)


def enqueue_safely(a_task, *args):
    """Enqueue, logging rather than raising: a queue that cannot be reached must not undo or fail a publication."""
    try:
        a_task.enqueue(*args)
    except Exception:
        logger.exception("Could not enqueue %s%r", a_task.name, args)


def after_transition(meeting_id, transition_name):
    """What a workflow transition sets off, enqueued once the transition's transaction has committed."""
    from .alerts.tasks import announce_publication
    from .models import Meeting

    if transition_name in ("publish_minutes", "approve_minutes"):
        enqueue_safely(render_printed_minutes, meeting_id)
    if transition_name == "withdraw":
        from .output.pdf import forget_printed

        forget_printed(meeting_id)
    if transition_name in ("publish_agenda", "publish_minutes"):
        event = "agenda" if transition_name == "publish_agenda" else "minutes"
        # The moment the text became public: alerts go only to subscriptions confirmed before it.
        stamp = Meeting.objects.filter(pk=meeting_id).values_list("status_changed_at", flat=True).first()
        enqueue_safely(announce_publication, meeting_id, event, (stamp or timezone.now()).isoformat())


def on_transition(meeting_id, transition_name):
    transaction.on_commit(functools.partial(after_transition, meeting_id, transition_name), robust=True)
