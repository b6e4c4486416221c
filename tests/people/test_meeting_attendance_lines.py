"""The meeting shows who was there as the Kent record prints it, on the page (names linked), in the plain text and
in the printed minutes (which end with the chair's signature line); nothing of it before the minutes are public."""

import io

import pytest
from pypdf import PdfReader

from minutes.models import Attendance, Meeting
from panels.models import Person
from tests import records

pytestmark = pytest.mark.django_db

LINES = [
    "PRESENT: Cllr Harriet Vane (Chair) (Ashbury Borough Council), Cllr Dale (Substitute for Cllr Owen Price) "
    "(Weald District Council)",
    "ALSO PRESENT: Mr M Scott (Police and Crime Commissioner)",
    "IN ATTENDANCE: Ms P Olawale (Panel Clerk)",
    "APOLOGIES: Cllr Owen Price (Weald District Council)",
]


@pytest.fixture
def meeting(db):
    meeting = records.build_wealdshire_meeting()
    vane = Person.objects.create(honorific="Cllr", name="Harriet Vane")
    price = Person.objects.create(honorific="Cllr", name="Owen Price")
    dale = Person.objects.create(honorific="Cllr", name="Dale")
    rows = [
        dict(kind="apologies", person=price, council="Weald District Council"),
        dict(kind="present", person=vane, role="Chair", council="Ashbury Borough Council"),
        dict(kind="substitute", person=dale, substitute_for=price, council="Weald District Council"),
        dict(kind="also_present", name="Mr M Scott", role="Police and Crime Commissioner"),
        dict(kind="in_attendance", name="Ms P Olawale", role="Panel Clerk"),
    ]
    for position, row in enumerate(rows):
        Attendance.objects.create(meeting=meeting, position=position, **row)
    meeting.save()
    return meeting


def test_plain_text_carries_the_lines_in_order(client, meeting):
    text = client.get(f"/meetings/{meeting.pk}/minutes.txt").content.decode()
    positions = [text.index(line) for line in LINES]
    assert positions == sorted(positions)
    assert text.index(LINES[-1]) < text.index("Items\nNo. Item")


def test_meeting_page_links_each_member(client, meeting):
    html = client.get(meeting.get_absolute_url()).content.decode()
    vane, price, dale = (Person.objects.get(name=n) for n in ("Harriet Vane", "Owen Price", "Dale"))
    assert f'<a href="/people/{vane.slug}/">Cllr Harriet Vane</a> (Chair) (Ashbury Borough Council)' in html
    assert (
        f'<a href="/people/{dale.slug}/">Cllr Dale</a> (Substitute for <a href="/people/{price.slug}/">Cllr Owen '
        "Price</a>) (Weald District Council)"
    ) in html
    assert "<dt>APOLOGIES:</dt>" in html and "Mr M Scott (Police and Crime Commissioner)" in html
    labels = [html.index(f"<dt>{label}:</dt>") for label in ("PRESENT", "ALSO PRESENT", "IN ATTENDANCE", "APOLOGIES")]
    assert labels == sorted(labels)


def test_printed_minutes_carry_the_lines_and_end_with_the_signature(client, meeting):
    response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
    body = response.content
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    for line in LINES:
        assert line in text
    # The signature line follows the last item's minutes (the page margins print after it).
    assert "RESOLVED that the work programme be noted. Chair ………………………………………………… Date ………………………" in text


def test_no_attendance_before_the_minutes(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA)
    meeting.refresh_from_db()
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "PRESENT:" not in html and "Harriet Vane" not in html
