from django.db import models
from django.db.models import Q
from django.urls import reverse

from minutes.models import AgendaItem, Meeting
from panels.models import Panel, Person


class Subscription(models.Model):
    """A confirmed wish to be told about one thing. The address is kept for this alone, never shown on any page, and
    deleted with the subscription; an address that has not confirmed is never stored (the confirmation link carries
    the request, signed)."""

    class Kind(models.TextChoices):
        PANEL = "panel", "A panel"
        MEMBER = "member", "A member"
        SEARCH = "search", "A search"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as it is published"
        DAILY = "daily", "One email a day"
        WEEKLY = "weekly", "One email a week"

    email = models.EmailField()
    kind = models.CharField(max_length=10, choices=Kind)
    panel = models.ForeignKey(
        Panel,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Panel, or a search's panel.",
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=200, blank=True, help_text="A saved search's words, as /search/ reads them.")
    on_agenda = models.BooleanField(default=True, help_text="A panel's agenda is published.")
    on_minutes = models.BooleanField(default=True, help_text="A panel's minutes are published.")
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.IMMEDIATE)
    confirmed_at = models.DateTimeField(help_text="Only what is published after this is alerted.")
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="panel", panel__isnull=False)
                | Q(kind="member", person__isnull=False)
                | (Q(kind="search") & (~Q(query="") | Q(panel__isnull=False))),
                name="subscription_names_its_subject",
            ),
            # Confirming the same link twice keeps one subscription.
            models.UniqueConstraint(
                fields=["email", "panel"], condition=Q(kind="panel"), name="subscription_panel_once"
            ),
            models.UniqueConstraint(
                fields=["email", "person"], condition=Q(kind="member"), name="subscription_member_once"
            ),
        ]
        indexes = [
            # The fan-out reads a panel's (or a member's) subscribers when a meeting is published.
            models.Index(fields=["kind", "panel"], name="subscription_kind_panel"),
            models.Index(fields=["kind", "person"], name="subscription_kind_person"),
            # The manage page lists one address's subscriptions.
            models.Index(fields=["email"], name="subscription_email"),
        ]

    def __str__(self):
        return self.subject

    @property
    def subject(self):
        if self.kind == self.Kind.PANEL:
            return self.panel.name
        if self.kind == self.Kind.MEMBER:
            return self.person.display_name
        where = f" in {self.panel.name}" if self.panel_id else ""
        return f"“{self.query}”{where}" if self.query else f"new items{where}"

    def search_url(self):
        from urllib.parse import urlencode

        params = {k: v for k, v in (("q", self.query), ("panel", self.panel.slug if self.panel_id else "")) if v}
        return f"{reverse('search' if self.query else 'item-list')}?{urlencode(params)}"


class Alert(models.Model):
    """One thing to tell one subscriber, pending until it is mailed; kept afterwards so nothing is told twice."""

    class Event(models.TextChoices):
        AGENDA = "agenda", "Agenda published"
        MINUTES = "minutes", "Minutes published"
        NAMED = "named", "Named in the minutes"
        SEARCH = "search", "Matches a saved search"

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=10, choices=Event)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A saved search tells of an item once, whatever is published about it later.
            models.UniqueConstraint(
                fields=["subscription", "item"], condition=Q(item__isnull=False), name="alert_item_once"
            ),
            models.UniqueConstraint(
                fields=["subscription", "meeting", "event"], condition=Q(item__isnull=True), name="alert_meeting_once"
            ),
        ]
        indexes = [
            # Delivery reads the pending alerts of one frequency.
            models.Index(fields=["subscription"], condition=Q(sent_at__isnull=True), name="alert_pending"),
        ]

    def __str__(self):
        return f"{self.get_event_display()}: {self.meeting_id}/{self.item_id or '-'}"
