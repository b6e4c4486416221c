"""The member page: what it lists links into the record, its query count is flat, and a draft never shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Attendance, Declaration, Meeting, Question, Resolution
from panels.models import Membership, Panel, Person, Representation
from tests import records

from .builders import build_panel

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_activity(person, meeting, n):
    """n items at the meeting, each with a question, a declaration and a recorded vote naming the person."""
    for i in range(n):
        item = AgendaItem.objects.create(meeting=meeting, number=str(100 + i), title=f"Report {i}")
        Question.objects.create(item=item, text=f"Whether {i}?", response="Yes.", asked_by=person)
        declaration = Declaration.objects.create(meeting=meeting, item=item, interest=f"Interest {i}")
        declaration.people.add(person)
        Resolution.objects.create(
            item=item, lead_in="RESOLVED", text="to note.", vote_detail={"for": [person.display_name]}
        )


def test_member_page_query_count_is_flat(client, django_assert_num_queries):
    panel, people, _ = build_panel(meetings=4)
    small, large = people[0], people[4]
    meetings = list(Meeting.objects.filter(panel=panel, status="approved"))
    add_activity(small, meetings[0], 1)
    for meeting in meetings:
        add_activity(large, meeting, 5)
    Representation.objects.create(person=large, council="Marshfield Council", division="North", party="Green")
    assert queries(client, large.get_absolute_url()) == queries(client, small.get_absolute_url())
    with django_assert_num_queries(8):
        client.get(large.get_absolute_url())


def test_member_page_links_every_list_into_the_record(client):
    meeting = records.build_wealdshire_meeting()
    person = Person.objects.create(honorific="Cllr", name="Imogen Reyes", party="Green", email="ir@ashbury.example")
    Membership.objects.create(panel=meeting.panel, person=person, role="chair", council="Ashbury Borough Council")
    Representation.objects.create(person=person, council="Ashbury Borough Council", division="Ashbury North")
    Attendance.objects.create(meeting=meeting, person=person, kind="present", role="Chair")
    item = meeting.items.get(number="60")
    question = item.questions.first()
    question.asked_by = person
    question.save()
    declaration = Declaration.objects.create(meeting=meeting, item=item, interest="Her farm is in the scheme.")
    declaration.people.add(person)
    resolution = item.resolutions.get()
    resolution.vote_detail = {"against": ["Cllr Imogen Reyes"], "seconded_by": "Imogen Reyes"}
    resolution.save()
    html = client.get(person.get_absolute_url()).content.decode()
    assert "<h1>Cllr Imogen Reyes</h1>" in html
    assert "Ashbury North, Ashbury Borough Council" in html and "Green" in html
    assert f'href="{item.get_absolute_url()}#question-{question.pk}"' in html
    assert f'href="{item.get_absolute_url()}#resolution-{resolution.pk}"' in html
    assert "Voted against:" in html and "Seconded:" in html
    assert "Her farm is in the scheme." in html and f'href="{item.get_absolute_url()}"' in html
    assert f'href="/items/?person={person.slug}&amp;involvement=questions"' in html
    assert f'href="{meeting.get_absolute_url()}"' in html


def test_draft_meeting_never_shows_on_the_member_page(client, staff_client):
    meeting = records.build_wealdshire_meeting(status=Meeting.Status.DRAFT)
    person = Person.objects.create(honorific="Cllr", name="Owen Price")
    Membership.objects.create(panel=meeting.panel, person=person)
    Attendance.objects.create(meeting=meeting, person=person, kind="apologies")
    declaration = Declaration.objects.create(meeting=meeting, interest="Zqdraftinterest")
    declaration.people.add(person)
    for reader in (client, staff_client):
        html = reader.get(person.get_absolute_url()).content.decode()
        assert "Zqdraftinterest" not in html
        assert meeting.get_absolute_url() not in html
        assert "No meetings with published minutes" in html


def test_unknown_member_is_a_404(client):
    assert client.get("/people/nobody-at-all/").status_code == 404
    assert client.get("/people/nobody-at-all/feed.atom").status_code == 404


def test_person_list_filters_by_panel_and_council(client):
    panel, people, spare = build_panel(meetings=4)
    other = Person.objects.create(name="Elsewhere Person")
    Representation.objects.create(person=other, council="Distant District Council")
    html = client.get("/people/?panel=marshfield").content.decode()
    assert people[0].display_name in html and "Elsewhere Person" not in html
    html = client.get("/people/?council=Distant+District+Council").content.decode()
    assert "Elsewhere Person" in html and people[0].display_name not in html
    bad = client.get("/people/?panel=no-such-panel")
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    past_the_end = client.get("/people/?page=99")
    assert past_the_end.status_code == 400 and "There is no page 99 of these results" in past_the_end.content.decode()
    not_a_number = client.get("/people/?page=" + "x" * 50)
    assert not_a_number.status_code == 400 and f"“{'x' * 20}” is not a page number" in not_a_number.content.decode()


def test_benchmark_measures_the_busiest_members_page():
    from django.db.models import Count

    from minutes.devtools.benchmarking import busiest_member

    panel, people, spare = build_panel()
    counts = (
        Attendance.objects.filter(item__isnull=True, meeting__status__in=["approved", "draft_minutes"])
        .values("person")
        .annotate(n=Count("pk"))
    )
    most = max(c["n"] for c in counts)
    assert {c["n"] for c in counts if c["person"] == busiest_member().pk} == {most}


def test_register_and_people_list_query_counts_are_flat(client, django_assert_max_num_queries):
    small, _, _ = build_panel(meetings=4)
    panel = Panel.objects.create(name="Big Panel", slug="big", host_authority="Marshfield Council")
    big = build_panel(seed=3, meetings=12, members=6, panel=panel)[0]
    year = 2024
    assert queries(client, f"/panels/{small.slug}/attendance/?year={year}") == queries(
        client, f"/panels/{big.slug}/attendance/?year={year}"
    )
    with django_assert_max_num_queries(6):
        client.get(f"/panels/{big.slug}/attendance/?year={year}")
    with django_assert_max_num_queries(7):
        client.get("/people/?panel=big")
