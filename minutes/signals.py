"""Keep derived state exact: any change to a meeting's record moves its `changed_at` (the key of cached PDFs and
pages) and rebuilds the search document of the item concerned."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from panels.models import Panel, Person

from .models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from .search import refresh_search_document

ITEM_CONTENT = (MinutePoint, Question, Resolution, Document)


def touch_meeting(meeting_id):
    if meeting_id:
        Meeting.objects.filter(pk=meeting_id).update(changed_at=timezone.now())


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
def item_changed(sender, instance, **kwargs):
    touch_meeting(instance.meeting_id)
    if kwargs.get("signal") is post_save and not kwargs.get("raw"):
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
