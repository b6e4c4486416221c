"""The whole journey against a real SMTP server: sign up → confirmation mail → confirm → publish the minutes → the
worker sends exactly one alert with the right links and headers → one-click unsubscribe → no further mail."""

import datetime
import re

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from minutes.alerts.models import Subscription
from minutes.models import Meeting
from minutes.record import workflow
from tests.alerts.conftest import make_meeting, run_worker, text_and_html

# The worker commits as it goes, as it does in production: these tests run outside a wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_confirm_publish_alert_unsubscribe(client, smtp_server, publisher):
    meeting = make_meeting(Meeting.Status.AGENDA, ("Victim Satisfaction Update", ["The Panel noted the survey."]))
    item = meeting.items.get()
    panel = meeting.panel

    response = client.post(
        "/alerts/",
        {
            "email": "reader@example.org",
            "kind": "panel",
            "panel": panel.slug,
            "on_minutes": "on",
            "frequency": "immediate",
        },
    )
    assert response.status_code == 200 and b"Check your email" in response.content
    assert Subscription.objects.count() == 0  # nothing stored before the address is confirmed

    run_worker()
    assert len(smtp_server.messages) == 1
    recipients, confirmation = smtp_server.messages[0]
    assert recipients == ["reader@example.org"]
    text, html = text_and_html(confirmation)
    confirm_url = re.search(r"http://testserver(/alerts/confirm/[^/\s]+/)", text)[1]
    assert confirm_url in html and panel.name in text
    # Unconfirmed, the address is kept nowhere: not even in the finished task's arguments.
    assert not DBTaskResult.objects.filter(args_kwargs__icontains="reader@example.org").exists()

    assert client.get(confirm_url).status_code == 200
    assert Subscription.objects.count() == 0  # opening the link (a mail scanner) subscribes nobody
    response = client.post(confirm_url)
    assert response.status_code == 302 and response.url.startswith("/alerts/manage/")
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.kind, subscription.panel) == ("reader@example.org", "panel", panel)
    manage = client.get(response.url)
    assert panel.name.encode() in manage.content and b"reader@example.org" not in manage.content

    workflow.apply(meeting, "publish_minutes", publisher)
    run_worker()

    assert len(smtp_server.messages) == 2
    recipients, alert = smtp_server.messages[1]
    assert recipients == ["reader@example.org"]
    unsubscribe = re.fullmatch(r"<(http://testserver/alerts/unsubscribe/[^/]+/)>", alert["List-Unsubscribe"])[1]
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # On the wire as a plain URL in angle brackets (RFC 2369), not folded into encoded words.
    assert f"\r\nList-Unsubscribe: <{unsubscribe}>\r\n".encode() in smtp_server.raw[1]
    text, html = text_and_html(alert)
    assert "Agenda and draft minutes" in alert["Subject"] or panel.name in alert["Subject"]
    assert (
        f"http://testserver{item.get_absolute_url()}" in text
        and f'href="http://testserver{item.get_absolute_url()}"' in html
    )
    assert item.title in text and item.title in html
    assert f"http://testserver/meetings/{meeting.pk}/minutes.pdf" in text
    assert "Tuesday, 12 May 2026" in text
    assert unsubscribe in text and unsubscribe in html

    # RFC 8058: the mail client POSTs the one-click body, with no CSRF token and no cookie.
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200 and b"Unsubscribed" in one_click.content
    assert not Subscription.objects.filter(email="reader@example.org").exists()

    later = make_meeting(Meeting.Status.DRAFT, ("Budget", []), panel=panel, date=datetime.date(2026, 6, 1))
    workflow.apply(later, "publish_agenda", publisher)
    run_worker()
    assert len(smtp_server.messages) == 2
