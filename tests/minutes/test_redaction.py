"""A correction recorded as a redaction publishes "Text removed on <date>: <reason>", never the removed words, and
no earlier correction quotes them; the history keeps them for staff holding the new permission (issue 14, finding
5)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from minutes.models import AgendaItem, MinutePoint
from minutes.record.corrections import corrections_for_item
from tests.forms import form_data
from tests.minutes.test_history_corrections import approved_seed
from tests.minutes.trust import user_in

pytestmark = pytest.mark.django_db
PERSONAL = "Jane Roe of 12 Acacia Road"
REASON = "Personal data removed at the request of the resident."


@pytest.fixture
def publisher():
    return user_in("Publisher", first_name="Pat", last_name="Lee")


def edit_point(client, item, point, change, reason, **extra):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(client.get(url).content.decode())
    field = next(k for k, v in data.items() if k.startswith("points-") and k.endswith("-id") and v == str(point.pk))
    data[field.replace("-id", "-text")] = change(data[field.replace("-id", "-text")])
    data["change_reason"] = reason
    data.update(extra)
    return client.post(url, data)


def public_text(item):
    stranger = Client()
    return (
        stranger.get(item.get_absolute_url()).content.decode()
        + stranger.get(item.meeting.get_absolute_url()).content.decode()
    )


def test_a_redaction_removes_the_words_from_every_public_correction(client, publisher):
    item = approved_seed(publisher)
    point = item.points.get(position=1)
    client.force_login(publisher)
    # First an ordinary correction that published the personal data in the corrections list...
    assert edit_point(client, item, point, lambda t: f"{t} {PERSONAL} spoke.", "Speaker added.").status_code == 302
    assert PERSONAL in public_text(item)
    # ...then its removal, recorded as a redaction.
    redact = edit_point(client, item, point, lambda t: t.replace(f" {PERSONAL} spoke.", ""), REASON, redaction="on")
    assert redact.status_code == 302
    assert PERSONAL not in MinutePoint.objects.get(pk=point.pk).text
    assert MinutePoint.history.filter(id=point.pk, is_redaction=True).count() == 1

    page = public_text(item)
    assert "Acacia" not in page and "Jane Roe" not in page
    assert "Text removed on" in page and REASON in page
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    assert all("Acacia" not in c.description for c in corrections_for_item(item))
    assert any("Acacia" in h.text for h in MinutePoint.history.filter(id=point.pk))  # kept in the history

    # Staff with the permission see the removed words on the page; a publisher without it does not.
    assert "Acacia" not in client.get(item.get_absolute_url()).content.decode()
    allowed = user_in("Administrator", "admin")
    assert allowed.has_perm("minutes.view_redacted_text")
    client.force_login(allowed)
    staff_page = client.get(item.get_absolute_url()).content.decode()
    assert "Staff only, not published" in staff_page and "Acacia" in staff_page


def test_a_clerk_cannot_record_a_redaction(client, publisher):
    item = approved_seed(publisher)
    point = item.points.get(position=1)
    clerk = user_in("Clerk", "jo", first_name="Jo", last_name="Smith")
    assert not clerk.has_perm("minutes.view_redacted_text")
    client.force_login(clerk)
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    page = client.get(url).content.decode()
    assert "Record this correction as a redaction" not in page
    # Approved minutes are read-only to a clerk (test_approved_minutes_roles.py): the form a publisher is given,
    # posted by the clerk with the redaction ticked, is refused and records nothing.
    editor = Client()
    editor.force_login(publisher)
    data = form_data(editor.get(url).content.decode())
    field = next(k for k, v in data.items() if k.startswith("points-") and k.endswith("-id") and v == str(point.pk))
    data[field.replace("-id", "-text")] += " Noted."
    response = client.post(url, {**data, "change_reason": "Typo.", "redaction": "on"})
    assert response.status_code == 403
    assert MinutePoint.objects.get(pk=point.pk).text == point.text
    assert not MinutePoint.history.filter(id=point.pk, is_redaction=True).exists()
    assert "Text removed on" not in public_text(item)


def test_the_permission_is_new_and_not_a_publishers(publisher):
    assert Permission.objects.filter(codename="view_redacted_text").exists()
    assert not publisher.has_perm("minutes.view_redacted_text")
