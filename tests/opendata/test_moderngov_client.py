"""The unmodified `moderngov` client from PyPI, pointed at a live test server, reads this archive's web service and
gets the database's values; a draft meeting appears nowhere."""

import os

import pytest

from minutes.models import AgendaItem, Meeting
from minutes.opendata.ids import external_id
from panels.models import Panel, Person
from tests.opendata import archive


@pytest.fixture(scope="session")
def moderngov_api(tmp_path_factory):
    """The client keeps a disk cache in the working directory it is imported from: import it in a scratch one."""
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("moderngov-client"))
    try:
        from moderngov import api
    finally:
        os.chdir(here)
    return api


@pytest.fixture
def client_for(moderngov_api, live_server, transactional_db):
    moderngov_api.cache.clear()  # its answers are memoised for a day, across instances
    yield lambda base=live_server.url: moderngov_api.ModerngovApi(base)
    moderngov_api.cache.clear()


@pytest.fixture
def open_archive(transactional_db):
    return archive.build()


def test_committees_equal_the_panels(client_for, open_archive):
    committees = client_for().committees.list()
    assert [(c["committeeid"], c["committeetitle"]) for c in committees] == [
        (str(p.pk), p.name) for p in Panel.objects.order_by("name")
    ]


def test_meetings_list_every_public_meeting_and_no_draft(client_for, open_archive):
    listed = {}
    for committee in client_for().meetings.list():
        for meeting in committee["committeemeetings"]["meeting"]:
            listed[int(meeting["meetingid"])] = (committee["committeetitle"], meeting["meetingdate"])
    expected = {m.pk: (m.panel.name, m.date.strftime("%d/%m/%Y")) for m in Meeting.objects.public()}
    assert listed == expected
    assert open_archive["draft"].pk not in listed


def test_meetings_of_one_committee_by_id_and_dates(client_for, open_archive):
    wealdshire = open_archive["wealdshire"]
    committee = client_for().meetings.by_committee_id(wealdshire.panel.pk)
    assert committee["committeetitle"] == wealdshire.panel.name
    dates = [m["meetingdate"] for m in committee["committeemeetings"]["meeting"]]
    assert dates == ["03/02/2026", "04/03/2026"]  # the draft of 01/04/2026 is not among them


def test_a_meetings_items_and_attendees_equal_the_record(client_for, open_archive):
    wealdshire = open_archive["wealdshire"]
    meeting = client_for().meetings.by_meeting_id(wealdshire.pk)
    assert meeting["meetingid"] == str(wealdshire.pk)
    assert meeting["meetingdate"] == "04/03/2026" and meeting["meetingtime"] == "10:00"
    assert meeting["meetinglocation"] == wealdshire.venue
    assert meeting["minutepublished"] == "True" and meeting["meetingstatus"] == "confirmed"
    items = meeting["agendaitems"]["agendaitem"]
    assert [(i["agendaitemid"], i["agendaitemtitle"]) for i in items] == [
        (str(i.pk), i.title) for i in AgendaItem.objects.filter(meeting=wealdshire).order_by("position")
    ]
    rural = next(i for i in items if i["agendaitemtitle"] == "Rural Crime Strategy")
    assert "Whether the task force would patrol at night as well as by day" in rural["minutes"]
    assert rural["minutes"].lstrip().startswith("<")  # the minutes are HTML, carried as text
    attendees = [(a["@memberid"], a["@name"], a["@attendance"]) for a in meeting["attendees"]["attendee"]]
    people = open_archive["people"]
    assert sorted(attendees) == sorted(
        [
            (str(people["Harriet Vane"].pk), "Cllr Harriet Vane", "Present"),
            (str(people["Ezra Amis"].pk), "Cllr Ezra Amis", "Present"),
            (str(people["Owen Price"].pk), "Cllr Owen Price", "Apologies"),
            ("0", "Priya Olawale", "In attendance"),
        ]
    )


def test_councillors_by_ward_and_member_list(client_for, open_archive):
    api = client_for()
    assert api.wards.list() == ["Ashbury North", "Millbrook"]
    councillors = {c["councillorid"]: c for c in api.councillors.list()}
    expected = Person.objects.filter(representations__end_date__isnull=True).distinct()
    assert set(councillors) == {str(p.pk) for p in expected}
    price = councillors[str(open_archive["people"]["Owen Price"].pk)]
    assert price["fullusername"] == "Cllr Owen Price"
    assert price["politicalpartytitle"] == "Conservative"
    assert price["workaddress"]["email"] == "owen@wealdshire.example"
    assert price["termsofoffice"]["termofoffice"] == {"startdate": "06/05/2021", "enddate": "unspecified"}
    members = api.members.list()
    assert sorted(m["fullusername"] for m in members) == sorted(p.display_name for p in open_archive["people"].values())
    assert api.members.by_id(open_archive["people"]["Rhoda Dale"].pk)["politicalpartytitle"] == "Green Party"


def test_committees_by_member(client_for, open_archive):
    vane = open_archive["people"]["Harriet Vane"]
    data = client_for().committees.by_member(vane.pk)
    titles = [c["committeetitle"] for c in data["committeesbyuser"]["committees"]["committee"]]
    assert titles == sorted(p.name for p in Panel.objects.all())


def test_a_base_url_ending_in_a_slash_still_works(client_for, open_archive, live_server):
    committees = client_for(live_server.url + "/").committees.list()
    assert len(committees) == Panel.objects.count()


def test_old_ids_are_the_ids_given_out(client_for, open_archive):
    wealdshire = open_archive["wealdshire"]
    Meeting.objects.filter(pk=wealdshire.pk).update(moderngov_id=4711)
    wealdshire.refresh_from_db()
    assert external_id(wealdshire) == 4711
    meeting = client_for().meetings.by_meeting_id(4711)
    assert meeting["meetingid"] == "4711" and meeting["meetinglocation"] == wealdshire.venue
