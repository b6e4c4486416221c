"""Keep derived state exact: any change to a meeting's record moves its `changed_at` (the key of cached PDFs and
pages), rebuilds the search document of the item concerned and stores the meeting's public pages again (render on
write, minutes/output/pages.py).

The saves only note what changed; the derived state is rebuilt when the transaction commits (`on_commit`), once per
meeting and item however many rows changed, so an item saved with 20 points rebuilds its search document once, not
20 times. A transaction that rolls back (an import preview, a refused save) rebuilds nothing.
"""

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from panels.models import Panel, Person

from ..models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from ..search import refresh_search_document

ITEM_CONTENT = (MinutePoint, Question, Resolution, Document)
# Content that is part of an item's search document (documents and attendance only move the meeting's stamp).
SEARCHED_CONTENT = (MinutePoint, Question, Resolution)


class Pending:
    """What one transaction changed: the meetings whose stamp must move, the items whose search document must be
    rebuilt, and the meetings whose stored pages must be rendered again (every meeting whose stamp moved, and those
    whose stamp their own save moved). One per connection (so per thread); a fresh one starts after each run."""

    def __init__(self, using):
        self.using = using
        self.meetings, self.items, self.item_meetings, self.rerender = set(), set(), set(), set()
        self.done = False

    def run(self):
        from ..output.pages import store_pages_safely

        if self.done:
            return
        self.done = True
        if not (self.meetings or self.items or self.item_meetings or self.rerender):
            return
        if self.meetings or self.item_meetings:
            of_items = AgendaItem.objects.using(self.using).filter(pk__in=self.item_meetings).values("meeting_id")
            Meeting.objects.using(self.using).filter(Q(pk__in=self.meetings) | Q(pk__in=of_items)).update(
                changed_at=timezone.now()
            )
        for item_id in sorted(self.items):
            refresh_search_document(item_id)
        store_pages_safely(self.meetings | self.rerender, self.item_meetings)


def pending(using):
    connection = connections[using]
    batch = getattr(connection, "minutes_pending", None)
    if batch is None or batch.done:
        batch = connection.minutes_pending = Pending(using)
    return batch


def discard_pending(using):
    """Drop what the current transaction has noted so far, for a caller that puts the derived data back itself (a
    restore loads each meeting's stamp as backed up and rebuilds every search document). What is noted after this
    starts a new batch, rebuilt on commit as usual."""
    batch = getattr(connections[using], "minutes_pending", None)
    if batch is not None:
        batch.done = True


def note_change(using, *, meetings=(), items=(), meetings_of_items=(), rerender=()):
    """Note what a saved or deleted row changed; `meetings_of_items` are items whose meeting's stamp must move (the
    meeting is looked up when the work runs); `rerender` are meetings whose stamp already moved (their own save did
    it) and whose pages must be stored again."""
    batch = pending(using)
    batch.meetings.update(pk for pk in meetings if pk)
    batch.items.update(pk for pk in items if pk)
    batch.item_meetings.update(pk for pk in meetings_of_items if pk)
    batch.rerender.update(pk for pk in rerender if pk)
    # One callback per row, not per transaction: after a rollback the earlier callback is gone, and the batch (still
    # not run) must be queued again. Every callback after the first that runs finds the batch done.
    transaction.on_commit(batch.run, using=using)


# The parent whose pages show a record. A record moved to another parent leaves the old one changed too.
PARENT = {
    AgendaItem: "meeting_id",
    MinutePoint: "item_id",
    Question: "item_id",
    Resolution: "item_id",
    Document: "item_id",
    Attendance: "meeting_id",
    Declaration: "meeting_id",
}


def remember_loaded_parent(sender, instance, **kwargs):
    # The parent as loaded (or as constructed), so a save can tell a move without reading the row again. A deferred
    # parent leaves it unknown (no attribute).
    if PARENT[sender] in instance.__dict__:
        instance._saved_parent = instance.__dict__[PARENT[sender]]


def remember_parent(sender, instance, raw=False, **kwargs):
    """Read the stored parent only when the instance cannot tell it: constructed with the pk of an existing row, or
    loaded without its parent. The admin never moves a record, and the rows it loads say where they were."""
    if raw or instance.pk is None:
        return
    if instance._state.adding or not hasattr(instance, "_saved_parent"):
        stored = list(sender.objects.filter(pk=instance.pk).values_list(PARENT[sender], flat=True)[:1])
        if stored:
            instance._saved_parent = stored[0]
        else:
            instance.__dict__.pop("_saved_parent", None)


def moved_from(instance, created):
    """The parent a saved record left, if it moved; from now on the instance's parent is the saved one."""
    previous = None if created else instance.__dict__.get("_saved_parent")
    current = instance._saved_parent = getattr(instance, PARENT[type(instance)])
    return previous if previous and previous != current else None


