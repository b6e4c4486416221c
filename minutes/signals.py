"""Keep derived state exact: any change to a meeting's record moves its `changed_at` (the key of cached PDFs and
pages) and rebuilds the search document of the item concerned."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from panels.models import Panel, Person

from .models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from .search import refresh_search_document

ITEM_CONTENT = (MinutePoint, Question, Resolution, Document)


def touch_meeting(meeting_id):
    if meeting_id:
        Meeting.objects.filter(pk=meeting_id).update(changed_at=timezone.now())


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


def remember_parent(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._previous_parent = sender.objects.filter(pk=instance.pk).values_list(PARENT[sender], flat=True).first()


def moved_from(instance):
    previous = getattr(instance, "_previous_parent", None)
    return previous if previous and previous != getattr(instance, PARENT[type(instance)]) else None


@receiver(pre_save, sender=Meeting)
def remember_minutes_public(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    status = Meeting.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._minutes_were_public = status in Meeting.MINUTES_STATES


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance, raw=False, created=False, **kwargs):
    # The search documents hold only what the public may read: publishing (or withdrawing) the minutes changes that.
    if raw or created or getattr(instance, "_minutes_were_public", None) == instance.minutes_public:
        return
    for item_id in AgendaItem.objects.filter(meeting=instance).values_list("pk", flat=True):
        refresh_search_document(item_id)


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
def item_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        # Loading a backup: the record arrives with its own stamp, and restore rebuilds the search documents.
        return
    touch_meeting(instance.meeting_id)
    if kwargs.get("signal") is post_save:
        old_meeting = moved_from(instance)
        if old_meeting:
            touch_meeting(old_meeting)
            # Its papers go with it, and with it under the new meeting's visibility.
            Document.objects.filter(item=instance).update(meeting_id=instance.meeting_id)
        refresh_search_document(instance.pk)


def content_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    item_id = getattr(instance, "item_id", None)
    meeting_id = getattr(instance, "meeting_id", None)
    if item_id and not meeting_id:
        meeting_id = AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()
    touch_meeting(meeting_id)
    if item_id and sender in (MinutePoint, Question, Resolution):
        refresh_search_document(item_id)
    previous = moved_from(instance) if kwargs.get("signal") is post_save else None
    if previous and PARENT[sender] == "item_id":
        touch_meeting(AgendaItem.objects.filter(pk=previous).values_list("meeting_id", flat=True).first())
        refresh_search_document(previous)
    elif previous:
        touch_meeting(previous)


for model in PARENT:
    pre_save.connect(remember_parent, sender=model, dispatch_uid=f"parent-{model.__name__}")


for model in (*ITEM_CONTENT, Attendance, Declaration):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"changed-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"deleted-{model.__name__}")


@receiver(post_save, sender=Panel)
def panel_changed(sender, instance, raw=False, **kwargs):
    # Meeting and item pages print the panel's name: their cached renderings must go.
    if not raw:
        Meeting.objects.filter(Q(panel=instance) | Q(panel__parent=instance)).update(changed_at=timezone.now())


@receiver(post_save, sender=Person)
def person_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Meeting.objects.filter(
            Q(attendance__person=instance) | Q(attendance__substitute_for=instance) | Q(declarations__people=instance)
        ).update(changed_at=timezone.now())


@receiver(m2m_changed, sender=Declaration.people.through)
def declaration_people_changed(sender, instance, **kwargs):
    if isinstance(instance, Declaration):
        touch_meeting(instance.meeting_id)


@receiver(pre_create_historical_record)
def mark_redaction(sender, instance, history_instance, **kwargs):
    # The admin sets _redaction on every record a redacting save changes (minutes/admin_workflow.py).
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
    Meeting.objects.filter(pk__in=meetings, status=Meeting.Status.APPROVED).update(changed_at=timezone.now())
