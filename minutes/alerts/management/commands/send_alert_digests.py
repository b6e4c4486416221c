"""Enqueue the daily or weekly digest of email alerts: run it from cron (e.g. `send_alert_digests daily` at 07:00,
`send_alert_digests weekly` on Mondays); a worker sends the mail."""

from django.core.management.base import BaseCommand

from minutes.alerts.models import Subscription
from minutes.alerts.tasks import deliver_alerts


class Command(BaseCommand):
    help = "Enqueue delivery of the pending alerts of one frequency (daily or weekly digests; immediate catches up)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=Subscription.Frequency.values)

    def handle(self, *args, frequency, **options):
        result = deliver_alerts.enqueue(frequency)
        self.stdout.write(f"Enqueued {frequency} alert delivery ({result.id}).")