@receiver(pre_save, sender=Meeting)
def remember_minutes_public(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    status = Meeting.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._minutes_were_public = status in Meeting.MINUTES_STATES


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance, using, raw=False, created=False, **kwargs):
    if raw:
        return
    # Meeting.save() moved the stamp: the stored pages follow.
    note_change(using, rerender=[instance.pk])
    # The search documents hold only what the public may read: publishing (or withdrawing) the minutes changes that.
    if created or getattr(instance, "_minutes_were_public", None) == instance.minutes_public:
        return
    items = AgendaItem.objects.using(using).filter(meeting=instance).values_list("pk", flat=True)
    note_change(using, items=list(items))


@receiver(post_delete, sender=Meeting)
def meeting_deleted(sender, instance, using, **kwargs):
    # Its kept printed minutes go with it, once the deletion has committed.
    from ..output.pdf import forget_printed

    meeting_id = instance.pk  # the instance loses its pk once deleted
    transaction.on_commit(lambda: forget_printed(meeting_id), using=using, robust=True)


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
def item_changed(sender, instance, using, **kwargs):
    if kwargs.get("raw"):
        # Loading a backup: the record arrives with its own stamp, and restore rebuilds the search documents.
        return
    if kwargs.get("signal") is not post_save:
        note_change(using, meetings=[instance.meeting_id])
        return
    old_meeting = moved_from(instance, kwargs["created"])
    if old_meeting:
        # Its papers go with it, and with it under the new meeting's visibility: part of the record, so now.
        Document.objects.using(using).filter(item=instance).update(meeting_id=instance.meeting_id)
    note_change(using, meetings=[instance.meeting_id, old_meeting], items=[instance.pk])


def content_changed(sender, instance, using, **kwargs):
    if kwargs.get("raw"):
        return
    item_id = getattr(instance, "item_id", None)
    meeting_id = getattr(instance, "meeting_id", None)
    searched = [item_id] if sender in SEARCHED_CONTENT else []
    previous = moved_from(instance, kwargs["created"]) if kwargs.get("signal") is post_save else None
    if previous and PARENT[sender] == "item_id":
        note_change(
            using,
            meetings=[meeting_id],
            items=[*searched, previous] if sender in SEARCHED_CONTENT else [],
            meetings_of_items=[item_id, previous],
        )
    else:
        note_change(using, meetings=[meeting_id, previous], items=searched, meetings_of_items=[item_id])


for model in PARENT:
    post_init.connect(remember_loaded_parent, sender=model, dispatch_uid=f"loaded-parent-{model.__name__}")
    pre_save.connect(remember_parent, sender=model, dispatch_uid=f"parent-{model.__name__}")


for model in (*ITEM_CONTENT, Attendance, Declaration):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"changed-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"deleted-{model.__name__}")


def restamp(meetings):
    """Move the stamps of these meetings now, and store their pages again once the change commits."""
    ids = set(meetings.values_list("pk", flat=True))
    if ids:
        Meeting.objects.filter(pk__in=ids).update(changed_at=timezone.now())
        note_change(meetings.db, rerender=ids)


@receiver(post_save, sender=Panel)
def panel_changed(sender, instance, raw=False, **kwargs):
    # Meeting and item pages print the panel's name: their cached renderings must go.
    if not raw:
        restamp(Meeting.objects.filter(Q(panel=instance) | Q(panel__parent=instance)))


@receiver(post_save, sender=Person)
def person_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        restamp(
            Meeting.objects.filter(
                Q(attendance__person=instance)
                | Q(attendance__substitute_for=instance)
                | Q(declarations__people=instance)
            )
        )


@receiver(m2m_changed, sender=Declaration.people.through)
def declaration_people_changed(sender, instance, using, **kwargs):
    if isinstance(instance, Declaration):
        note_change(using, meetings=[instance.meeting_id])


@receiver(pre_create_historical_record)
def mark_redaction(sender, instance, history_instance, **kwargs):
    # The admin sets _redaction on every record a redacting save changes (minutes/record/admin.py).
    if hasattr(history_instance, "is_redaction"):
        history_instance.is_redaction = bool(getattr(instance, "_redaction", False))


# The corrections list names each correction's author by initials, read from the user at render time: a rename must
# move the stamp of the approved meetings whose history the user wrote, or their cached pages would show the old one.
User = get_user_model()
NAME_FIELDS = {"first_name", "last_name"}


@receiver(pre_save, sender=User)
def remember_names(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    instance._previous_names = sender.objects.filter(pk=instance.pk).values_list("first_name", "last_name").first()


@receiver(post_save, sender=User)
def user_renamed(sender, instance, raw=False, **kwargs):
    previous = getattr(instance, "_previous_names", None)
    if raw or previous is None or previous == (instance.first_name, instance.last_name):
        return
    meetings = set(Meeting.history.filter(history_user=instance).values_list("id", flat=True))
    meetings |= set(AgendaItem.history.filter(history_user=instance).values_list("meeting_id", flat=True))
    for model in (MinutePoint, Question, Resolution):
        items = model.history.filter(history_user=instance).values("item_id")
        meetings |= set(AgendaItem.objects.filter(pk__in=items).values_list("meeting_id", flat=True))
    restamp(Meeting.objects.filter(pk__in=meetings, status=Meeting.Status.APPROVED))
