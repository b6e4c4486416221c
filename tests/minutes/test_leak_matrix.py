"""The leak matrix: every public route × every meeting state × exempt or not. An anonymous reader sees exactly what
the rules allow — a draft meeting nowhere, unpublished minutes nowhere, an exempt item's text nowhere — in the text
of every page, feed, calendar, sitemap and file, in the records they link to, and in the hits a search returns. A
route added to the site (an API, a feed) without a row here fails `test_every_public_route_is_in_the_matrix`."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader

from minutes.alerts import tokens
from minutes.models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from minutes.opendata import bulk
from panels.models import Membership, Person
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
    # A member named in every state's record: present, declaring, asking, voting (also inside the exempt item).
    member = Person.objects.create(honorific="Cllr", name="Leaky Member", slug="leaky-member")
    Membership.objects.create(panel=panel, person=member, council="Ashbury Borough Council")
    built = {}
    for n, state in enumerate(STATES, start=1):
        meeting = Meeting.objects.create(panel=panel, date=f"2025-0{n}-10", status=state, venue="Shire Hall")
        item = AgendaItem.objects.create(meeting=meeting, number=str(n), title=f"Report {word('title', state)}")
        MinutePoint.objects.create(item=item, label="1.", text=f"Minute {word('minute', state)} text.")
        Question.objects.create(
            item=item, label="·", depth=1, text="Whether?", response=f"{word('answer', state)}.", asked_by=member
        )
        Attendance.objects.create(meeting=meeting, person=member, kind="present")
        declaration = Declaration.objects.create(meeting=meeting, item=item, interest=f"{word('declared', state)}.")
        declaration.people.add(member)
        Resolution.objects.create(item=item, lead_in="RESOLVED", text=f"that {word('resolved', state)} be noted.")
        exempt = AgendaItem.objects.create(
            meeting=meeting,
            title="Exempt contract",
            description=f"Tender {word('exemptdesc', state)}.",  # the public reads an exempt item's summary only
            is_exempt=True,
            exempt_summary=f"SUMMARY OF EXEMPT ITEM {word('summary', state)}.",
        )
        MinutePoint.objects.create(item=exempt, label="1.", text=f"Secret {word('exempt', state)} figures.")
        Question.objects.create(item=exempt, label="·", text=f"Whether {word('exempt', state)}?", asked_by=member)
        Resolution.objects.create(
            item=exempt, lead_in="RESOLVED", text=f"that {word('exempt', state)} be paid.",
            vote_detail={"for": ["Cllr Leaky Member"], "moved_by": "Leaky Member"},
        )  # fmt: skip
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
    signup = {"email": "reader@example.org", "kind": "panel", "panel": meeting.panel_id, "person": None, "query": ""}
    return {
        "home": ["/"],
        "panel-list": ["/panels/"],
        "panel": [f"/panels/{slug}/"],
        "meeting": [meeting.get_absolute_url()],
        "meeting-txt": [f"/meetings/{meeting.pk}/minutes.txt"],
        "meeting-pdf": [f"/meetings/{meeting.pk}/minutes.pdf"],
        "meeting-ics": [f"/meetings/{meeting.pk}/meeting.ics"],
        "item-list": ["/items/", f"/items/?panel={slug}&has_resolutions=yes", f"/items/?panel={slug}&format=rss"],
        "item": [item.get_absolute_url(), exempt.get_absolute_url()],
        "item-txt": [f"/items/{item.pk}/minutes.txt", f"/items/{exempt.pk}/minutes.txt"],
        "item-pdf": [f"/items/{item.pk}/minutes.pdf", f"/items/{exempt.pk}/minutes.pdf"],
        "search": [
            f"/search/?{fmt}q={word(kind, meeting.status)}"
            for kind in ("title", "minute", "answer", "exempt", "exemptdesc", "summary")
            for fmt in ("", "format=atom&")
        ],
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
        "signup": ["/alerts/", f"/alerts/?panel={slug}"],
        "request-manage-link": ["/alerts/manage/"],
        "confirm": [f"/alerts/confirm/{tokens.make(tokens.CONFIRM, signup)}/"],
        "manage": [f"/alerts/manage/{tokens.make(tokens.MANAGE, {'e': 'reader@example.org'})}/"],
        "unsubscribe": [f"/alerts/unsubscribe/{tokens.make(tokens.UNSUBSCRIBE, {'s': 1})}/"],
        "health": ["/health/"],
        "person-list": ["/people/", f"/people/?panel={slug}"],
        "person": ["/people/leaky-member/"],
        "person-feed": ["/people/leaky-member/feed.atom"],
        "panel-attendance": [f"/panels/{slug}/attendance/?year=2025"],
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


MINUTES_STATES = ("draft_minutes", "approved")
# Routes that list meetings by their published minutes: an agenda alone does not put a meeting in them.
MINUTES_ROUTES = {"minutes-feed-rss", "minutes-feed-atom", "panel-minutes-feed-rss", "panel-minutes-feed-atom"}


def forbidden_links(record, state, route):
    """Patterns of the addresses of this state's records that `route` must not link to (or list, or name)."""
    meeting, item, exempt, documents = record["meeting"], record["item"], record["exempt"], record["documents"]
    pages, files = [], [documents[1]]  # an exempt item's paper: never
    if state == "draft" or (route in MINUTES_ROUTES and state not in MINUTES_STATES):
        pages.append(f"/meetings/{meeting.pk}/")
    if state == "draft":
        pages += [f"/items/{item.pk}/", f"/items/{exempt.pk}/"]
        files.append(documents[0])
    if state not in MINUTES_STATES:
        pages += [f"/meetings/{meeting.pk}/minutes.", f"/items/{item.pk}/minutes.", f"/items/{exempt.pk}/minutes."]
        files.append(documents[2])  # the signed minutes wait for the minutes
    # A page's address ends there ('/meetings/5/' is not '/meetings/5/minutes.txt'); a file's is followed by its name.
    patterns = [re.escape(p) + ("" if p.endswith(".") else r"(?![\w.])") for p in pages]
    return patterns + [re.escape(f"/documents/{d.pk}/") for d in files]


