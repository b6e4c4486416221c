"""OParl 1.1: walking from the system object through every list reaches every public object exactly once, each
object passes the specification's checks (oparl_spec.py), `modified_since` returns only what changed, withdrawn
records are tombstones, and every JSON answer carries CORS."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minutes.models import AgendaItem, Meeting
from minutes.opendata import oparl
from panels.models import Membership, Panel, Person
from tests.opendata import archive
from tests.opendata.oparl_spec import SCHEMA, problems

pytestmark = pytest.mark.django_db

SYSTEM = "/oparl/v1.1/system"


@pytest.fixture
def built(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    return archive.build()


def get(client, url):
    response = client.get(url)
    assert response["Access-Control-Allow-Origin"] == "*", url
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def walk_list(client, url):
    """Every object of an external list, following links.next."""
    objects, pages = [], 0
    while url:
        page = get(client, url)
        objects += page["data"]
        url = page["links"].get("next")
        pages += 1
        assert pages < 100
    return objects


def walk_everything(client, **query):
    system = get(client, SYSTEM)
    assert problems(system) == []
    bodies = walk_list(client, system["body"])
    assert len(bodies) == 1
    body = get(client, bodies[0]["id"])
    assert body == bodies[0]
    suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    lists = ["organization", "person", "meeting", "agendaItem", "file", "locationList", "legislativeTermList"]
    lists += ["membership", "paper", "consultation"]
    return body, {name: walk_list(client, body[name] + suffix) for name in lists}


def test_every_public_object_is_reached_exactly_once_and_passes_the_checks(client, built, monkeypatch):
    monkeypatch.setattr(oparl, "PAGE_SIZE", 2)  # several pages per list, and pages that cross into the tombstones
    withdrawn = built["special"]
    withdrawn.status = Meeting.Status.DRAFT
    withdrawn.save()
    body, lists = walk_everything(client, omit_internal="true")
    assert problems(body) == []
    every_id = [obj["id"] for objects in lists.values() for obj in objects]
    assert len(every_id) == len(set(every_id))
    for objects in lists.values():
        for obj in objects:
            assert problems(obj) == [], obj["id"]

    def ids(name, kind):
        return {o["id"].rsplit(f"/{kind}/", 1)[1] for o in lists[name]}

    live = [o for o in lists["meeting"] if not o.get("deleted")]
    assert {o["id"].rsplit("/", 1)[1] for o in live} == {str(m.pk) for m in Meeting.objects.public()}
    assert ids("meeting", "meeting") == {str(m.pk) for m in Meeting.objects.public()} | {str(withdrawn.pk)}
    withdrawn_items = {str(pk) for pk in withdrawn.items.values_list("pk", flat=True)}
    assert ids("agendaItem", "agendaItem") == {str(i.pk) for i in AgendaItem.objects.public()} | withdrawn_items
    assert ids("organization", "organization") == {str(p.pk) for p in Panel.objects.all()}
    assert ids("person", "person") == {str(p.pk) for p in Person.objects.all()}
    assert ids("membership", "membership") == {str(m.pk) for m in Membership.objects.all()}
    public_minutes = {f"minutes-{m.pk}" for m in Meeting.objects.with_public_minutes()}
    assert ids("file", "file") == public_minutes  # the archive's papers have no uploaded files
    assert archive.DRAFT_WORD not in str(lists)
    # Each object answers at its own id with the same content (there with its embedded objects too).
    for objects in lists.values():
        for obj in objects[:3]:
            single = get(client, obj["id"])
            assert {key: single.get(key) for key in obj} == obj


def test_embedded_objects_pass_the_checks_too(client, built):
    meetings = walk_list(client, "/oparl/v1.1/body/1/meeting")
    wealdshire = next(m for m in meetings if m["id"].endswith(f"/meeting/{built['wealdshire'].pk}"))
    assert [i["name"] for i in wealdshire["agendaItem"]] == list(
        built["wealdshire"].items.order_by("position").values_list("title", flat=True)
    )
    assert wealdshire["location"]["description"] == built["wealdshire"].venue
    assert len(wealdshire["participant"]) == 2  # the two present; apologies and the clerk are not participants
    for meeting in meetings:
        assert problems(meeting) == [], meeting["id"]
    persons = walk_list(client, "/oparl/v1.1/body/1/person")
    vane = next(p for p in persons if p["name"] == "Cllr Harriet Vane")
    assert len(vane["membership"]) == 2 and problems(vane) == []


def test_an_agenda_only_meeting_shows_no_participants_resolutions_or_minutes(client, built):
    agenda_only = Meeting.objects.get(status=Meeting.Status.AGENDA)
    meeting = get(client, f"/oparl/v1.1/meeting/{agenda_only.pk}")
    assert "participant" not in meeting and "resultsProtocol" not in meeting
    assert all("resolutionText" not in i for i in meeting["agendaItem"])
    assert get(client, f"/oparl/v1.1/meeting/{built['wealdshire'].pk}")["resultsProtocol"]["accessUrl"].endswith(
        f"/meetings/{built['wealdshire'].pk}/minutes.pdf"
    )


def test_modified_since_returns_only_what_changed(client, built):
    since = timezone.now() + datetime.timedelta(seconds=1)
    changed_meeting, changed_person = built["special"], built["people"]["Rhoda Dale"]
    later = since + datetime.timedelta(seconds=5)
    Meeting.objects.filter(pk=changed_meeting.pk).update(changed_at=later)
    Person.objects.filter(pk=changed_person.pk).update(updated_at=later)
    query = f"modified_since={since.isoformat()}".replace("+", "%2B")
    meetings = walk_list(client, f"/oparl/v1.1/body/1/meeting?{query}")
    assert [m["id"] for m in meetings] == [f"http://testserver/oparl/v1.1/meeting/{changed_meeting.pk}"]
    people = walk_list(client, f"/oparl/v1.1/body/1/person?{query}")
    assert [p["name"] for p in people] == ["Cllr Rhoda Dale"]
    items = walk_list(client, f"/oparl/v1.1/body/1/agendaItem?{query}")
    assert {i["meeting"] for i in items} == {meetings[0]["id"]}
    assert len(walk_list(client, "/oparl/v1.1/body/1/meeting")) == Meeting.objects.public().count()


def test_a_withdrawn_meeting_and_its_items_are_tombstones(client, built):
    meeting = built["special"]
    item_ids = list(meeting.items.values_list("pk", flat=True))
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    url = f"http://testserver/oparl/v1.1/meeting/{meeting.pk}"
    listed = {m["id"]: m for m in walk_list(client, "/oparl/v1.1/body/1/meeting")}
    assert listed[url] == get(client, url)
    assert listed[url]["deleted"] is True and set(listed[url]) == {"id", "type", "created", "modified", "deleted"}
    assert listed[url]["type"] == SCHEMA + "Meeting"
    items = {i["id"]: i for i in walk_list(client, "/oparl/v1.1/body/1/agendaItem")}
    for pk in item_ids:
        assert items[f"http://testserver/oparl/v1.1/agendaItem/{pk}"]["deleted"] is True
    assert "Precept" not in str(listed[url]) + str(items)
    assert problems(listed[url]) == []
    # A draft that was never public is not even a tombstone.
    assert client.get(f"/oparl/v1.1/meeting/{built['draft'].pk}").status_code == 404
    assert f'/meeting/{built["draft"].pk}"' not in str(listed)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/oparl/v1.1/body/1/meeting?modified_since=yesterday", 400),
        ("/oparl/v1.1/body/1/meeting?omit_internal=maybe", 400),
        ("/oparl/v1.1/body/1/meeting?after=zz-1", 400),
        ("/oparl/v1.1/body/1/meeting?after=m-abc", 400),
        # Well formed but impossible dates, and digits that are not ASCII ("²" passes str.isdigit()).
        ("/oparl/v1.1/body/1/meeting?modified_since=2026-02-30", 400),
        ("/oparl/v1.1/body/1/meeting?created_since=2026-03-04T25:00:00", 400),
        ("/oparl/v1.1/body/1/meeting?after=m-%C2%B2", 400),
        ("/oparl/v1.1/meeting/%C2%B2", 404),
        ("/oparl/v1.1/file/minutes-%C2%B2", 404),
        ("/oparl/v1.1/body/2", 404),
        ("/oparl/v1.1/body/1/widgets", 404),
        ("/oparl/v1.1/meeting/999999", 404),
        ("/oparl/v1.1/file/minutes-999999", 404),
        ("/oparl/v1.1/widget/1", 404),
    ],
)
def test_bad_requests_are_json_errors_with_cors(client, built, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]


def test_drafts_meeting_items_and_people_lists_stay_public_only(client, built):
    draft_item = built["draft"].items.get()
    assert client.get(f"/oparl/v1.1/agendaItem/{draft_item.pk}").status_code == 404
    assert client.get(f"/oparl/v1.1/location/{built['draft'].pk}").status_code == 404


def test_conditional_get(client, built):
    url = f"/oparl/v1.1/meeting/{built['wealdshire'].pk}"
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["meeting", "agendaItem", "person", "organization", "membership", "file"])
def test_queries_per_page_do_not_grow_with_the_page(client, built, name):
    url = f"/oparl/v1.1/body/1/{name}"
    before = count_queries(client, url)
    panel = built["wealdshire"].panel
    for n in range(3):
        extra = Meeting.objects.create(
            panel=panel, date=datetime.date(2024, 1, 10 + n), status="approved", venue="Hall"
        )
        records_item = AgendaItem.objects.create(meeting=extra, title=f"Extra {n}")
        records_item.points.create(text="A point.", label="1.")
        person = Person.objects.create(name=f"Extra Person {n}")
        Membership.objects.create(panel=panel, person=person)
    assert count_queries(client, url) == before
