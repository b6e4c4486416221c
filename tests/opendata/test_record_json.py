"""`/meetings/<pk>.json` and `/items/<pk>.json`: the OParl object plus the minutes as structured data; drafts 404,
minutes only once published, an exempt item only its summary, CORS and conditional GET."""

import pytest

from minutes.models import AgendaItem, Meeting
from tests.opendata import archive
from tests.opendata.oparl_spec import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return archive.build()


def test_meeting_json_is_the_oparl_meeting_plus_the_minutes(client, built):
    meeting = built["wealdshire"]
    response = client.get(f"/meetings/{meeting.pk}.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    oparl = client.get(f"/oparl/v1.1/meeting/{meeting.pk}").json()
    assert {key: data[key] for key in oparl} == oparl
    assert problems({k: v for k, v in data.items() if k not in ("minutes", "attendance", "declarations")}) == []
    assert len(data["minutes"]) == meeting.items.count()
    rural = AgendaItem.objects.get(meeting=meeting, title="Rural Crime Strategy")
    blocks = next(m["blocks"] for m in data["minutes"] if m["agendaItem"].endswith(f"/agendaItem/{rural.pk}"))
    assert [b["type"] for b in blocks] == ["point", "point", "point", "question", "question", "resolution"]
    assert (
        blocks[3]["depth"] == 1 and blocks[3]["label"] == "·" and "around the clock" in blocks[3]["response"][0]["text"]
    )
    assert blocks[5]["leadIn"] == "RESOLVED:"
    assert {a["name"] for a in data["attendance"]} >= {"Cllr Harriet Vane", "Priya Olawale"}


def test_item_json(client, built):
    item = AgendaItem.objects.get(meeting=built["special"], title="Estates Strategy 2026-2030")
    data = client.get(f"/items/{item.pk}.json").json()
    assert data["name"] == item.title and data["meeting"].endswith(f"/meeting/{built['special'].pk}")
    resolution = data["minutes"][-1]
    assert resolution["type"] == "resolution"
    assert resolution["votes"] == {"for": 9, "against": 4, "abstentions": 2} and resolution["outcome"] == "carried"
    assert [c["label"] for c in resolution["clauses"]] == ["(a)", "(b)"]
    assert data["minutes"][7] == {
        "type": "heading",
        "label": "",
        "depth": 0,
        "id": data["minutes"][7]["id"],
        "text": "Custody suites",
    }


def test_drafts_404_and_an_agenda_has_no_minutes(client, built):
    draft_item = built["draft"].items.get()
    assert client.get(f"/meetings/{built['draft'].pk}.json").status_code == 404
    assert client.get(f"/items/{draft_item.pk}.json").status_code == 404
    Meeting.objects.filter(pk=built["wealdshire"].pk).update(status=Meeting.Status.AGENDA)
    data = client.get(f"/meetings/{built['wealdshire'].pk}.json").json()
    assert all(m["blocks"] == [] for m in data["minutes"]) and data["attendance"] == []
    assert "Whether the task force" not in str(data)


def test_exempt_item_is_its_summary(client, built):
    item = AgendaItem.objects.get(meeting=built["wealdshire"], title="Rural Crime Strategy")
    item.is_exempt, item.exempt_summary = True, "Noted in private."
    item.save()
    data = client.get(f"/items/{item.pk}.json").json()
    assert data["minutes"] == [{"type": "summary", "text": "Noted in private."}]
    assert data["public"] is False and "off-road" not in str(data)


def test_staff_see_a_draft_as_a_preview_never_cached_publicly(staff_client, built):
    response = staff_client.get(f"/meetings/{built['draft'].pk}.json")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_conditional_get(client, built):
    url = f"/meetings/{built['wealdshire'].pk}.json"
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
