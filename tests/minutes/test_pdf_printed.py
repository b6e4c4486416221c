"""The printed minutes' content: the seed's paragraphs in order, the printed form's header lines, marks, exempt items
and the accessibility metadata of the PDF."""

import datetime
import io
import re

import pypdf
import pytest

from minutes.models import AgendaItem, Attendance, Meeting, MinutePoint
from minutes.output import pdf
from panels.models import Panel
from tests import records

PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


def normalise(text):
    return " ".join(text.split())


def reader(data):
    return pypdf.PdfReader(io.BytesIO(data))


def raw_text(data):
    return "\n".join(page.extract_text() for page in reader(data).pages)


def running_text(meeting):
    """The page head (panel, date) and foot (mark) as pypdf reads them: the margin boxes of one line, joined."""
    return [f"{pdf.panel_full_name(meeting.panel)} {pdf.printed_date(meeting.date)}", pdf.marks_for(meeting)]


def body_text(data, meeting):
    """The text in reading order, without the running header and footer repeated on every page."""
    pages = []
    for page in reader(data).pages:
        text = PAGE_NUMBER.sub("", normalise(page.extract_text()))
        for running in filter(None, running_text(meeting)):
            text = text.replace(running, "")
        pages.append(text)
    return normalise(" ".join(pages))


def meeting_pdf(meeting):
    return pdf.render_meeting_pdf(Meeting.objects.for_meeting_page().get(pk=meeting.pk))


def assert_in_order(paragraphs, text):
    position = 0
    for paragraph in paragraphs:
        found = text.find(normalise(paragraph), position)
        assert found >= 0, f"missing or out of order: {paragraph[:80]!r}"
        position = found + len(normalise(paragraph))


@pytest.mark.django_db
def test_seed_paragraphs_print_in_order():
    item = records.build_seed()
    data = meeting_pdf(item.meeting)
    body = records.paragraphs_of(records.SEED_PATH)[3:-1]
    assert len(body) == 10
    assert_in_order(
        [
            "KENT COUNTY COUNCIL",
            "KENT AND MEDWAY POLICE AND CRIME PANEL",
            "MINUTES of a meeting of the Kent and Medway Police and Crime Panel on Tuesday, 14 July 2020.",
            "Note: Demonstration copy: the agenda item is reproduced as published; this meeting's date is a placeholder.",
            "UNRESTRICTED ITEMS",
            "Victim Satisfaction Update",
            *body,
        ],
        body_text(data, item.meeting),
    )
    raw = raw_text(data)
    assert re.search(r"^Page 1 of \d+$", raw, re.MULTILINE)
    for page in reader(data).pages:
        assert "Kent and Medway Police and Crime Panel Tuesday, 14 July 2020" in normalise(page.extract_text())


@pytest.mark.django_db
def test_printed_form_header_attendance_and_item_headings():
    meeting = records.build_wealdshire_meeting()
    AgendaItem.objects.filter(meeting=meeting, number="60").update(agenda_code="A4")
    rows = [
        ("present", "Cllr A Birch", "Chair", "Ashbury Borough Council"),
        ("present", "Mr R Bird", "Vice-Chair", "Wealdshire County Council"),
        ("present", "Cllr C Dale", "", "Weald District Council"),
        ("also_present", "Mr M Scott", "Police and Crime Commissioner", ""),
        ("in_attendance", "Ms P Olawale", "Panel Clerk", ""),
        ("apologies", "Cllr H Vane", "", ""),
    ]
    for position, (kind, name, role, council) in enumerate(rows):
        Attendance.objects.create(meeting=meeting, kind=kind, position=position, name=name, role=role, council=council)
    text = body_text(meeting_pdf(meeting), meeting)
    assert_in_order(
        [
            "WEALDSHIRE COUNTY COUNCIL",
            "WEALDSHIRE POLICE AND CRIME PANEL",
            "MINUTES of a meeting of the Wealdshire Police and Crime Panel held in Committee Room 2, Shire Hall, "
            "Ashbury on Wednesday, 4 March 2026.",
            "PRESENT: Cllr A Birch (Chair) (Ashbury Borough Council), Mr R Bird (Vice-Chair) (Wealdshire County "
            "Council), Cllr C Dale (Weald District Council)",
            "ALSO PRESENT: Mr M Scott (Police and Crime Commissioner)",
            "IN ATTENDANCE: Ms P Olawale (Panel Clerk)",
            "APOLOGIES: Cllr H Vane",
            "UNRESTRICTED ITEMS",
            "57. Apologies and Substitutes",
            "1. Apologies were received from:",
            "· Cllr Miriam Holt",
            "59. Minutes of the Police and Crime Panel held on 26 November 2025",
            "60. Rural Crime Strategy (Item A4)",
            "RESOLVED: That the Panel note the Rural Crime Strategy",
            "62. Work Programme",
            "RESOLVED that the work programme be noted.",
        ],
        text,
    )


