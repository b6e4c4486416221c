"""Only a valid staff session skips the public page cache: a made-up or non-staff session cookie is an anonymous
reader's and is served from the cache (issue 14, finding 8). The cached pages are the routes urls.py names."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minutes import page_cache, urls

pytestmark = pytest.mark.django_db


def cached_request(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries.captured_queries)


@pytest.mark.parametrize("cookie", ["x", "0" * 32, "a" * 40])
def test_a_forged_session_cookie_is_served_from_the_cache(seed_item, cookie):
    client = Client()
    client.cookies["sessionid"] = cookie
    response, queries = cached_request(client, seed_item.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert queries <= 2  # the session look-up and the stamp: the page itself came from the cache


def test_a_signed_in_non_staff_user_is_served_the_public_page(seed_item, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    response, _ = cached_request(client, seed_item.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_staff_session_still_skips_the_cache(staff_client, seed_item):
    response, queries = cached_request(staff_client, seed_item.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"
    assert queries > 2


def test_an_inactive_staff_members_session_does_not_skip_it(seed_item, django_user_model):
    client = Client()
    user = django_user_model.objects.create_user("gone", password="pw", is_staff=True)
    client.force_login(user)
    user.is_active = False
    user.save()
    response, _ = cached_request(client, seed_item.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_the_cached_pages_are_read_from_the_url_configuration(seed_item, settings):
    meeting = seed_item.meeting
    assert page_cache.cached_page(f"/items/{seed_item.pk}/")[:2] == ("item", seed_item.pk)
    assert page_cache.cached_page(f"/meetings/{meeting.pk}/minutes.txt")[:2] == ("meeting-txt", meeting.pk)
    assert page_cache.cached_page(f"/items/{seed_item.pk}/minutes.pdf") is None  # cached by minutes/output/pdf.py
    assert page_cache.cached_page("/items/") is None
    assert page_cache.cached_page("/nowhere/") is None
    assert set(page_cache.PAGES) <= {getattr(p, "name", None) for p in urls.urlpatterns}
