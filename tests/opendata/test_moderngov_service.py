"""The web service's answers: every element path of the published shapes (moderngov_shapes/*.xml, written from what
real clients read) is present; bad parameters get a 400 that names them, unknown records and methods a 404; drafts
are never there; conditional GET answers 304."""

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Attendance, Meeting
from panels.models import Person, Representation
from tests.opendata import archive

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "moderngov_shapes"


@pytest.fixture
def open_archive():
    return archive.build()


def paths(element, prefix=""):
    """Every element path and attribute of a tree, e.g. {'meeting/attendees/attendee/@memberid', …}."""
    here = f"{prefix}/{element.tag}" if prefix else element.tag
    found = {here} | {f"{here}/@{name}" for name in element.attrib}
    for child in element:
        found |= paths(child, here)
    return found


def query_for(method, built):
    person = built["people"]["Harriet Vane"]
    return {
        "GetMeeting": f"?lMeetingId={built['wealdshire'].pk}",
        "GetMeetings": f"?lCommitteeId={built['wealdshire'].panel_id}&sFromDate=0&sToDate=0",
        "GetCommitteesByUser": f"?lUserId={person.pk}",
    }.get(method, "")


@pytest.mark.parametrize("shape", sorted(SHAPES.glob("*.xml")), ids=lambda p: p.stem)
def test_answers_carry_every_element_of_the_published_shape(client, open_archive, shape):
    response = client.get(f"/mgWebService.asmx/{shape.stem}{query_for(shape.stem, open_archive)}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    missing = paths(ET.parse(shape).getroot()) - paths(ET.fromstring(response.content))
    assert not missing


def test_minutes_are_escaped_html_and_exempt_items_show_only_their_summary(client, open_archive):
    meeting = open_archive["wealdshire"]
    item = meeting.items.get(title="Work Programme")
    item.is_exempt, item.exempt_summary = True, "Noted in private."
    item.save()
    body = client.get(f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}").content.decode()
    assert "&lt;p" in body  # HTML, escaped as text
    root = ET.fromstring(body)
    minutes = {i.findtext("agendaitemtitle"): i.findtext("minutes") for i in root.iter("agendaitem")}
    assert "Noted in private." in minutes["Work Programme"]
    assert "work programme" not in minutes["Work Programme"].lower().replace("noted in private.", "")


def test_agenda_only_meeting_has_no_minutes_or_attendance_yet(client, open_archive):
    meeting = open_archive["wealdshire"]
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA)
    root = ET.fromstring(client.get(f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}").content)
    assert root.findtext("minutepublished") == "False"
    assert list(root.iter("attendee")) == []
    assert all(not (i.findtext("minutes") or "") for i in root.iter("agendaitem"))
    assert "Rural Crime Strategy" in [i.findtext("agendaitemtitle") for i in root.iter("agendaitem")]


def test_a_draft_is_nowhere(client, open_archive):
    draft = open_archive["draft"]
    assert client.get(f"/mgWebService.asmx/GetMeeting?lMeetingId={draft.pk}").status_code == 404
    for method in ("GetMeetings", "GetCommittees", "GetCouncillorsByWard", "GetMemberGroup"):
        assert archive.DRAFT_WORD not in client.get(f"/mgWebService.asmx/{method}").content.decode(), method
    listed = client.get("/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0").content.decode()
    assert f"<meetingid>{draft.pk}</meetingid>" not in listed


def test_date_range_filters_meetings(client, open_archive):
    url = "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=01/03/2026&sToDate=31/03/2026"
    root = ET.fromstring(client.get(url).content)
    assert [m.findtext("meetingdate") for m in root.iter("meeting")] == ["04/03/2026"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("GetMeetings?lCommitteeId=0&sFromDate=2026-03-01&sToDate=0", "sFromDate"),
        ("GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=31/13/2026", "sToDate"),
        ("GetMeetings?lCommitteeId=x", "lCommitteeId"),
        ("GetMeeting", "lMeetingId"),
        ("GetMeeting?lMeetingId=1;drop", "lMeetingId"),
        ("GetCommitteesByUser?lUserId=", "lUserId"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, open_archive, query, named):
    response = client.get(f"/mgWebService.asmx/{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/mgWebService.asmx/GetNothing",
        "/otherService.asmx/GetCommittees",
        "/mgWebService.asmx/GetMeeting?lMeetingId=999999",
        "/mgWebService.asmx/GetMeetings?lCommitteeId=999999",
        "/mgWebService.asmx/GetCommitteesByUser?lUserId=999999",
    ],
)
def test_unknown_methods_and_records_are_404(client, open_archive, url):
    assert client.get(url).status_code == 404


def test_method_names_ignore_case_and_post_is_refused(client, open_archive):
    assert client.get("/MGWEBSERVICE.ASMX/getcommittees").status_code == 200
    assert client.post("/mgWebService.asmx/GetCommittees").status_code == 405


def test_conditional_get(client, open_archive):
    meeting = open_archive["wealdshire"]
    url = f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    meeting.venue = "Council Chamber"
    meeting.save()
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and b"Council Chamber" in changed.content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_answer(client, open_archive):
    meeting = open_archive["wealdshire"]
    urls = [
        "/mgWebService.asmx/GetCommittees",
        "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0",
        f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}",
        "/mgWebService.asmx/GetCouncillorsByWard",
        "/mgWebService.asmx/GetMemberGroup",
    ]
    before = {url: count_queries(client, url) for url in urls}
    for n in range(4):
        extra = Meeting.objects.create(panel=meeting.panel, date=datetime.date(2025, 1, 1 + n), status="approved")
        item = AgendaItem.objects.create(meeting=meeting, title=f"Extra item {n}")
        item.points.create(label="1.", text="More.")
        person = Person.objects.create(name=f"Extra Councillor {n}", party="Independent")
        Representation.objects.create(person=person, council="Wealdshire County Council", division=f"Ward {n}")
        Attendance.objects.create(meeting=meeting, person=person, kind="present", position=10 + n)
        assert extra.pk
    assert {url: count_queries(client, url) for url in urls} == before


def test_every_member_id_given_out_answers_at_mguserinfo(client, open_archive):
    Person.objects.filter(pk=open_archive["people"]["Rhoda Dale"].pk).update(moderngov_id=312)
    given = set()
    for method, tag in (("GetCouncillorsByWard", "councillorid"), ("GetMemberGroup", "memberid")):
        root = ET.fromstring(client.get(f"/mgWebService.asmx/{method}").content)
        given |= {element.text for element in root.iter(tag)}
    assert "312" in given and len(given) == len(open_archive["people"])
    for member_id in given:
        response = client.get(f"/mgUserInfo.aspx?UID={member_id}")
        assert response.status_code == 301
        slug = response["Location"].removeprefix("/people/").rstrip("/")
        assert Person.objects.filter(slug=slug).exists()
