"""The shared cache is an optimisation: with Redis unreachable every page is still served, the failure logged and
counted at /health/; with Redis up, pages come from it. And the production cache's client is installed by the lock
file (issue 14, findings 2 and 3)."""

import re
import tomllib
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.cache_backend import health

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT = "redis://127.0.0.1:8149/14"  # in this worktree's port range, nothing listens there
REDIS = "redis://127.0.0.1:6379/14"


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "minutes.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }


def pages(item):
    meeting = item.meeting
    return [
        meeting.get_absolute_url(),
        f"/meetings/{meeting.pk}/minutes.txt",
        f"/meetings/{meeting.pk}/minutes.pdf",
        item.get_absolute_url(),
        f"/items/{item.pk}/minutes.txt",
        f"/items/{item.pk}/minutes.pdf",
    ]


@pytest.fixture(autouse=True)
def fresh_health():
    health.reset()
    yield
    health.reset()


def test_every_runtime_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pinned = {
        re.split(r"==", line)[0].lower()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for requirement in project["project"]["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower()
        assert name in pinned, requirement
    assert "redis" in pinned


def test_redis_unreachable_pages_are_served_and_the_failure_counted(client, settings, seed_item, caplog):
    settings.CACHES = redis_cache(CLOSED_PORT)
    for url in pages(seed_item):
        response = client.get(url)
        assert response.status_code == 200, url
    # The reader still gets the page's content, rendered without the cache.
    assert "Victim Satisfaction Update" in client.get(seed_item.get_absolute_url()).content.decode()
    assert health.failures >= 1
    assert "Cache get failed (ConnectionError" in caplog.text
    report = client.get("/health/")
    assert report.status_code == 200
    body = report.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["cache"]["status"] == "unavailable"
    assert body["cache"]["failures"] >= 2
    assert body["cache"]["last_error"] == "ConnectionError"


def test_after_a_failure_the_cache_rests_rather_than_retrying_each_request(client, settings, seed_item):
    settings.CACHES = redis_cache(CLOSED_PORT)
    client.get(seed_item.get_absolute_url())
    failures = health.failures
    for _ in range(3):
        assert client.get(seed_item.get_absolute_url()).status_code == 200
    assert health.failures == failures  # resting: no connection attempted, nothing more to count


def test_with_redis_up_pages_are_cached_in_it(client, settings, seed_item):
    settings.CACHES = redis_cache(REDIS)
    from django.core.cache import cache

    cache.clear()
    url = seed_item.get_absolute_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(queries.captured_queries) == 1  # the stamp look-up only: the page came from Redis
    assert health.failures == 0
    body = client.get("/health/").json()
    assert body["status"] == "ok" and body["cache"] == {**body["cache"], "backend": "redis", "status": "ok"}
    cache.clear()


def test_health_without_a_shared_cache(client):
    body = client.get("/health/").json()
    assert body["status"] == "ok" and body["cache"]["backend"] == "local memory"