@pytest.mark.django_db
def test_pdf_is_tagged_with_title_author_and_language():
    item = records.build_seed()
    document = reader(meeting_pdf(item.meeting))
    catalog = document.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en-GB"
    assert document.metadata["/Title"] == "Minutes: Kent and Medway Police and Crime Panel, Tuesday, 14 July 2020"
    assert document.metadata["/Author"] == "Kent County Council"
    assert "Kent and Medway Police and Crime Panel" in document.metadata["/Subject"]
    fonts = {font["/BaseFont"]: font for page in document.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" in name for name in fonts)
    for font in fonts.values():
        # Embedded: each font (or its CID descendant) carries its own font program.
        described = font["/DescendantFonts"][0] if "/DescendantFonts" in font else font
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(described["/FontDescriptor"])


@pytest.mark.django_db
def test_draft_minutes_carry_the_draft_mark_and_approved_ones_do_not():
    draft = records.build_seed(status=Meeting.Status.DRAFT_MINUTES)
    draft_text = raw_text(meeting_pdf(draft.meeting))
    assert "Draft minutes — subject to approval" in draft_text
    assert "Not published — preview" not in draft_text

    approved = records.build_seed(status=Meeting.Status.APPROVED)
    approved_text = raw_text(meeting_pdf(approved.meeting))
    assert "Draft minutes" not in approved_text
    assert "subject to approval" not in approved_text


@pytest.mark.django_db
def test_unpublished_minutes_are_marked_as_a_preview():
    item = records.build_seed(status=Meeting.Status.DRAFT)
    text = raw_text(meeting_pdf(item.meeting))
    assert "Not published — preview" in text
    assert "Draft minutes — subject to approval" in text


@pytest.mark.django_db
def test_exempt_item_prints_its_summary_only():
    meeting = records.build_wealdshire_meeting()
    exempt = AgendaItem.objects.create(
        meeting=meeting,
        number="63",
        title="Commissioner's Estates Review",
        is_exempt=True,
        exempt_summary="The Panel noted the confidential estates review.",
    )
    MinutePoint.objects.create(item=exempt, position=1, label="1.", text="The sale price of Ashbury station was £2m.")
    for data in (meeting_pdf(meeting), pdf.render_item_pdf(AgendaItem.objects.for_item_page().get(pk=exempt.pk))):
        text = body_text(data, meeting)
        assert "The Panel noted the confidential estates review." in text
        assert "Ashbury station" not in text
        assert "£2m" not in text
    assert "EXEMPT ITEMS (Open access to minutes) 63. Commissioner's Estates Review" in body_text(
        meeting_pdf(meeting), meeting
    )


@pytest.mark.django_db
def test_item_pdf_is_an_extract_headed_by_the_items_minute_number():
    meeting = records.build_wealdshire_meeting()
    item = AgendaItem.objects.for_item_page().get(meeting=meeting, number="60")
    text = body_text(pdf.render_item_pdf(item), meeting)
    assert_in_order(
        [
            "WEALDSHIRE POLICE AND CRIME PANEL",
            "Extract from the MINUTES of a meeting of the Wealdshire Police and Crime Panel",
            "60. Rural Crime Strategy",
            "1. The Commissioner presented the strategy",
            "RESOLVED: That the Panel note",
        ],
        text,
    )
    assert "Apologies" not in text


def test_minutes_line_omits_a_missing_venue_and_reads_online():
    panel = Panel(name="Test Panel", host_authority="Test Council")
    meeting = Meeting(panel=panel, date=datetime.date(2012, 11, 29))
    assert pdf.minutes_line(meeting) == "MINUTES of a meeting of the Test Panel on Thursday, 29 November 2012."
    meeting.venue = "Online"
    assert (
        pdf.minutes_line(meeting) == "MINUTES of a meeting of the Test Panel held online on Thursday, 29 November 2012."
    )
    meeting.venue = "the Council Chamber, Sessions House, County Hall, Maidstone."
    assert pdf.minutes_line(meeting) == (
        "MINUTES of a meeting of the Test Panel held in the Council Chamber, Sessions House, County Hall, Maidstone "
        "on Thursday, 29 November 2012."
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.css",
        "http://127.0.0.1:8000/static/css/site.css",
        "file:///etc/passwd",
        f"{pdf.STATIC_DIR.as_uri()}/../minutes/settings.py",
    ],
)
def test_printing_fetches_nothing_outside_the_static_directory(url):
    with pytest.raises(ValueError, match="may only load files from"):
        pdf.StaticFileFetcher().fetch(url)


def test_printing_fetches_the_print_stylesheet():
    response = pdf.StaticFileFetcher().fetch(f"{pdf.STATIC_DIR.as_uri()}/css/print-minutes.css")
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_remote_image_in_the_minutes_is_not_fetched(monkeypatch):
    fetched = []
    monkeypatch.setattr(pdf.URLFetcher, "fetch", lambda self, url, headers=None: fetched.append(url))
    data = pdf.write_pdf(
        '<html lang="en-GB"><head><title>t</title></head><body><img src="https://example.com/x.png" alt="x"></body></html>'
    )
    assert data.startswith(b"%PDF-")
    assert fetched == []
