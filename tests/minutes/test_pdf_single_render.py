"""A PDF not yet rendered is rendered once: requests for it meanwhile wait for those bytes rather than each starting a
render of their own (issue 19). A failed render, a renderer that never finishes and a cache that cannot hold a lock
all still give the reader the PDF."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from minutes.cache_backend import health
from minutes.output import pdf
from tests import records

CLOSED_PORT = "redis://127.0.0.1:8199/0"  # in this worktree's port range, nothing listens there
TIMEOUT = 30


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    health.reset()
    yield
    cache.clear()
    health.reset()


class Renders:
    """The real meeting render, counted; the first one holds until another request is seen waiting for it."""

    def __init__(self, monkeypatch, fail_first=False):
        self.count = 0
        self.fail_first = fail_first
        self.lock = threading.Lock()
        self.someone_waits = threading.Event()
        self.real_render, real_pause = pdf.render_meeting_pdf, pdf.pause

        def pause(seconds):
            self.someone_waits.set()
            real_pause(seconds)

        monkeypatch.setattr(pdf, "pause", pause)
        monkeypatch.setattr(pdf, "render_meeting_pdf", self.render)

    def render(self, *args, **kwargs):
        with self.lock:
            self.count += 1
            first = self.count == 1
        if first:
            assert self.someone_waits.wait(TIMEOUT), "the second request never waited"
            if self.fail_first:
                raise RuntimeError("the renderer fell over")
        return self.real_render(*args, **kwargs)


def fetch_at_once(url, n=2):
    """`n` anonymous readers asking for `url` at the same time, each in its own thread and database connection."""
    results = [None] * n

    def read(i):
        try:
            response = Client(raise_request_exception=False).get(url)
            results[i] = (response.status_code, response.content)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT + 10)
        assert not thread.is_alive(), "a request never finished"
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_a_cold_pdf_cause_one_render(monkeypatch):
    meeting = records.build_seed().meeting
    renders = Renders(monkeypatch)
    results = fetch_at_once(f"/meetings/{meeting.pk}/minutes.pdf", n=3)
    assert renders.count == 1
    assert [status for status, _ in results] == [200, 200, 200]
    assert results[0][1].startswith(b"%PDF-")
    assert results[0][1] == results[1][1] == results[2][1]
    # The lock is gone with the render: the next change to the record renders afresh, without waiting.
    assert not [key for key in cache._cache if key.endswith(":rendering")]


@pytest.mark.django_db(transaction=True)
def test_when_the_render_fails_a_waiting_request_renders_instead(monkeypatch):
    meeting = records.build_seed().meeting
    renders = Renders(monkeypatch, fail_first=True)
    statuses = sorted(status for status, _ in fetch_at_once(f"/meetings/{meeting.pk}/minutes.pdf"))
    # The failed render fails its own request only; the reader who waited gets the PDF from a second render.
    assert statuses == [200, 500]
    assert renders.count == 2
    meeting.refresh_from_db()
    assert cache.get(pdf.cache_key(meeting)).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_waiting_request_stops_waiting_for_a_render_that_never_finishes(client, monkeypatch):
    meeting = records.build_seed().meeting
    meeting.refresh_from_db()
    # A renderer that died holding the lock: nothing will ever store these bytes.
    assert cache.add(f"{pdf.cache_key(meeting)}:rendering", 1, pdf.RENDER_LOCK_SECONDS)
    monkeypatch.setattr(pdf, "RENDER_WAIT_SECONDS", 0.3)
    waits = []
    monkeypatch.setattr(pdf, "pause", lambda seconds: waits.append(seconds) or pdf.time.sleep(seconds))
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert 1 < len(waits) <= 0.3 / pdf.RENDER_POLL_SECONDS + 1  # it waited, and for no longer than the bound


@pytest.mark.django_db
def test_a_cache_that_cannot_hold_a_lock_still_serves_the_pdf_without_waiting(client, settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "minutes.cache_backend.ResilientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    item = records.build_seed()

    def must_not_wait(seconds):
        raise AssertionError("waited for a render nobody is doing")

    monkeypatch.setattr(pdf, "pause", must_not_wait)
    for url in (f"/meetings/{item.meeting.pk}/minutes.pdf", f"/items/{item.pk}/minutes.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-"), url
    assert health.failures >= 1


@pytest.mark.django_db
def test_a_cached_pdf_is_served_without_taking_the_lock(client, monkeypatch):
    meeting = records.build_seed().meeting
    first = client.get(f"/meetings/{meeting.pk}/minutes.pdf").content
    monkeypatch.setattr(cache, "add", lambda *a, **k: pytest.fail("took the render lock for cached bytes"))
    assert client.get(f"/meetings/{meeting.pk}/minutes.pdf").content == first
