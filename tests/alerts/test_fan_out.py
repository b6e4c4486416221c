"""Who is told what when a meeting is published: saved searches, panels and members, decided by the public rule at
send time. Tasks run in-process here (the immediate backend); test_journey_smtp.py runs the real worker."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from minutes.alerts.models import Alert, Subscription
from minutes.alerts.tasks import announce_publication, deliver_alerts
from minutes.models import AgendaItem, Attendance, Meeting, Question
from minutes.record import workflow
from panels.models import Person
from tests.alerts.conftest import IMMEDIATE, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def publish(django_user_model, django_capture_on_commit_callbacks):
    user = django_user_model.objects.create_superuser("publisher", password="pw")

    def publish(meeting, transition):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.apply(meeting, transition, user)

    return publish


def subscribe(kind, frequency="immediate", **fields):
    return Subscription.objects.create(
        email=f"{kind}@example.org", kind=kind, frequency=frequency, confirmed_at=timezone.now(), **fields
    )


def bodies():
    return [message.body for message in mail.outbox]


def test_saved_search_alerts_once_on_newly_public_matches_only(publish):
    earlier = make_meeting(Meeting.Status.DRAFT_MINUTES, ("Lighthouse repairs", ["The lighthouse roof leaks."]))
    Meeting.objects.filter(pk=earlier.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=1))
    search = subscribe("search", query="lighthouse")
    draft = make_meeting(Meeting.Status.DRAFT, ("Lighthouse lease", ["Confidential terms."]))
    cottages = make_meeting(Meeting.Status.DRAFT, ("Lighthouse keepers' cottages", ["Sold."]))
    harbour = make_meeting(
        Meeting.Status.AGENDA, ("Harbour works", ["Repairs to the lighthouse were agreed."]), ("Parking", ["None."])
    )

    publish(cottages, "publish_agenda")
    assert len(mail.outbox) == 1
    assert "Lighthouse keepers' cottages" in mail.outbox[0].body
    assert "Lighthouse lease" not in mail.outbox[0].body and "Lighthouse repairs" not in mail.outbox[0].body

    publish(cottages, "publish_minutes")  # the same item, now with its minutes: not told twice
    assert len(mail.outbox) == 1

    # Public before the subscription: neither its approval nor a late run of its announcement tells of it.
    publish(earlier, "approve_minutes")
    earlier.refresh_from_db()
    announce_publication.call(earlier.pk, "minutes", (timezone.now() - datetime.timedelta(days=1)).isoformat())
    # A draft is never announced, whatever asks.
    announce_publication.call(draft.pk, "agenda", timezone.now().isoformat())
    # Before its minutes are published only an item's agenda text is public: "lighthouse" is in Harbour's minutes.
    announce_publication.call(harbour.pk, "agenda", timezone.now().isoformat())
    assert len(mail.outbox) == 1

    publish(harbour, "publish_minutes")
    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    harbour_item = harbour.items.get(title="Harbour works")
    point = harbour_item.points.get()
    assert f"http://testserver/items/{harbour_item.pk}/#point-{point.pk}" in body
    assert "Parking" not in body
    assert set(Alert.objects.values_list("subscription", "item__title")) == {
        (search.pk, "Lighthouse keepers' cottages"),
        (search.pk, "Harbour works"),
    }


def test_saved_search_limited_to_a_panel(publish):
    other = make_meeting(Meeting.Status.DRAFT, ("Lighthouse", []))
    mine = make_meeting(Meeting.Status.DRAFT, ("Lighthouse", []))
    mine.panel = other.panel.__class__.objects.create(slug="shore", name="Shore Panel", host_authority="Shore")
    mine.save()
    subscribe("search", query="lighthouse", panel=mine.panel)
    publish(other, "publish_agenda")
    assert mail.outbox == []
    publish(mine, "publish_agenda")
    assert len(mail.outbox) == 1 and "Shore Panel" in mail.outbox[0].body


def test_panel_subscribers_choose_agendas_or_minutes(publish):
    meeting = make_meeting(Meeting.Status.DRAFT, ("Budget", ["Agreed."]))
    minutes_only = subscribe("panel", panel=meeting.panel, on_agenda=False)
    publish(meeting, "publish_agenda")
    assert mail.outbox == []
    publish(meeting, "publish_minutes")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [minutes_only.email]
    assert "Agenda and draft minutes" in mail.outbox[0].body


def test_member_alert_names_public_records_only(publish):
    reyes = Person.objects.create(honorific="Cllr", name="Imogen Reyes")
    absent = Person.objects.create(honorific="Cllr", name="Nobody Named")
    meeting = make_meeting(Meeting.Status.AGENDA, ("Questions", ["Questions were asked."]))
    item = meeting.items.get()
    asked = Question.objects.create(item=item, position=5, text="What about rural crime?", asked_by=reyes)
    secret = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Contract", is_exempt=True, exempt_summary="A contract was let."
    )
    hidden = Question.objects.create(item=secret, position=1, text="Which bidder?", asked_by=reyes)
    Attendance.objects.create(meeting=meeting, person=reyes, kind=Attendance.Kind.PRESENT)
    subscribe("member", person=reyes)
    Subscription.objects.create(email="n@example.org", kind="member", person=absent, confirmed_at=timezone.now())

    publish(meeting, "publish_minutes")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member@example.org"]
    body = mail.outbox[0].body
    assert f"http://testserver/items/{item.pk}/#question-{asked.pk}" in body
    assert "Asked a question: What about rural crime?" in body and "Present" in body
    assert f"question-{hidden.pk}" not in body and "Which bidder" not in body


def test_digest_waits_and_checks_visibility_at_send_time(publish):
    shown = make_meeting(Meeting.Status.AGENDA, ("Budget", ["Agreed."]))
    withdrawn = make_meeting(
        Meeting.Status.AGENDA, ("Estates", ["Agreed."]), panel=shown.panel, date=datetime.date(2026, 6, 2)
    )
    subscription = subscribe("panel", frequency="daily", panel=shown.panel)
    publish(shown, "publish_minutes")
    publish(withdrawn, "publish_minutes")
    assert mail.outbox == [] and Alert.objects.filter(sent_at__isnull=True).count() == 2

    Meeting.objects.filter(pk=withdrawn.pk).update(status=Meeting.Status.DRAFT)
    call_command("send_alert_digests", "weekly")  # another frequency: nothing
    assert mail.outbox == []
    call_command("send_alert_digests", "daily")
    assert len(mail.outbox) == 1
    assert "Budget" in mail.outbox[0].body and "Estates" not in mail.outbox[0].body
    assert not Alert.objects.filter(sent_at__isnull=True).exists()
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    assert deliver_alerts.call("daily") == 0
    assert len(mail.outbox) == 1
