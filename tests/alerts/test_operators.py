"""Operators: mail settings from EMAIL_URL, the deploy check for SITE_URL, and mail failures: a refused recipient is
logged and not retried, an unreachable server leaves the alerts pending for the retry."""

import logging
import smtplib
import subprocess
import sys

import pytest
from django.utils import timezone

from minutes.alerts.models import Alert, Subscription
from minutes.alerts.tasks import deliver_alerts
from minutes.models import Meeting
from tests.alerts.conftest import IMMEDIATE, make_meeting
from tests.minutes.test_settings_env import ROOT, run, run_check

SHOW_MAILERS = ["-c", "import django; django.setup(); from django.conf import settings; print(settings.MAILERS)"]


def mailers(**env):
    result = subprocess.run(
        [sys.executable, *SHOW_MAILERS],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "minutes.settings", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_email_url_configures_the_mailer():
    shown = mailers(DEBUG="1", EMAIL_URL="smtp://alerts:s3cret@mail.example:587/?tls=True")
    assert "'host': 'mail.example'" in shown and "'port': 587" in shown and "'use_tls': True" in shown
    assert "'username': 'alerts'" in shown
    assert "console.EmailBackend" in mailers(DEBUG="1")  # development prints mail


@pytest.mark.parametrize("url", ["nonsense", "smtp://mail.example:notaport"])
def test_bad_email_url_stops_start_up(url):
    result = run_check(DEBUG="1", EMAIL_URL=url)
    assert result.returncode != 0 and "EMAIL_URL" in result.stderr


def test_deploy_check_wants_an_https_site_url():
    base = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "minutes.example"}
    assert "alerts.W001" in run(["manage.py", "check", "--deploy"], **base).stderr
    good = run(["manage.py", "check", "--deploy"], **base, SITE_URL="https://minutes.example")
    assert "alerts.W001" not in good.stderr


@pytest.fixture
def pending(db, settings):
    settings.TASKS = IMMEDIATE
    meeting = make_meeting(Meeting.Status.DRAFT_MINUTES, ("Budget", ["Agreed."]))
    subscription = Subscription.objects.create(
        email="gone@example.org", kind="panel", panel=meeting.panel, confirmed_at=timezone.now()
    )
    Alert.objects.create(subscription=subscription, meeting=meeting, event="minutes")
    return subscription


def test_a_refused_recipient_is_logged_and_not_retried(pending, monkeypatch, caplog):
    def refuse(self):
        raise smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    with caplog.at_level(logging.WARNING, logger="minutes.alerts"):
        assert deliver_alerts.call("immediate") == 0
    assert f"subscription {pending.pk} was refused (SMTPRecipientsRefused 550)" in caplog.text
    assert "gone@example.org" not in caplog.text
    assert not Alert.objects.filter(sent_at__isnull=True).exists()


def test_an_unreachable_server_leaves_alerts_pending_for_the_retry(pending, settings, caplog):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    settings.TASK_ATTEMPTS = 2
    with caplog.at_level(logging.WARNING, logger="minutes.alerts"):
        result = deliver_alerts.enqueue("immediate")
    assert result.status == "FAILED"
    assert "failed on attempt 1; trying again" in caplog.text and "giving up" in caplog.text
    assert Alert.objects.filter(sent_at__isnull=True).count() == 1
