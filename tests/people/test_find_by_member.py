"""/items/ and /search/ filter by member: questions asked, declarations, attendance; published minutes only."""

import pytest

from minutes.models import AgendaItem, Attendance, Declaration, Meeting, Question
from panels.models import Person
from tests import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(db):
    meeting = records.build_wealdshire_meeting()
    person = Person.objects.create(honorific="Cllr", name="Imogen Reyes")
    asked = meeting.items.get(number="60")
    Question.objects.create(item=asked, text="Whether drones fly at night?", asked_by=person)
    declared = meeting.items.get(number="61")
    Declaration.objects.create(meeting=meeting, item=declared, interest="A farm").people.add(person)
    secret = AgendaItem.objects.create(
        meeting=meeting, title="Exempt contract", is_exempt=True, exempt_summary="SUMMARY OF EXEMPT ITEM."
    )
    Question.objects.create(item=secret, text="Whether the price is right?", asked_by=person)
    draft = Meeting.objects.create(panel=meeting.panel, date="2026-05-01", status=Meeting.Status.DRAFT)
    hidden = AgendaItem.objects.create(meeting=draft, title="Zqdraftitem")
    Question.objects.create(item=hidden, text="Whether?", asked_by=person)
    Attendance.objects.create(meeting=draft, person=person, kind="present")
    return meeting, person, asked, declared, secret


def titles(client, query):
    response = client.get("/items/", query)
    assert response.status_code == 200
    return {item.title for item in response.context["page"].object_list}


def test_filter_by_questions_declarations_and_any(client, named):
    meeting, person, asked, declared, secret = named
    assert titles(client, {"person": person.slug, "involvement": "questions"}) == {asked.title}
    assert titles(client, {"person": person.slug, "involvement": "declarations"}) == {declared.title}
    assert titles(client, {"person": person.slug}) == {asked.title, declared.title}


def test_filter_by_attendance_lists_the_meetings_items(client, named):
    meeting, person, *_ = named
    assert titles(client, {"person": person.slug, "involvement": "attendance"}) == set()
    Attendance.objects.create(meeting=meeting, person=person, kind="present")
    shown = titles(client, {"person": person.slug, "involvement": "attendance"})
    assert shown == set(meeting.items.values_list("title", flat=True)) and "Zqdraftitem" not in shown


def test_the_filter_in_use_names_the_member(client, named):
    _, person, *_ = named
    html = client.get("/items/", {"person": person.slug}).content.decode()
    assert "Member (address from /people/): <strong>Cllr Imogen Reyes</strong>" in html


def test_unknown_member_or_involvement_is_a_form_error(client, named):
    response = client.get("/items/", {"person": "nobody-here"})
    assert response.status_code == 400 and "No member has the address" in response.content.decode()
    _, person, *_ = named
    response = client.get("/items/", {"person": person.slug, "involvement": "bribes"})
    assert response.status_code == 400


def test_search_filters_by_member(client, named):
    _, person, asked, declared, _ = named
    for item in (asked, declared):
        item.save()  # the search document is rebuilt on save
    response = client.get("/search/", {"q": "Rural crime", "person": person.slug, "involvement": "questions"})
    assert response.status_code == 200
    html = response.content.decode()
    assert asked.title in html
    assert client.get("/search/", {"q": "crime", "person": "nobody"}).status_code == 400
