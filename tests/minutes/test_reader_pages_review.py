"""What a reader sees of a record's state and references: draft minutes said plainly on the pages and in the text,
documents the archive does not hold, the record's own 'Additional documents:' flag, the contact's email, the item
pager, the panel filter and search snippets."""

import re

import pytest
from django.test import Client

from minutes.models import AgendaItem, Document, Meeting
from minutes.output.rendering import DRAFT_NOTICE
from tests import records
from tests.text import page_lines

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def item_section(html, item):
    """The meeting page's section of one item."""
    start = html.index(f'id="item-{item.pk}"')
    end = html.find('<section class="meeting-item"', start + 1)
    return html[start : end if end > 0 else None]


# Draft minutes.


def test_draft_minutes_say_so_on_the_pages_and_in_the_text(client):
    item = records.build_seed(status=Meeting.Status.DRAFT_MINUTES)
    meeting = item.meeting
    for url in (meeting.get_absolute_url(), item.get_absolute_url()):
        lines = page_lines(html_of(client, url))
        # Right under the page's heading (and its meeting line on the item page), before any minutes.
        notice = next(i for i, line in enumerate(lines) if line.startswith(DRAFT_NOTICE))
        assert notice <= lines.index(next(line for line in lines if line.startswith("Victim Satisfaction Update"))) + 2
        assert notice < lines.index("Minutes:")
    for url in (f"/meetings/{meeting.pk}/minutes.txt", f"/items/{item.pk}/minutes.txt"):
        paragraphs = html_of(client, url).split("\n\n")
        assert paragraphs[2] == DRAFT_NOTICE


def test_approved_minutes_and_an_agenda_carry_no_draft_notice(client):
    approved = records.build_seed(status=Meeting.Status.APPROVED)
    for url in (
        approved.meeting.get_absolute_url(),
        approved.get_absolute_url(),
        f"/meetings/{approved.meeting.pk}/minutes.txt",
        f"/items/{approved.pk}/minutes.txt",
    ):
        assert DRAFT_NOTICE not in html_of(client, url)
    # An agenda shows no minutes at all, so there is nothing to call draft.
    agenda = records.build_seed(status=Meeting.Status.AGENDA)
    assert DRAFT_NOTICE not in html_of(client, agenda.meeting.get_absolute_url())


def test_a_clerks_preview_of_unpublished_minutes_is_marked_draft(staff_client):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    html = html_of(staff_client, item.get_absolute_url())
    assert "Preview:" in html and DRAFT_NOTICE in html
    assert Client().get(item.get_absolute_url()).status_code == 404


# Documents the archive names but does not hold.


def test_a_document_without_a_file_is_plain_text_saying_it_is_not_held(client, wealdshire):
    approval = AgendaItem.objects.get(meeting=wealdshire, number="59")
    Document.objects.create(item=approval, title="Appendix A", file_format="PDF", size_bytes=40 * 1024)
    html = html_of(client, wealdshire.get_absolute_url())
    section = item_section(html, approval)
    heading = re.search(r"<h3.*?</h3>", section, re.DOTALL)[0]
    assert "(PDF 204 KB, not held in this archive)" in heading
    assert 'class="document"' not in section
    assert "Appendix A <span" in section and "(PDF 40 KB, not held in this archive)" in section
    item_html = html_of(client, approval.get_absolute_url())
    assert "(PDF 204 KB, not held in this archive)" in item_html
    assert 'class="document"' not in item_html


# 'Additional documents:' follows the record's flag on the page as in the text.


def test_additional_documents_label_follows_the_records_flag(client, wealdshire):
    apologies = AgendaItem.objects.get(meeting=wealdshire, number="57")
    declarations = AgendaItem.objects.get(meeting=wealdshire, number="58")
    AgendaItem.objects.filter(pk=declarations.pk).update(show_documents_label=False)
    assert apologies.show_documents_label and not apologies.documents.exists()
    html = html_of(client, wealdshire.get_absolute_url())
    assert "Additional documents:" in item_section(html, apologies)
    assert "Additional documents:" not in item_section(html, declarations)
    text = html_of(client, f"/meetings/{wealdshire.pk}/minutes.txt")
    after_57 = text.split("\n\n57.\n\n", 1)[1].split("\n\n58.\n\n", 1)
    assert "Additional documents:" in after_57[0]
    assert "Additional documents:" not in after_57[1].split("\n\n59.\n\n", 1)[0]
    # Counted over the whole page: the five flagged items, the unflagged one not.
    assert html.count("Additional documents:") == 5


# The contact, the pager, the panel filter.


def test_the_contacts_email_is_a_mailto_link_and_other_text_stays_escaped(client, wealdshire):
    html = html_of(client, wealdshire.get_absolute_url())
    assert '<a href="mailto:panel.clerk@wealdshire.example">panel.clerk@wealdshire.example</a>' in html
    wealdshire.contact = "Anna Taylor <b>03000 416478</b>"
    wealdshire.save()
    html = html_of(client, wealdshire.get_absolute_url())
    assert "mailto:" not in html
    assert "Anna Taylor &lt;b&gt;03000 416478&lt;/b&gt;" in html


def test_an_only_item_has_no_empty_pager(client):
    seed = records.build_seed()
    assert 'class="pager"' not in html_of(client, seed.get_absolute_url())
    AgendaItem.objects.create(meeting=seed.meeting, title="Work Programme")
    html = html_of(client, seed.get_absolute_url())
    assert 'class="pager"' in html and "Next item: Work Programme" in html


@pytest.mark.parametrize("url", ["/items/", "/search/?q=panel"])
def test_any_panel_is_offered_once(client, wealdshire, url):
    html = html_of(client, url)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", html.split('name="panel"', 1)[1].split("</select>", 1)[0])
    assert options == ["Any panel", "Wealdshire Police and Crime Panel"]
    # An unknown panel is still refused with the form's message, not taken as "any".
    assert client.get(f"{url}{'&' if '?' in url else '?'}panel=nowhere").status_code == 400


# Search snippets keep the title apart from the text.


def test_a_snippet_does_not_run_the_title_into_the_text(client):
    meeting = Meeting.objects.create(panel=records.wealdshire_panel(), date="2026-05-01", status=Meeting.Status.AGENDA)
    AgendaItem.objects.create(
        meeting=meeting, title="Estates Update", description="The Commissioner will report on the estates review."
    )
    from minutes.search import refresh_search_document

    for item in AgendaItem.objects.all():
        refresh_search_document(item.pk)
    html = html_of(client, "/search/?q=estates")
    snippet = re.sub(r"<[^>]+>", "", re.search(r'<p class="snippet">(.*?)</p>', html, re.DOTALL)[1])
    assert "Estates Update — The Commissioner" in snippet
    assert "Update The Commissioner" not in snippet


def test_a_paragraph_ending_in_a_full_stop_is_not_given_a_dash():
    from minutes.search.engine import separate_lines, simple_snippet

    assert separate_lines("Estates Update\nThe Commissioner spoke.\nHe left.") == (
        "Estates Update — The Commissioner spoke.\nHe left."
    )
    text = "".join(piece for piece, _ in simple_snippet("Estates Update\nThe Commissioner spoke.", "commissioner"))
    assert text == "Estates Update — The Commissioner spoke."
