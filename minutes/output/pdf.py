"""Printed minutes: a meeting, or one agenda item, laid out in the council's printed form and rendered to PDF.

The minutes of each item are the pages' own HTML (`html.minutes_html` over the shared walk, `rendering.walk`); the
templates under `templates/print/` only wrap them in the printed form (masthead, minutes line, attendance, item
headings), and `static/css/print-minutes.css`, the only file WeasyPrint may read, lays them out for print.
Rendered bytes are cached under a key made of the meeting's `changed_at` and status, so any change to the record
gives a new key: the cache is never stale and needs no invalidation. The printed minutes of a public meeting are
also kept in the media storage (`printed/<meeting>/…`, named by the same stamp), which every app server and the task
worker share whatever the cache: the worker renders them when minutes are published, and no reader waits for that
render, even where each process has a cache of its own. Older renderings are removed when a newer one is kept, and
all of a meeting's when it is withdrawn or deleted.
"""

import hashlib
import logging
import re
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import condition
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ..models import Meeting
from ..people.lines import attendance_lines
from .html import minutes_html
from .rendering import item_number_label, item_reference, list_events, panel_full_name, printed_date, walk

logger = logging.getLogger("minutes.pdf")

# Bump when the templates or the stylesheet change the output, so a shared cache drops old renderings.
RENDER_VERSION = "5"
CACHE_TIMEOUT = 60 * 60 * 24 * 7
STATIC_DIR = Path(settings.STATICFILES_DIRS[0]).resolve()

# Sub-headings and question headings inside an item's minutes print as <h4>, under the item's <h3> title.
PRINTED_HEADING_LEVEL = 4

NOT_PUBLISHED_MARK = "Not published — preview"
DRAFT_MARK = "Draft minutes — subject to approval"


class StaticFileFetcher(URLFetcher):
    """WeasyPrint's URL fetcher limited to files in the static directory: printed minutes never touch the network."""

    # urllib builds a default SSL context (loading the system's certificates, ~80 ms) for every fetcher not given one;
    # printed minutes never use HTTPS, so one context made once serves every render.
    ssl_context = None

    def __init__(self):
        if StaticFileFetcher.ssl_context is None:
            StaticFileFetcher.ssl_context = ssl.create_default_context()
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, ssl_context=self.ssl_context)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(STATIC_DIR):
            raise ValueError(f"Printed minutes may only load files from {STATIC_DIR}, not {url}")
        return super().fetch(url, headers)


def marks_for(meeting):
    """The warnings printed on every page of minutes that are not the approved, published record."""
    marks = []
    if not meeting.is_public:
        marks.append(NOT_PUBLISHED_MARK)
    if meeting.status != Meeting.Status.APPROVED:
        marks.append(DRAFT_MARK)
    return " · ".join(marks)


def attendance_groups(meeting):
    """The printed form's attendance paragraphs (minutes.people.lines, shared with the page and the text)."""
    return [(label, [a.text for a in attendees]) for label, attendees in attendance_lines(meeting.attendance.all())]


def venue_phrase(venue):
    venue = " ".join(venue.split()).rstrip(".")
    if not venue:
        return ""
    return " held online" if venue.lower() == "online" else f" held in {venue}"


def minutes_line_parts(meeting):
    """What the minutes line says between the panel's name and the date (print/_minutes_line.html lays it out)."""
    return {
        "special": f" ({meeting.special_name})" if meeting.special_name else "",
        "venue": venue_phrase(meeting.venue),
    }


def minutes_line(meeting):
    """'MINUTES of a meeting of the Kent and Medway Police and Crime Panel held in … on Thursday, 29 November 2012.'"""
    parts = minutes_line_parts(meeting)
    return (
        f"MINUTES of a meeting of the {panel_full_name(meeting.panel)}{parts['special']}{parts['venue']} "
        f"on {printed_date(meeting.date)}."
    )


@dataclass
class PrintedItem:
    """An agenda item as the printed minutes head it: '<minute number>. <Title> (Item <agenda code>)', by the rule
    the pages and the text follow (rendering.item_heading), with its section."""

    item: object
    position: int
    new_section: str = ""  # the section heading printed before this item, when it opens a section

    @property
    def title(self):
        return self.item.title or self.item.get_kind_display()

    @property
    def heading(self):
        parts = (item_number_label(self.item), self.title, item_reference(self.item))
        return " ".join(part for part in parts if part)

    @property
    def section(self):
        return "EXEMPT ITEMS (Open access to minutes)" if self.item.is_exempt else "UNRESTRICTED ITEMS"


