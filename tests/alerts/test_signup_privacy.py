"""Sign-up: the form's errors, the limits per address and per client, identical answers for known and unknown
addresses, and the signed links (forged, expired, someone else's)."""

import pytest
from django.core import mail, signing
from django.utils import timezone

from minutes.alerts import tokens
from minutes.alerts.models import Subscription
from panels.models import Panel, Person
from tests.alerts.conftest import IMMEDIATE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def panel():
    return Panel.objects.create(slug="fernshire", name="Fernshire Panel", host_authority="Fernshire")


def signup(client, email, panel, **extra):
    data = {"email": email, "kind": "panel", "panel": panel.slug, "on_agenda": "on", "frequency": "daily"}
    return client.post("/alerts/", {**data, **extra}, REMOTE_ADDR=extra.pop("ip", "192.0.2.1"))


def test_eleventh_signup_from_one_address_in_an_hour_is_refused_politely(client, panel):
    for n in range(10):
        response = signup(client, "Busy@Example.org" if n % 2 else "busy@example.org", panel)
        assert response.status_code == 200
    refused = signup(client, "busy@example.org", panel)
    assert refused.status_code == 429
    assert b"Please try again" in refused.content and b"busy@example.org" not in refused.content
    assert len(mail.outbox) == 10
    assert signup(client, "other@example.org", panel).status_code == 200  # another address is unaffected


def test_signups_from_one_client_are_limited(client, panel, settings):
    settings.ALERT_SIGNUPS_PER_IP = 3
    assert [signup(client, f"a{n}@example.org", panel).status_code for n in range(4)] == [200, 200, 200, 429]


def test_answers_are_identical_for_known_and_unknown_addresses(client, panel):
    Subscription.objects.create(email="known@example.org", kind="panel", panel=panel, confirmed_at=timezone.now())
    known = signup(client, "known@example.org", panel)
    unknown = signup(client, "unknown@example.org", panel)
    assert known.status_code == unknown.status_code == 200 and known.content == unknown.content

    known = client.post("/alerts/manage/", {"email": "known@example.org"})
    unknown = client.post("/alerts/manage/", {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 200 and known.content == unknown.content
    manage_mails = [m for m in mail.outbox if "manage your email alerts" in m.subject]
    assert [m.to for m in manage_mails] == [["known@example.org"]]
    assert manage_mails[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_bad_signups_keep_what_was_typed(client, panel):
    response = client.post("/alerts/", {"email": "not-an-address", "kind": "search", "q": "lighthouse"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content and b'value="lighthouse"' in response.content
    response = client.post("/alerts/", {"email": "a@example.org", "kind": "member", "person": "nobody"})
    assert response.status_code == 400 and b"Select a valid choice" in response.content
    response = client.post("/alerts/", {"email": "a@example.org", "kind": "panel", "panel": panel.slug})
    assert response.status_code == 400 and b"Choose agendas, minutes or both" in response.content
    assert mail.outbox == [] and not Subscription.objects.exists()


def test_links_prefill_the_form(client, panel):
    person = Person.objects.create(name="Imogen Reyes")
    assert b'value="imogen-reyes" selected' in client.get(f"/alerts/?person={person.slug}").content
    page = client.get("/alerts/?follow=search&q=rural+crime&panel=fernshire").content
    assert b'value="rural crime"' in page and b'value="fernshire" selected' in page


def test_forged_expired_and_misused_links_are_refused(client, panel, monkeypatch):
    data = {"email": "a@example.org", "kind": "panel", "panel": panel.pk, "person": None, "query": ""}
    data.update(on_agenda=True, on_minutes=True, frequency="daily")
    good = tokens.make(tokens.CONFIRM, data)
    assert client.get(f"/alerts/confirm/{good}x/").status_code == 400
    # A manage link is not a confirmation link (nor the other way round).
    assert client.get(f"/alerts/confirm/{tokens.make(tokens.MANAGE, data)}/").status_code == 400
    real_loads = signing.loads
    monkeypatch.setattr(
        signing, "loads", lambda token, **kw: real_loads(token, **{**kw, "max_age": -1}) if kw.get("max_age") else None
    )
    expired = client.post(f"/alerts/confirm/{good}/")
    assert expired.status_code == 400 and b"expired" in expired.content
    assert not Subscription.objects.exists()


def test_manage_link_reaches_only_its_own_address(client, panel):
    mine = Subscription.objects.create(email="me@example.org", kind="panel", panel=panel, confirmed_at=timezone.now())
    theirs = Subscription.objects.create(
        email="them@example.org", kind="panel", panel=panel, confirmed_at=timezone.now()
    )
    url = f"/alerts/manage/{tokens.make(tokens.MANAGE, {'e': 'me@example.org'})}/"
    response = client.post(url, {"subscription": theirs.pk, "frequency": "weekly", "action": "unsubscribe"})
    assert response.status_code == 404 and Subscription.objects.filter(pk=theirs.pk).exists()
    response = client.post(url, {"subscription": mine.pk, "frequency": "weekly", "action": "save"})
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.frequency == "weekly"
    client.post(url, {"subscription": mine.pk, "frequency": "weekly", "action": "unsubscribe"})
    assert not Subscription.objects.filter(email="me@example.org").exists()  # the address is gone with it
    assert b"me@example.org" not in client.get(url).content


def test_unsubscribe_link_deletes_and_is_idempotent(client, panel):
    subscription = Subscription.objects.create(
        email="me@example.org", kind="panel", panel=panel, confirmed_at=timezone.now()
    )
    url = f"/alerts/unsubscribe/{tokens.make(tokens.UNSUBSCRIBE, {'s': subscription.pk})}/"
    assert client.get(url).status_code == 200 and Subscription.objects.exists()  # GET only asks
    assert client.post(url).status_code == 200 and not Subscription.objects.exists()
    assert client.post(url).status_code == 200
    assert client.post("/alerts/unsubscribe/forged/").status_code == 400
