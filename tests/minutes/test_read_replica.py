"""A read replica (DATABASE_REPLICA_URL): anonymous readers' GETs read from it, everything else from the primary."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from minutes import replicas
from minutes.models import Meeting
from tests import records

ROOT = Path(__file__).resolve().parents[2]


def reads_seen(request):
    """What the middleware decides for a request: the alias a read would use, with a replica configured."""
    seen = {}

    def view(request):
        seen["public"] = replicas.public_read.get()
        seen["alias"] = replicas.ReplicaRouter().db_for_read(Meeting)
        return HttpResponse()

    replicas.PublicReadsMiddleware(view)(request)
    return seen


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replicas, "replica_configured", lambda: True)


def test_anonymous_get_reads_from_the_replica(with_replica):
    assert reads_seen(RequestFactory().get("/meetings/1/")) == {"public": True, "alias": "replica"}
    assert reads_seen(RequestFactory().head("/search/?q=budget"))["alias"] == "replica"


def test_signed_in_and_writing_requests_read_from_the_primary(with_replica):
    signed_in = RequestFactory().get("/meetings/1/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "anything"
    assert reads_seen(signed_in) == {"public": False, "alias": "default"}
    assert reads_seen(RequestFactory().post("/admin/login/"))["alias"] == "default"
    # Outside a request (commands, the admin's background work) reads go to the primary.
    assert replicas.ReplicaRouter().db_for_read(Meeting) == "default"


def test_without_a_replica_every_read_goes_to_the_primary(monkeypatch):
    monkeypatch.setattr(replicas, "replica_configured", lambda: False)
    assert reads_seen(RequestFactory().get("/meetings/1/"))["alias"] == "default"


def test_writes_and_migrations_stay_on_the_primary(with_replica):
    router = replicas.ReplicaRouter()
    assert router.db_for_write(Meeting) == "default"
    assert router.allow_migrate("default", "minutes") is True
    assert router.allow_migrate("replica", "minutes") is False


SCRIPT = """
import json, os
from django.db import OperationalError
from django.test import Client
out = {}
client = Client()
urls = json.loads(os.environ["PAGES"])
for name, url in urls.items():
    out[name] = client.get(url).status_code
client.cookies["sessionid"] = "signed-in"
try:
    out["signed_in"] = client.get(urls["meeting"]).status_code
except OperationalError:
    out["signed_in"] = "primary unreachable"
print(json.dumps(out))
"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the replica setting is for PostgreSQL deployments")
def test_public_pages_are_served_by_the_replica_alone():
    """With the primary unreachable and the replica up, anonymous pages still render — from the replica, under the
    same visibility rule — while a signed-in request goes to the (unreachable) primary."""
    item = records.build_seed()
    draft = Meeting.objects.create(panel=item.meeting.panel, date="2026-05-01", status=Meeting.Status.DRAFT)
    db = connection.settings_dict
    replica_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    urls = {
        "meeting": item.meeting.get_absolute_url(),
        "item": item.get_absolute_url(),
        "text": f"/items/{item.pk}/minutes.txt",
        "draft": draft.get_absolute_url(),
        "search": "/search/?q=report",
    }
    env = {
        **os.environ,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unreachable",
        "DATABASE_REPLICA_URL": replica_url,
        "CACHE_URL": "",
        "PAGES": json.dumps(urls),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == {
        "meeting": 200,
        "item": 200,
        "text": 200,
        "draft": 404,
        "search": 200,
        "signed_in": "primary unreachable",
    }
