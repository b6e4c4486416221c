"""Old ModernGov addresses: each pattern sends a known id to its new page with a 301, answers an unknown id (or a
record the public may not see) with the site's 404, and a malformed one with a 400 that says what is wrong."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minutes.models import AgendaItem, Document, Meeting
from panels.models import Panel, Person
from tests.opendata import archive

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def old_ids(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = archive.build()
    wealdshire, draft = built["wealdshire"], built["draft"]
    panel = wealdshire.panel
    Panel.objects.filter(pk=panel.pk).update(moderngov_id=140)
    Meeting.objects.filter(pk=wealdshire.pk).update(moderngov_id=5021)
    Meeting.objects.filter(pk=draft.pk).update(moderngov_id=5099)
    rural = AgendaItem.objects.get(meeting=wealdshire, title="Rural Crime Strategy")
    AgendaItem.objects.filter(pk=rural.pk).update(moderngov_id=77001, moderngov_issue_id=9001)
    AgendaItem.objects.filter(meeting=draft).update(moderngov_id=77099, moderngov_issue_id=9099)
    person = built["people"]["Rhoda Dale"]
    Person.objects.filter(pk=person.pk).update(moderngov_id=312)
    paper = Document.objects.create(
        item=rural, title="Strategy", file=SimpleUploadedFile("strategy.pdf", PDF), moderngov_id=88123
    )
    return {"panel": panel, "meeting": wealdshire, "item": rural, "person": person, "paper": paper}


def assert_redirect(client, url, target):
    response = client.get(url)
    assert response.status_code == 301, url
    assert response["Location"] == target, url


def test_each_old_address_with_a_known_id_moves_permanently(client, old_ids):
    meeting, item, panel = old_ids["meeting"], old_ids["item"], old_ids["panel"]
    assert_redirect(client, "/mgAi.aspx?ID=77001", item.get_absolute_url())
    assert_redirect(client, "/mgIssueHistoryHome.aspx?IId=9001", item.get_absolute_url())
    assert_redirect(client, "/ieListDocuments.aspx?CId=140&MId=5021", meeting.get_absolute_url())
    assert_redirect(client, "/mgCommitteeDetails.aspx?ID=140", panel.get_absolute_url())
    assert_redirect(client, "/ieListMeetings.aspx?CommitteeId=140", panel.get_absolute_url())
    assert_redirect(client, "/mgUserInfo.aspx?UID=312", f"/people/{old_ids['person'].slug}/")
    assert_redirect(client, "/documents/s88123/Strategy.pdf", old_ids["paper"].get_absolute_url())


def test_case_is_ignored_as_the_old_server_ignored_it(client, old_ids):
    assert_redirect(client, "/mgai.aspx?id=77001", old_ids["item"].get_absolute_url())
    assert_redirect(client, "/IELISTDOCUMENTS.ASPX?cid=140&mid=5021", old_ids["meeting"].get_absolute_url())


def test_a_record_without_an_old_id_answers_to_the_id_the_web_service_gave_out(client, old_ids):
    vane = Person.objects.get(name="Harriet Vane")
    assert_redirect(client, f"/mgUserInfo.aspx?UID={vane.pk}", f"/people/{vane.slug}/")


@pytest.mark.parametrize(
    "url",
    [
        "/mgAi.aspx?ID=123456",
        "/mgIssueHistoryHome.aspx?IId=123456",
        "/ieListDocuments.aspx?CId=140&MId=123456",
        "/mgCommitteeDetails.aspx?ID=123456",
        "/ieListMeetings.aspx?CommitteeId=123456",
        "/mgUserInfo.aspx?UID=123456",
        "/documents/s123456/Nothing.pdf",
        "/mgNoSuchPage.aspx?ID=1",
        # A draft's old ids lead nowhere, as its new addresses do.
        "/mgAi.aspx?ID=77099",
        "/mgIssueHistoryHome.aspx?IId=9099",
        "/ieListDocuments.aspx?MId=5099",
    ],
)
def test_unknown_or_unpublished_ids_give_the_sites_404(client, old_ids, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("url", ["/mgAi.aspx", "/mgAi.aspx?ID=abc", "/mgUserInfo.aspx?UID=-3", "/mgAi.aspx?ID=9" * 3])
def test_a_malformed_id_is_a_400_that_says_so(client, old_ids, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "ID=" in response.content.decode() or "UID=" in response.content.decode()


def test_an_exempt_items_paper_is_not_reached_through_its_old_id(client, old_ids):
    item = old_ids["item"]
    AgendaItem.objects.filter(pk=item.pk).update(is_exempt=True, exempt_summary="Taken in private.")
    assert client.get("/documents/s88123/Strategy.pdf").status_code == 404