def allowed_words(state):
    """What of this state's record an anonymous reader may see anywhere."""
    if state == "draft":
        return set()
    if state in ("draft_minutes", "approved"):
        return {
            word(kind, state) for kind in ("title", "minute", "answer", "resolved", "printed", "summary", "declared")
        }
    return {word("title", state)}  # agenda, cancelled, postponed: the agenda only


@pytest.mark.parametrize("state", STATES)
def test_anonymous_reader_sees_exactly_what_the_rules_allow(client, archive, bulk_download, state):
    record = archive[state]
    kinds = ("title", "minute", "answer", "resolved", "exempt", "printed", "exemptdesc", "summary", "declared")
    everything = {word(kind, state) for kind in kinds}
    forbidden = everything - allowed_words(state)
    for name, urls in routes(record).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            body = text_of(response)
            shown = body.replace(url.split("q=")[-1], "") if name == "search" else body  # the query is echoed
            for secret in forbidden:
                assert secret not in shown, f"{secret} leaked through {name} ({url})"
            for link in forbidden_links(record, state, name):
                assert not re.search(link, body), f"{name} ({url}) links to {link}"


def hits(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    results = response.context["results"]
    return {hit.item.pk for hit in results.hits}, results.total


@pytest.mark.parametrize("state", STATES)
def test_search_finds_exactly_what_the_rules_allow(client, archive, state):
    """The hits themselves, not only the page's text: a hit for a word of unpublished minutes reveals them even when
    its snippet shows only the agenda."""
    record = archive[state]
    for kind in ("title", "minute", "answer", "resolved", "exempt"):
        found, total = hits(client, word(kind, state))
        if word(kind, state) in allowed_words(state):
            assert found == {record["item"].pk} and total == 1, f"{word(kind, state)} should find its item"
        else:
            assert found == set() and total == 0, f"{word(kind, state)} found {found}"
    # The exempt item is found by what the public reads of it: its title once its meeting is public, its summary
    # (its minute) once the minutes are; never by its description.
    found, _ = hits(client, "Exempt contract")
    assert (record["exempt"].pk in found) == (state != "draft")
    for kind in ("summary", "exemptdesc"):
        found, total = hits(client, word(kind, state))
        if word(kind, state) in allowed_words(state):
            assert found == {record["exempt"].pk} and total == 1, f"{word(kind, state)} should find the exempt item"
        else:
            assert found == set() and total == 0, f"{word(kind, state)} found {found}"


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
        f"/meetings/{record['meeting'].pk}/meeting.ics": public,
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
        assert "SUMMARY OF EXEMPT ITEM Zqsummaryapprovedx." in text_of(client.get(url)), url


@pytest.mark.parametrize("state", STATES)
def test_alert_mail_carries_only_what_the_rules_allow(archive, state, settings, mailoutbox):
    from django.utils import timezone

    from minutes.alerts.models import Subscription
    from minutes.alerts.tasks import announce_publication

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    meeting = archive[state]["meeting"]
    everything = {word(kind, state) for kind in ("title", "minute", "answer", "resolved", "exempt", "printed")}
    for secret in everything:
        Subscription.objects.create(
            email=f"{secret}@example.org", kind="search", query=secret, confirmed_at=timezone.now()
        )
    Subscription.objects.create(email="p@example.org", kind="panel", panel=meeting.panel, confirmed_at=timezone.now())
    for event in ("agenda", "minutes"):
        announce_publication.call(meeting.pk, event, timezone.now().isoformat())
    forbidden = everything - allowed_words(state)
    for message in mailoutbox:
        text = message.body + "".join(content for content, _ in message.alternatives)
        text = text.replace(message.to[0].split("@")[0], "")  # a search's own words, in its own mail
        for secret in forbidden:
            assert secret not in text, f"{secret} leaked in alert mail to {message.to}"
    assert bool(mailoutbox) == (state != "draft")


def listed(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, params
    return set(re.findall(r'<h3><a href="/items/(\d+)/"', response.content.decode()))


@pytest.mark.parametrize("state", STATES)
def test_no_search_query_can_test_a_word_the_reader_may_not_see(client, archive, state):
    """Negated and OR'd words against unpublished text answer exactly as a word found nowhere does: the query never
    touches text the reader may not read (issue 14, finding 1)."""
    record = archive[state]
    own = {str(record["item"].pk), str(record["exempt"].pk)}
    kinds = ("minute", "answer", "resolved", "exempt", "exemptdesc", "summary")
    unseen = {word(kind, state) for kind in kinds} - allowed_words(state)
    nowhere = "Zqnowherex"
    title = word("title", state)
    for secret in unseen:
        assert listed(client, q=f"{title} -{secret}") == listed(client, q=f"{title} -{nowhere}"), secret
        for sort in ("newest", "oldest", "relevance"):
            assert listed(client, q=f"-{secret}", sort=sort) & own == listed(client, q=f"-{nowhere}", sort=sort) & own
        assert listed(client, q=f"{secret} or {nowhere}") == set(), secret
        assert listed(client, q=f"Report -{secret}") == listed(client, q=f"Report -{nowhere}"), secret


def sweep(client, record, forbidden, expected_status=None):
    for name, urls in routes(record).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            if expected_status and url in expected_status:
                assert response.status_code == expected_status[url], url
            body = text_of(response)
            shown = body.replace(url.split("q=")[-1], "") if name == "search" else body
            for secret in forbidden:
                assert secret not in shown, f"{secret} leaked through {name} ({url})"


def test_a_draft_whose_cancellation_was_not_announced_stays_unseen(client, archive):
    from minutes.record import workflow
    from tests.minutes.trust import user_in

    record = archive["draft"]
    with pytest.raises(workflow.TransitionError):
        workflow.apply(record["meeting"], "cancel_meeting", user_in("Publisher"))
    kinds = ("title", "minute", "answer", "resolved", "exempt", "printed", "exemptdesc", "summary")
    sweep(client, record, {word(kind, "draft") for kind in kinds})


def test_withdrawn_minutes_show_only_the_notice(client, archive):
    from minutes.record import workflow
    from tests.minutes.trust import user_in

    record = archive["approved"]
    workflow.apply(record["meeting"], "withdraw", user_in("Publisher"), reason="Zqreasonx: signed off in error.")
    kinds = ("title", "minute", "answer", "resolved", "exempt", "printed", "exemptdesc", "summary")
    meeting, item = record["meeting"], record["item"]
    gone = {meeting.get_absolute_url(): 410, item.get_absolute_url(): 410, f"/items/{item.pk}/minutes.txt": 410}
    sweep(client, record, {word(kind, "approved") for kind in kinds}, gone)
    assert "Zqreasonx" in client.get(meeting.get_absolute_url()).content.decode()


def test_redacted_words_are_nowhere(client, archive):
    import datetime

    from django.utils import timezone

    record = archive["approved"]
    meeting = record["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(approved_at=timezone.now() - datetime.timedelta(hours=1))
    point = record["item"].points.get()
    point.text += " Zqpersonalx of 12 Acacia Road."
    point._change_reason = "Speaker named."
    point.save()
    assert "Zqpersonalx" in client.get(record["item"].get_absolute_url()).content.decode()
    point.text = point.text.replace(" Zqpersonalx of 12 Acacia Road.", "")
    point._change_reason, point._redaction = "Personal data removed.", True
    point.save()
    sweep(client, record, {"Zqpersonalx", "Acacia"})
    assert "Text removed on" in client.get(record["item"].get_absolute_url()).content.decode()