def printed_items(items, start=1):
    printed, section = [], None
    for position, item in enumerate(items, start=start):
        # The public reads only the summary of an exempt item, in print as everywhere else.
        item.minutes_html = minutes_html(list_events(walk(item, public=True)), PRINTED_HEADING_LEVEL)
        entry = PrintedItem(item, position)
        if entry.section != section:
            entry.new_section = section = entry.section
        printed.append(entry)
    return printed


def document_context(meeting, marks):
    panel = meeting.panel
    return {
        "meeting": meeting,
        "panel_name": panel_full_name(panel),
        "host_authority": panel.host_authority
        or (panel.parent.host_authority if panel.parent else "")
        or settings.SITE_NAME,
        "printed_date": printed_date(meeting.date),
        "minutes_line": minutes_line_parts(meeting),
        "minutes_sentence": minutes_line(meeting),
        "marks": marks,
        "record_version": f"{meeting.pk}:{meeting.changed_at.isoformat()}:{meeting.status}",
    }


def with_page_content(meeting):
    """The meeting as `for_meeting_page()` loads it (the views pass it so; the admin and the command may not)."""
    if hasattr(meeting, "ordered_items"):
        return meeting
    return Meeting.objects.for_meeting_page().get(pk=meeting.pk)


def write_pdf(html):
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFileFetcher())
    # custom_metadata stores <meta name="record-version">: every version of the record prints different bytes.
    return document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)


def meeting_html(meeting, *, draft_mark=None):
    meeting = with_page_content(meeting)
    context = document_context(meeting, marks_for(meeting) if draft_mark is None else draft_mark)
    context["attendance"] = attendance_groups(meeting)
    context["items"] = printed_items(meeting.ordered_items)
    return render_to_string("print/meeting.html", context)


def item_html(item):
    meeting = item.meeting
    position = list(meeting.items.order_by("position").values_list("pk", flat=True)).index(item.pk) + 1
    context = document_context(meeting, marks_for(meeting))
    context["items"] = printed_items([item], start=position)
    context["item"] = context["items"][0]
    return render_to_string("print/item.html", context)


def render_meeting_pdf(meeting, *, draft_mark=None):
    """The printed minutes of a whole meeting as PDF bytes. `draft_mark` overrides the warnings printed on each page
    ('' for none); by default they follow the meeting's status (see `marks_for`)."""
    return write_pdf(meeting_html(meeting, draft_mark=draft_mark))


def render_item_pdf(item):
    """The printed minutes of one agenda item (an extract of its meeting's minutes) as PDF bytes."""
    return write_pdf(item_html(item))


# Serving: cached bytes, validators from the meeting's changed_at.


def cache_key(meeting, item=None):
    stamp = f"{meeting.changed_at.timestamp():.6f}"
    suffix = f":item-{item.pk}" if item is not None else ""
    return f"minutes-pdf:v{RENDER_VERSION}:{meeting.pk}:{stamp}:{meeting.status}{suffix}"


# A cold render takes seconds and a lot of CPU: the first request for a PDF not yet in the cache renders it, and
# requests for the same PDF meanwhile wait for those bytes instead of each starting a render of their own. The lock
# outlives any render, so a renderer that dies without releasing it holds it only for a while; a waiter gives up
# waiting after RENDER_WAIT_SECONDS and renders itself.
RENDER_LOCK_SECONDS = 300
RENDER_WAIT_SECONDS = 30
RENDER_POLL_SECONDS = 0.05


def pause(seconds):
    time.sleep(seconds)


# Kept in the media storage: the printed minutes of public meetings only (a preview is never written out).

PRINTED_DIR = "printed"


def kept_prefix(meeting):
    return f"v{RENDER_VERSION}-{meeting.changed_at.timestamp():.6f}-{meeting.status}-"


def kept_name(meeting, item=None):
    """Where a public meeting's printed minutes (or an item's) are kept; None for a meeting the public cannot see."""
    if not meeting.is_public:
        return None
    return f"{PRINTED_DIR}/{meeting.pk}/{kept_prefix(meeting)}{f'item-{item.pk}' if item else 'meeting'}.pdf"


