"""Login throttling also counts per address (a few tries at each of many usernames lock the address), and an
oversized upload is refused on its Content-Length before its body is read (issue 14, finding 12)."""

import io

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from minutes.uploads import RefuseOversizedRequests

LOGIN = reverse("admin:login")


@pytest.mark.django_db
def test_many_usernames_from_one_address_lock_the_address(client, settings):
    settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT = 5, 12
    User.objects.create_user("clerk", password="the-right-password", is_staff=True)
    for n in range(12):  # 1 try at each of 12 usernames: no username reaches its limit of 5
        client.post(LOGIN, {"username": f"guess{n}", "password": "wrong"})
    locked = client.post(LOGIN, {"username": "clerk", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_below_the_address_limit_nobody_is_locked(client, settings):
    settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT = 5, 12
    User.objects.create_user("clerk", password="the-right-password", is_staff=True)
    for n in range(11):
        client.post(LOGIN, {"username": f"guess{n}", "password": "wrong"})
    response = client.post(LOGIN, {"username": "clerk", "password": "the-right-password"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_another_address_is_not_locked(client, settings):
    settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT = 5, 6
    User.objects.create_user("clerk", password="the-right-password", is_staff=True)
    for n in range(6):
        client.post(LOGIN, {"username": f"guess{n}", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(LOGIN, {"username": "clerk", "password": "the-right-password"}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_an_oversized_request_is_refused_before_its_body_is_read(settings):
    settings.UPLOAD_MAX_BYTES, settings.REQUEST_MAX_BYTES = 25 * 1024 * 1024, 30 * 1024 * 1024
    request = RequestFactory().post("/admin/minutes/meeting/1/change/", data=b"", content_type="multipart/form-data")
    request.META["CONTENT_LENGTH"] = str(200 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    response = RefuseOversizedRequests(lambda r: HttpResponse(r.body))(request)
    assert response.status_code == 413
    page = response.content.decode()
    assert "larger than 30 MB" in page and "at most 25 MB" in page and "Back" in page


@pytest.mark.django_db
def test_the_site_refuses_it_too_and_passes_an_ordinary_request(client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.post(LOGIN, {"username": "x", "password": "y"}, CONTENT_LENGTH=str(10**9))
    assert response.status_code == 413
    assert client.post(LOGIN, {"username": "x", "password": "y"}).status_code == 200
