"""`load_moderngov_ids`: a mapping file sets old ids in bulk, all rows or none, naming every bad line."""

import pytest
from django.core.management import CommandError, call_command

from minutes.models import AgendaItem, Meeting
from panels.models import Panel, Person
from tests.opendata import archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return archive.build()


def run(tmp_path, text, *args):
    path = tmp_path / "ids.csv"
    path.write_text(text, encoding="utf-8")
    call_command("load_moderngov_ids", str(path), *args)


def test_sets_every_kind_of_old_id_and_the_links_follow(client, tmp_path, built):
    meeting, panel = built["wealdshire"], built["wealdshire"].panel
    item = meeting.items.get(title="Rural Crime Strategy")
    person = built["people"]["Ezra Amis"]
    run(
        tmp_path,
        "record,key,moderngov_id\n"
        f"panel,{panel.slug},140\nperson,{person.slug},312\nmeeting,{meeting.pk},5021\n"
        f"item,{item.pk},77001\nissue,{item.pk},9001\n",
    )
    assert Panel.objects.get(pk=panel.pk).moderngov_id == 140
    assert Person.objects.get(pk=person.pk).moderngov_id == 312
    assert Meeting.objects.get(pk=meeting.pk).moderngov_id == 5021
    assert AgendaItem.objects.filter(pk=item.pk, moderngov_id=77001, moderngov_issue_id=9001).exists()
    assert client.get("/mgAi.aspx?ID=77001")["Location"] == item.get_absolute_url()


def test_a_bad_row_saves_nothing_and_every_problem_is_named(tmp_path, built):
    meeting = built["wealdshire"]
    with pytest.raises(CommandError) as error:
        run(tmp_path, f"meeting,{meeting.pk},5021\nmeeting,999999,1\nitem,{meeting.pk},abc\nward,1,2\npanel,x\n")
    message = str(error.value)
    for expected in ("line 2: no meeting '999999'", "line 3:", "line 4: 'ward'", "line 5: expected three columns"):
        assert expected in message
    assert Meeting.objects.get(pk=meeting.pk).moderngov_id is None


def test_an_old_id_given_twice_is_refused_whole(tmp_path, built):
    first, second = built["wealdshire"], built["special"]
    with pytest.raises(CommandError, match="5021 is already another Meeting"):
        run(tmp_path, f"meeting,{first.pk},5021\nmeeting,{second.pk},5021\n")
    assert not Meeting.objects.filter(moderngov_id=5021).exists()


def test_dry_run_saves_nothing(tmp_path, built):
    meeting = built["wealdshire"]
    run(tmp_path, f"meeting,{meeting.pk},5021\n", "--dry-run")
    assert Meeting.objects.get(pk=meeting.pk).moderngov_id is None
