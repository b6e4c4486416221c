"""Serving printed minutes: headers, visibility, conditional GET and a cache that is never stale."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from minutes.models import AgendaItem, Document, Meeting
from minutes.output import pdf
from tests import records


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Count the real renderings behind the served responses."""
    calls = []
    real_meeting, real_item = pdf.render_meeting_pdf, pdf.render_item_pdf

    def meeting(*args, **kwargs):
        calls.append("meeting")
        return real_meeting(*args, **kwargs)

    def item(*args, **kwargs):
        calls.append("item")
        return real_item(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_meeting_pdf", meeting)
    monkeypatch.setattr(pdf, "render_item_pdf", item)
    return calls


def url(meeting):
    return reverse("meeting-pdf", args=[meeting.pk])


@pytest.mark.django_db
def test_meeting_pdf_headers(client):
    item = records.build_seed()
    response = client.get(url(item.meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="kent-and-medway-police-and-crime-panel-2020-07-14-minutes.pdf"'
    )
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_item_pdf_headers(client):
    meeting = records.build_wealdshire_meeting()
    item = meeting.items.get(number="60")
    response = client.get(reverse("item-pdf", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="wealdshire-police-and-crime-panel-2026-03-04-minutes-item-60.pdf"'
    )
    unnumbered = AgendaItem.objects.create(meeting=meeting, title="Any Other Business")
    response = client.get(reverse("item-pdf", args=[unnumbered.pk]))
    assert response["Content-Disposition"].endswith(f'-2026-03-04-minutes-item-{unnumbered.pk}.pdf"')


@pytest.mark.django_db
def test_unchanged_meeting_is_served_from_the_cache(client, renders, monkeypatch):
    item = records.build_seed()
    first = client.get(url(item.meeting))
    assert renders == ["meeting"]

    def must_not_render(*args, **kwargs):
        raise AssertionError("an unchanged meeting must come from the cache")

    monkeypatch.setattr(pdf, "render_meeting_pdf", must_not_render)
    second = client.get(url(item.meeting))
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_item_pdf_is_cached_apart_from_the_meeting(client, renders):
    item = records.build_seed()
    client.get(url(item.meeting))
    client.get(reverse("item-pdf", args=[item.pk]))
    client.get(reverse("item-pdf", args=[item.pk]))
    assert renders == ["meeting", "item"]


@pytest.mark.django_db
def test_conditional_get_answers_304(client, renders):
    item = records.build_seed()
    first = client.get(url(item.meeting))
    response = client.get(url(item.meeting), headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    response = client.get(url(item.meeting), headers={"If-Modified-Since": first["Last-Modified"]})
    assert response.status_code == 304
    assert renders == ["meeting"]
    assert client.get(url(item.meeting), headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.django_db
def test_validators_follow_the_conditional_get_rules(client, renders):
    item = records.build_seed()
    first = client.get(url(item.meeting))
    # A 304 keeps the validators and the order to revalidate, so the next request asks again.
    not_modified = client.get(url(item.meeting), headers={"If-None-Match": f'W/{first["ETag"]}, "other"'})
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]
    assert not_modified["Last-Modified"] == first["Last-Modified"]
    assert "no-cache" in not_modified["Cache-Control"] and "public" in not_modified["Cache-Control"]
    # A precondition that names another version, or an earlier date, fails rather than serving these bytes.
    assert client.get(url(item.meeting), headers={"If-Match": '"another-version"'}).status_code == 412
    assert client.get(url(item.meeting), headers={"If-Match": first["ETag"]}).status_code == 200
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url(item.meeting), headers={"If-Unmodified-Since": earlier}).status_code == 412
    # A malformed date is ignored, as HTTP says: the PDF, not an error.
    assert client.get(url(item.meeting), headers={"If-Modified-Since": "yesterday"}).status_code == 200
    head = client.head(url(item.meeting))
    assert head.status_code == 200 and head["ETag"] == first["ETag"] and head.content == b""
    assert renders == ["meeting"]


def changes(client, meeting, change):
    before = client.get(url(meeting))
    change()
    after = client.get(url(meeting), headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200, "a changed meeting must not answer 304 to the old ETag"
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content
    return before, after


@pytest.mark.django_db
def test_editing_a_point_changes_the_pdf(client, renders):
    item = records.build_seed()
    point = item.points.get(position=3)

    def edit():
        point.text = "The Commissioner reminded the Panel of his Annual Policing Survey."
        point.save()

    _, after = changes(client, item.meeting, edit)
    assert b"%PDF-" in after.content[:8]
    assert renders == ["meeting", "meeting"]


@pytest.mark.django_db
def test_publishing_changes_the_pdf(client, renders):
    item = records.build_seed(status=Meeting.Status.DRAFT_MINUTES)
    meeting = item.meeting

    def approve():
        meeting.status = Meeting.Status.APPROVED
        meeting.save()

    changes(client, meeting, approve)
    assert renders == ["meeting", "meeting"]


@pytest.mark.django_db
def test_adding_a_document_changes_the_pdf(client, renders):
    item = records.build_seed()
    changes(
        client,
        item.meeting,
        lambda: Document.objects.create(item=item, title="Victim Satisfaction Report", file_format="PDF"),
    )
    assert renders == ["meeting", "meeting"]


@pytest.mark.django_db
def test_draft_meeting_pdf_is_404_to_the_public_and_200_to_staff(staff_client):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    client = Client()  # `staff_client` logs in the default `client`
    assert client.get(url(item.meeting)).status_code == 404
    assert client.get(reverse("item-pdf", args=[item.pk])).status_code == 404
    response = staff_client.get(url(item.meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert staff_client.get(reverse("item-pdf", args=[item.pk])).status_code == 200


@pytest.mark.django_db
def test_agenda_only_meeting_has_no_printed_minutes_for_the_public(client):
    item = records.build_seed(status=Meeting.Status.AGENDA)
    assert client.get(url(item.meeting)).status_code == 404


@pytest.mark.django_db
def test_unknown_meeting_is_404(client):
    assert client.get(reverse("meeting-pdf", args=[999999])).status_code == 404
