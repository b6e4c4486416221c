"""The clerks' attendance register: exactly the rows chosen, pre-filled sensibly, refused when stale, and only for
clerks."""

import datetime

import pytest

from minutes.models import Attendance, Meeting
from panels.models import Membership, Person
from tests import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT_MINUTES)
    special = Meeting.objects.create(panel=meeting.panel, date=datetime.date(2026, 2, 3), status="approved")
    records.build_wealdshire_members(meeting, special)
    Attendance.objects.filter(meeting=meeting).delete()  # this meeting's register starts empty
    meeting.refresh_from_db()
    return meeting


def url(meeting):
    return f"/admin/minutes/meeting/{meeting.pk}/register/"


def membership(meeting, name):
    return Membership.objects.get(panel=meeting.panel, person__name=name)


def test_register_lists_the_members_on_the_date_prefilled_from_the_last_meeting(staff_client, meeting):
    response = staff_client.get(url(meeting))
    assert response.status_code == 200
    form = response.context["form"]
    names = [m.person.name for m in form.memberships]
    assert names[0] == "Margaret Oduya"  # the chair first
    assert "Grace Whitfield" in names and "Peter Hollis" not in names  # joined 1 March; left 28 February
    assert all(form.initial.get(f"m{m.pk}", "present") == "present" for m in form.memberships)
    assert form.initial["in_attendance"] == "Priya Olawale (Panel Clerk)"  # from the last meeting
    change_page = staff_client.get(f"/admin/minutes/meeting/{meeting.pk}/change/").content.decode()
    assert f'<a href="{url(meeting)}">Attendance register</a>' in change_page


def test_register_creates_exactly_the_rows_chosen(staff_client, meeting):
    form = staff_client.get(url(meeting)).context["form"]
    data = {"version": meeting.version, "also_present": "Mr M Scott (Police and Crime Commissioner)"}
    data["in_attendance"] = "Ms P Olawale (Panel Clerk)\n\n"
    for m in form.memberships:
        data[f"m{m.pk}"] = "present"
    vane, price, rahman = (membership(meeting, n) for n in ("Harriet Vane", "Owen Price", "Hamid Rahman"))
    data[f"m{vane.pk}"] = "apologies"
    data[f"m{price.pk}"] = "substituted"
    data[f"s{price.pk}"] = "Cllr Martin Dale"
    data[f"m{rahman.pk}"] = "absent"
    response = staff_client.post(url(meeting), data)
    assert response.status_code == 302
    rows = set(
        Attendance.objects.filter(meeting=meeting).values_list(
            "kind", "person__name", "name", "role", "substitute_for__name"
        )
    )
    present = {
        ("present", m.person.name, "", {"chair": "Chair", "vice_chair": "Vice-Chair"}.get(m.role, ""), None)
        for m in form.memberships
        if m.person.name not in ("Harriet Vane", "Owen Price", "Hamid Rahman")
    }
    assert rows == present | {
        ("apologies", "Harriet Vane", "", "", None),
        ("apologies", "Owen Price", "", "", None),
        ("substitute", "Martin Dale", "", "", "Owen Price"),
        ("also_present", None, "Mr M Scott", "Police and Crime Commissioner", None),
        ("in_attendance", None, "Ms P Olawale", "Panel Clerk", None),
    }
    meeting.refresh_from_db()
    # Opening it again shows what was saved.
    again = staff_client.get(url(meeting)).context["form"].initial
    assert again[f"m{price.pk}"] == "substituted" and again[f"s{price.pk}"] == "Cllr Martin Dale"
    assert again[f"m{vane.pk}"] == "apologies" and again[f"m{rahman.pk}"] == "absent"


def test_an_unknown_substitute_is_kept_as_written(staff_client, meeting):
    form = staff_client.get(url(meeting)).context["form"]
    data = {"version": meeting.version, "also_present": "", "in_attendance": ""}
    for m in form.memberships:
        data[f"m{m.pk}"] = "present"
    price = membership(meeting, "Owen Price")
    data[f"m{price.pk}"] = "substituted"
    data[f"s{price.pk}"] = "Cllr  Nobody Known"
    assert staff_client.post(url(meeting), data).status_code == 302
    line = Attendance.objects.get(meeting=meeting, kind="substitute")
    assert line.person is None and line.name == "Cllr Nobody Known" and line.substitute_for.name == "Owen Price"


def test_a_substitute_needs_a_name_and_the_choices_are_kept(staff_client, meeting):
    form = staff_client.get(url(meeting)).context["form"]
    data = {"version": meeting.version, "also_present": "Typed by the clerk", "in_attendance": ""}
    for m in form.memberships:
        data[f"m{m.pk}"] = "apologies"
    price = membership(meeting, "Owen Price")
    data[f"m{price.pk}"] = "substituted"
    response = staff_client.post(url(meeting), data)
    assert response.status_code == 400
    assert "Write the substitute&#x27;s name" in response.content.decode()
    assert "Typed by the clerk" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_stale_register_is_refused(staff_client, meeting):
    form = staff_client.get(url(meeting)).context["form"]
    data = {"version": meeting.version, "also_present": "", "in_attendance": ""}
    for m in form.memberships:
        data[f"m{m.pk}"] = "present"
    meeting.save()  # someone else saves the meeting meanwhile
    response = staff_client.post(url(meeting), data)
    assert response.status_code == 400 and "Someone saved this meeting" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_bad_answers_are_form_errors_not_500s(staff_client, meeting):
    form = staff_client.get(url(meeting)).context["form"]
    first = form.memberships[0]
    response = staff_client.post(url(meeting), {"version": "x", f"m{first.pk}": "bribed"})
    assert response.status_code == 400
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_strangers_and_the_public_cannot_use_it(client, django_user_model, meeting):
    assert client.get(url(meeting)).status_code == 302  # to the sign-in page
    django_user_model.objects.create_user("visitor", password="pw", is_staff=True)
    client.login(username="visitor", password="pw")
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), {"version": meeting.version}).status_code == 403


def test_approved_minutes_are_corrected_on_the_meeting_page(staff_client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status="approved", approved_at=datetime.datetime.now(datetime.UTC))
    meeting.refresh_from_db()
    form = staff_client.get(url(meeting)).context["form"]
    data = {"version": meeting.version, "also_present": "", "in_attendance": ""}
    for m in form.memberships:
        data[f"m{m.pk}"] = "present"
    response = staff_client.post(url(meeting), data)
    assert response.status_code == 400 and "These minutes are approved" in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert Person.objects.filter(name="Owen Price").exists()