def read_kept(name):
    """The kept bytes, or None. A storage that fails costs a render, never the reader's request."""
    if name is None:
        return None
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read()
    except Exception:
        logger.exception("Could not read the kept printed minutes %s", name)
    return None


def keep(name, data):
    if name is None:
        return
    folder, current = name.rsplit("/", 1)
    prefix = re.match(r"v[^-]+-[\d.]+-[a-z_]+-", current)[0]  # the version of the record (kept_prefix)
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
        # Renderings of older versions of the record are never served again.
        for other in default_storage.listdir(folder)[1]:
            if not other.startswith(prefix):
                default_storage.delete(f"{folder}/{other}")
    except Exception:
        logger.exception("Could not keep the printed minutes %s", name)


def forget_printed(meeting_id):
    """Remove every kept rendering of a meeting (withdrawn, or deleted)."""
    folder = f"{PRINTED_DIR}/{meeting_id}"
    try:
        if default_storage.exists(folder):
            for name in default_storage.listdir(folder)[1]:
                default_storage.delete(f"{folder}/{name}")
    except Exception:
        logger.exception("Could not remove the kept printed minutes of meeting %s", meeting_id)


def store(key, render, kept=None):
    data = render()
    cache.set(key, data, CACHE_TIMEOUT)
    keep(kept, data)
    return data


def cached_pdf(key, render, kept=None):
    """The bytes under `key`, rendered at most once however many requests ask for them at the same time; `kept`
    names where a public meeting's rendering is kept (read before rendering, written after).

    With the cache failing, `add` refuses and no holder of the lock can be seen: the request renders on its own,
    as it would with no cache at all, rather than waiting for a render nobody is doing."""
    lock = f"{key}:rendering"
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    unheld = 0
    data = cache.get(key)
    if data is not None:
        return data
    data = read_kept(kept)
    if data is not None:
        cache.set(key, data, CACHE_TIMEOUT)
        return data
    while True:
        data = cache.get(key)
        if data is not None:
            return data
        if cache.add(lock, 1, RENDER_LOCK_SECONDS):
            try:
                return store(key, render, kept)
            finally:
                cache.delete(lock)
        if cache.get(lock) is None:
            # Released without bytes (the render failed): try for the lock once more. Refused again with nobody
            # holding it, the cache cannot hold a lock.
            unheld += 1
            if unheld > 1:
                return store(key, render, kept)
            continue
        if time.monotonic() >= deadline:
            return store(key, render, kept)
        pause(RENDER_POLL_SECONDS)


def meeting_pdf_bytes(meeting):
    return cached_pdf(cache_key(meeting), lambda: render_meeting_pdf(meeting), kept_name(meeting))


def item_pdf_bytes(item):
    meeting = item.meeting
    return cached_pdf(cache_key(meeting, item), lambda: render_item_pdf(item), kept_name(meeting, item))


def filename(meeting, item=None):
    """'kent-and-medway-police-and-crime-panel-2025-07-16-minutes.pdf' (an item adds '-item-19')."""
    stem = f"{meeting.panel.slug}-{meeting.date:%Y-%m-%d}-minutes"
    if item is not None:
        stem += f"-item-{slugify(item.number) or item.pk}"
    return f"{stem}.pdf"


def pdf_response(data, name, *, disposition="inline"):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def serve(request, meeting, key, name, render, kept=None):
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    # Django's conditional GET: a 304 (or 412) from the validators, else the PDF, with ETag and Last-Modified.
    @condition(etag_func=lambda request: etag, last_modified_func=lambda request: meeting.changed_at)
    def respond(request):
        return pdf_response(cached_pdf(key, render, kept), name)

    response = respond(request)
    # Revalidate every time (the answer is a cheap 304): a change must show at once. Previews stay private.
    patch_cache_control(response, no_cache=True, **({"public": True} if meeting.is_public else {"private": True}))
    return response


def serve_meeting_pdf(request, meeting):
    render = lambda: render_meeting_pdf(meeting)  # noqa: E731
    return serve(request, meeting, cache_key(meeting), filename(meeting), render, kept_name(meeting))


def serve_item_pdf(request, item):
    meeting = item.meeting
    render = lambda: render_item_pdf(item)  # noqa: E731
    return serve(request, meeting, cache_key(meeting, item), filename(meeting, item), render, kept_name(meeting, item))
