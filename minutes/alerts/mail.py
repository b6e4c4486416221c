"""Alert mail: plain text plus simple HTML, both from templates (templates/alerts/email/), with absolute links.

Every alert and every manage-link mail carries a one-click unsubscribe (RFC 8058: `List-Unsubscribe` with an https
link and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`) and the same link in its text. What an alert says is
read here, at send time, through the public rule: a meeting withdrawn since the alert was queued is left out."""

import email.policy
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from minutes import search as fulltext
from minutes import visibility
from minutes.models import Attendance, Declaration, Question, Resolution

from . import tokens
from .models import Alert, Subscription


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(subscription=None, email=None):
    data = {"s": subscription.pk} if subscription is not None else {"e": email}
    return absolute(reverse("alerts:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, data)]))


def manage_url(email):
    return absolute(reverse("alerts:manage", args=[tokens.make(tokens.MANAGE, {"e": email})]))


class AlertMessage(EmailMultiAlternatives):
    """Headers are folded at RFC 5322's hard limit, not at 78: Python's email package would otherwise fold the long
    one-click URL of List-Unsubscribe into encoded words, which mail clients do not read as a URL."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def message(to, subject, template, context, unsubscribe=None):
    context = {**context, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, "unsubscribe": unsubscribe}
    headers = {}
    if unsubscribe:
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    mail = AlertMessage(
        subject=f"{settings.SITE_NAME}: {subject}",
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers=headers,
    )
    mail.attach_alternative(render_to_string(f"alerts/email/{template}.html", context), "text/html")
    return mail


def confirmation(request_data, subject_label):
    token = tokens.make(tokens.CONFIRM, request_data)
    context = {"subject": subject_label, "confirm_url": absolute(reverse("alerts:confirm", args=[token]))}
    return message(request_data["email"], "confirm your email alert", "confirm", context)


def manage_link(email):
    context = {"manage_url": manage_url(email)}
    return message(email, "manage your email alerts", "manage_link", context, unsubscribe_url(email=email))


@dataclass
class Entry:
    """One thing an alert tells: a heading line with its date and link, and lines under it, each with its link."""

    heading: str
    date: object
    url: str
    lines: list = field(default_factory=list)  # [(text, url)]


def meeting_entries(alerts):
    """[Entry] for a subscription's pending alerts, reading every record through the public rule now."""
    meeting_ids = {a.meeting_id for a in alerts}
    meetings = {m.pk: m for m in visibility.public_meetings().for_listing().filter(pk__in=meeting_ids)}
    item_ids = {a.item_id for a in alerts if a.item_id}
    items = {i.pk: i for i in visibility.public_items().select_related("meeting").filter(pk__in=item_ids)}
    entries = []
    for alert in sorted(alerts, key=lambda a: (a.meeting_id, a.item_id or 0)):
        meeting = meetings.get(alert.meeting_id)
        if meeting is None:
            continue
        if alert.event in (Alert.Event.MINUTES, Alert.Event.NAMED) and not meeting.minutes_public:
            continue
        if alert.event == Alert.Event.SEARCH:
            item = items.get(alert.item_id)
            if item is not None:
                entries.append(search_entry(alert.subscription, item))
        elif alert.event == Alert.Event.NAMED:
            entry = named_entry(alert.subscription.person, meeting)
            if entry.lines:
                entries.append(entry)
        else:
            entries.append(panel_entry(meeting, alert.event))
    return entries


def item_label(item):
    return f"{item.number}. {item.title}" if item.number else item.title or "Agenda item"


def panel_entry(meeting, event):
    verb = "Agenda published" if event == Alert.Event.AGENDA else meeting.status_heading
    page = meeting.get_absolute_url()
    items = visibility.public_items().filter(meeting=meeting).order_by("position").only("pk", "number", "title")
    if event == Alert.Event.AGENDA:
        lines = [(item_label(i), absolute(f"{page}#item-{i.pk}")) for i in items]
    else:
        lines = [(item_label(i), absolute(i.get_absolute_url())) for i in items]
        lines.append(("Printed minutes (PDF)", absolute(reverse("meeting-pdf", args=[meeting.pk]))))
    return Entry(f"{verb}: {meeting.title_line}", meeting.date, absolute(page), lines)


def search_entry(subscription, item):
    anchors = fulltext.find_anchors([item], subscription.query) if subscription.query else {}
    anchor = anchors.get(item.pk)
    url = item.get_absolute_url() + (f"#{anchor}" if anchor else "")
    return Entry(item_label(item), item.meeting.date, absolute(url), [(item.meeting.title_line, "")])


def named_entry(person, meeting):
    """Where the minutes of `meeting` name `person`: questions asked, attendance, declarations, recorded votes."""
    page = meeting.get_absolute_url()
    lines = []
    public_items = visibility.public_items().filter(meeting=meeting, is_exempt=False)
    for question in Question.objects.filter(item__in=public_items, asked_by=person).order_by("item__position"):
        text = question.heading or question.text[:80]
        lines.append((f"Asked a question: {text}", absolute(f"{question.item.get_absolute_url()}#{question.anchor}")))
    for row in Attendance.objects.filter(meeting=meeting, item__isnull=True, person=person):
        lines.append((row.get_kind_display(), absolute(f"{page}#attendance-heading")))
    for declaration in Declaration.objects.filter(meeting=meeting, people=person):
        lines.append((f"Declared an interest: {declaration.interest[:80]}", absolute(f"{page}#declarations-heading")))
    for resolution in Resolution.objects.filter(item__in=public_items).select_related("item"):
        if voted(person, resolution):
            link = absolute(f"{resolution.item.get_absolute_url()}#{resolution.anchor}")
            lines.append((f"Vote recorded: {resolution.wording[:80]}", link))
    return Entry(f"{person.display_name} in the minutes of {meeting.title_line}", meeting.date, absolute(page), lines)


def voted(person, resolution):
    names = {person.name, person.display_name}
    detail = resolution.vote_detail or {}
    return any(name in names for key in ("for", "against", "abstain") for name in detail.get(key, []))


def alert_mail(subscription, entries):
    context = {"subscription": subscription, "entries": entries, "manage_url": manage_url(subscription.email)}
    if subscription.kind == Subscription.Kind.SEARCH:
        context["search_url"] = absolute(subscription.search_url())
    count = len(entries)
    subject = f"{count} new for {subscription.subject}" if count > 1 else f"new for {subscription.subject}"
    return message(subscription.email, subject, "alert", context, unsubscribe_url(subscription))
