"""The leak matrix: every public route × every meeting state × exempt or not. An anonymous reader sees exactly what
the rules allow — a draft meeting nowhere, unpublished minutes nowhere, an exempt item's text nowhere — and a route
added to the site without a row here fails `test_every_public_route_is_in_the_matrix`."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from minutes.models import AgendaItem, Document, Meeting, MinutePoint, Question, Resolution
from minutes.opendata import bulk
from tests import records

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATES = [s.value for s in Meeting.Status]


def word(kind, state):
    return f"Zq{kind}{state.replace('_', '')}x"


@pytest.fixture
def archive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    panel = records.wealdshire_panel()
    built = {}
    for n, state in enumerate(STATES, start=1):
        meeting = Meeting.objects.create(panel=panel, date=f"2025-0{n}-10", status=state, venue="Shire Hall")
        item = AgendaItem.objects.create(meeting=meeting, number=str(n), title=f"Report {word('title', state)}")
        MinutePoint.objects.create(item=item, label="1.", text=f"Minute {word('minute', state)} text.")
        Question.objects.create(item=item, label="·", depth=1, text="Whether?", response=f"{word('answer', state)}.")
        Resolution.objects.create(item=item, lead_in="RESOLVED", text=f"that {word('resolved', state)} be noted.")
        exempt = AgendaItem.objects.create(
            meeting=meeting, title="Exempt contract", is_exempt=True, exempt_summary="SUMMARY OF EXEMPT ITEM."
        )
        MinutePoint.objects.create(item=exempt, label="1.", text=f"Secret {word('exempt', state)} figures.")
        documents = [
            Document.objects.create(item=target, title=f"Paper {target.pk}", file=SimpleUploadedFile("p.pdf", PDF))
            for target in (item, exempt)
        ]
        documents.append(
            Document.objects.create(
                meeting=meeting, kind=Document.Kind.PRINTED_MINUTES, title=f"Signed {word('printed', state)}",
                file=SimpleUploadedFile("signed.pdf", PDF),
            )
        )  # fmt: skip
        built[state] = {"meeting": meeting, "item": item, "exempt": exempt, "documents": documents}
    return built


def routes(record):
    """Every public route, as the URLs that would show this state's record."""
    meeting, item, exempt, documents = record["meeting"], record["item"], record["exempt"], record["documents"]
    slug = meeting.panel.slug
    return {
        "home": ["/"],
        "panel-list": ["/panels/"],
        "panel": [f"/panels/{slug}/"],
        "meeting": [meeting.get_absolute_url()],
        "meeting-txt": [f"/meetings/{meeting.pk}/minutes.txt"],
        "meeting-pdf": [f"/meetings/{meeting.pk}/minutes.pdf"],
        "item-list": ["/items/", f"/items/?panel={slug}&has_resolutions=yes"],
        "item": [item.get_absolute_url(), exempt.get_absolute_url()],
        "item-txt": [f"/items/{item.pk}/minutes.txt", f"/items/{exempt.pk}/minutes.txt"],
        "item-pdf": [f"/items/{item.pk}/minutes.pdf", f"/items/{exempt.pk}/minutes.pdf"],
        "search": [f"/search/?q={word(kind, meeting.status)}" for kind in ("title", "minute", "answer", "exempt")],
        "document": [d.get_absolute_url() for d in documents],
        "minutes-feed-rss": ["/feeds/minutes.rss"],
        "minutes-feed-atom": ["/feeds/minutes.atom"],
        "panel-minutes-feed-rss": [f"/panels/{slug}/minutes.rss"],
        "panel-minutes-feed-atom": [f"/panels/{slug}/minutes.atom"],
        "meetings-ics": ["/meetings.ics"],
        "panel-meetings-ics": [f"/panels/{slug}/meetings.ics"],
        "sitemap": ["/sitemap.xml"],
        "sitemap-section": ["/sitemap-panels.xml", "/sitemap-meetings.xml", "/sitemap-items.xml"],
        "robots": ["/robots.txt"],
        # Open data (minutes/opendata/).
        "moderngov": [
            "/mgWebService.asmx/GetCommittees",
            "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0",
            f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}",
            "/mgWebService.asmx/GetCouncillorsByWard",
            "/mgWebService.asmx/GetMemberGroup",
        ],
        "legacy-page": [
            f"/mgAi.aspx?ID={item.pk}",
            f"/mgAi.aspx?ID={exempt.pk}",
            f"/ieListDocuments.aspx?MId={meeting.pk}",
        ],
        "legacy-document": [f"/documents/s{d.pk}/p.pdf" for d in documents],
        "meeting-akn": [f"/meetings/{meeting.pk}/minutes.akn.xml"],
        "meeting-json": [f"/meetings/{meeting.pk}.json"],
        "item-json": [f"/items/{item.pk}.json", f"/items/{exempt.pk}.json"],
        "data": ["/data/"],
        "data-download": ["/data/" + name for name in bulk.dumps()],
        "oparl-system": ["/oparl/v1.1/system"],
        "oparl-bodies": ["/oparl/v1.1/bodies"],
        "oparl-body": ["/oparl/v1.1/body/1"],
        "oparl-body-list": [f"/oparl/v1.1/body/1/{name}" for name in ("meeting", "agendaItem", "file", "location")],
        "oparl-organization-meetings": [f"/oparl/v1.1/organization/{meeting.panel_id}/meeting"],
        "oparl-object": [
            f"/oparl/v1.1/meeting/{meeting.pk}",
            f"/oparl/v1.1/agendaItem/{item.pk}",
            f"/oparl/v1.1/agendaItem/{exempt.pk}",
            f"/oparl/v1.1/location/{meeting.pk}",
            f"/oparl/v1.1/file/minutes-{meeting.pk}",
            *[f"/oparl/v1.1/file/{d.pk}" for d in documents],
        ],
    }


