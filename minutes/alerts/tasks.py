"""Alert work for the task worker: confirmation and manage-link mail, the fan-out after a publication, and delivery
(at once, or as the daily and weekly digests `manage.py send_alert_digests` enqueues)."""

import datetime
import logging
import smtplib

from django.db import transaction
from django.dispatch import receiver
from django.tasks.signals import task_finished
from django.utils import timezone

from minutes.tasks import retrying

from . import mail, matching
from .models import Alert, Subscription

logger = logging.getLogger("minutes.alerts")


@retrying
def send_confirmation(request_data, subject_label):
    mail.confirmation(request_data, subject_label).send()


@retrying
def send_manage_link(email):
    # Only an address with subscriptions gets mail; the page that asked says the same either way.
    if Subscription.objects.filter(email__iexact=email).exists():
        mail.manage_link(Subscription.objects.filter(email__iexact=email).values_list("email", flat=True)[0]).send()


@retrying
def announce_publication(meeting_id, event, since):
    written = matching.fan_out(meeting_id, event, datetime.datetime.fromisoformat(since))
    if written:
        deliver_alerts.enqueue(Subscription.Frequency.IMMEDIATE)
    return written


def bounce(error):
    """A refusal that trying again will not change: the server rejected the recipient."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) or (
        isinstance(error, smtplib.SMTPResponseException) and 500 <= error.smtp_code < 600
    )


def refusal(error):
    codes = getattr(error, "recipients", {}).values() or [(getattr(error, "smtp_code", ""), b"")]
    return ", ".join(f"{type(error).__name__} {code}" for code, _ in codes)


@retrying
def deliver_alerts(frequency):
    """Mail each subscriber of `frequency` their pending alerts, one message per subscription; returns how many were
    sent. A subscription being delivered by another worker is skipped (its rows are locked). A server that cannot be
    reached raises, so the task is tried again with the alerts still pending; a refused recipient is logged."""
    sent = 0
    pending = Subscription.objects.filter(frequency=frequency, alerts__sent_at__isnull=True).distinct()
    for subscription_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("panel", "person")
                .filter(pk=subscription_id)
                .first()
            )
            if subscription is None:
                continue
            alerts = list(subscription.alerts.filter(sent_at__isnull=True))
            for alert in alerts:
                alert.subscription = subscription
            entries = mail.meeting_entries(alerts)
            now = timezone.now()
            if entries:
                try:
                    mail.alert_mail(subscription, entries).send()
                except Exception as error:
                    if not bounce(error):
                        raise
                    # The subscription, not the address: logs are no place for it.
                    logger.warning("Alert mail for subscription %s was refused (%s)", subscription.pk, refusal(error))
                else:
                    sent += 1
                    subscription.last_sent_at = now
                    subscription.save(update_fields=["last_sent_at"])
            # What is no longer public is dropped, not kept for later: the rule decides at send time.
            Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(sent_at=now)
    if sent:
        logger.info("Sent %s %s alert mail(s)", sent, frequency)
    return sent


# Tasks whose arguments hold an address that may never be confirmed: once a run is over (a retry carries its own
# copy), the queue keeps no trace of it.
CARRY_ADDRESSES = {send_confirmation.module_path, send_manage_link.module_path}


@receiver(task_finished)
def forget_addresses(sender, task_result, **kwargs):
    if task_result.task.module_path in CARRY_ADDRESSES:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=task_result.id).update(args_kwargs={"args": [], "kwargs": {}})