def public_route_names():
    names = set()

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name != "admin":
                    walk(entry.url_patterns)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(entry.name)

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def bulk_download(archive):
    """The bulk download built from this archive, as the export command would build it."""
    bulk.build_archive()


def test_every_public_route_is_in_the_matrix(archive):
    assert set(routes(archive["approved"])) == public_route_names()


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):  # the bulk download: every file in it
        archive = zipfile.ZipFile(io.BytesIO(body))
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    if response.get("Content-Type", "").startswith("application/pdf") and body.startswith(b"%PDF") and len(body) > 200:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", "replace")


def allowed_words(state):
    """What of this state's record an anonymous reader may see anywhere."""
    if state == "draft":
        return set()
    if state in ("draft_minutes", "approved"):
        return {word(kind, state) for kind in ("title", "minute", "answer", "resolved", "printed")}
    return {word("title", state)}  # agenda, cancelled, postponed: the agenda only


@pytest.mark.parametrize("state", STATES)
def test_anonymous_reader_sees_exactly_what_the_rules_allow(client, archive, bulk_download, state):
    record = archive[state]
    everything = {word(kind, state) for kind in ("title", "minute", "answer", "resolved", "exempt", "printed")}
    forbidden = everything - allowed_words(state)
    for name, urls in routes(record).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            body = text_of(response)
            shown = body.replace(url.split("q=")[-1], "") if name == "search" else body  # the query is echoed
            for secret in forbidden:
                assert secret not in shown, f"{secret} leaked through {name} ({url})"


@pytest.mark.parametrize("state", STATES)
def test_status_codes_of_a_records_own_routes(client, archive, state):
    record = archive[state]
    public = state != "draft"
    minutes = state in ("draft_minutes", "approved")
    item, exempt = record["item"], record["exempt"]
    expected = {
        record["meeting"].get_absolute_url(): public,
        item.get_absolute_url(): public,
        exempt.get_absolute_url(): public,
        f"/meetings/{record['meeting'].pk}/minutes.txt": minutes,
        f"/meetings/{record['meeting'].pk}/minutes.pdf": minutes,
        f"/meetings/{record['meeting'].pk}/minutes.akn.xml": minutes,
        f"/items/{item.pk}/minutes.txt": minutes,
        f"/items/{item.pk}/minutes.pdf": minutes,
        record["documents"][0].get_absolute_url(): public,
        record["documents"][1].get_absolute_url(): False,  # an exempt item's paper
        record["documents"][2].get_absolute_url(): minutes,  # the signed minutes wait for the minutes
    }
    for url, visible in expected.items():
        assert client.get(url).status_code == (200 if visible else 404), url


def test_exempt_item_shows_its_summary_where_minutes_are_public(client, archive):
    exempt = archive["approved"]["exempt"]
    for url in (exempt.get_absolute_url(), f"/items/{exempt.pk}/minutes.txt", f"/items/{exempt.pk}/minutes.pdf"):
        assert "SUMMARY OF EXEMPT ITEM." in text_of(client.get(url)), url
