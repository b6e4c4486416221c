"""OParl 1.1 (https://oparl.org/spezifikation/), the published standard for council information systems, read-only.

One body (this archive) holds: Organization (panels), Person, Membership, Meeting (with its AgendaItems, Location and
Files embedded), AgendaItem, File (uploaded papers and the printed minutes), Location (meeting venues), and empty
Paper, Consultation and LegislativeTerm lists (the archive records none). Every object's `id` is its own URL; lists
are paginated (`links.next`) and filter by `created_since/until`, `modified_since/until`, and `omit_internal`.
Meetings and items that were once public and are no longer (withdrawn to draft, or deleted) appear as `deleted: true`
tombstones, found in the record's history. Every response carries `Access-Control-Allow-Origin: *`.

Rows come through the one public rule; attendance (participants), resolutions and the printed minutes only once a
meeting's minutes are published; an exempt item's papers never."""

import datetime
from functools import wraps

from django.conf import settings
from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe

from minutes import visibility
from minutes.models import AgendaItem, Attendance, Document, Meeting, Resolution
from minutes.output.rendering import public_description
from panels.models import Membership, Panel, Person

from .http import conditional

BASE = "/oparl/v1.1"
SCHEMA = "https://schema.oparl.org/1.1/"
PAGE_SIZE = 100
BODY_KEY = "1"
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class BadParameter(Exception):
    pass


def api_view(view):
    """JSON out, CORS on every answer (errors too), 400 for a bad parameter, 404 as JSON, conditional GET."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            payload, last_modified = view(request, *args, **kwargs)
            response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
            response = conditional(request, response, last_modified)
        except BadParameter as error:
            response = JsonResponse({"error": str(error)}, status=400)
        except Http404 as error:
            response = JsonResponse({"error": str(error) or "Not found."}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapped)


def stamp(value):
    """OParl's date-time: ISO 8601 with the offset."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


class Context:
    def __init__(self, request):
        self.request = request

    def url(self, *parts):
        return self.request.build_absolute_uri("/".join([BASE, *map(str, parts)]))

    def page_url(self, path):
        return self.request.build_absolute_uri(path) if path else None

    @property
    def body(self):
        return self.url("body", BODY_KEY)


def clean(data):
    """OParl: a property without a value is left out, never sent as null or ''."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# Objects ------------------------------------------------------------------------------------------------------------


def system_object(ctx, created, modified):
    return clean(
        {
            "id": ctx.url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": ctx.url("bodies"),
            "name": settings.SITE_NAME,
            "license": LICENCE,
            "website": ctx.page_url("/"),
            "web": ctx.page_url("/data/"),
            "created": stamp(created),
            "modified": stamp(modified),
        }
    )


def body_object(ctx, created, modified):
    lists = {
        "organization": "organization",
        "person": "person",
        "meeting": "meeting",
        "paper": "paper",
        "agendaItem": "agendaItem",
        "consultation": "consultation",
        "file": "file",
        "locationList": "location",
        "legislativeTermList": "legislativeTerm",
        "membership": "membership",
    }
    data = clean(
        {
            "id": ctx.body,
            "type": SCHEMA + "Body",
            "system": ctx.url("system"),
            "name": settings.SITE_NAME,
            "license": LICENCE,
            "website": ctx.page_url("/"),
            **{prop: ctx.url("body", BODY_KEY, name) for prop, name in lists.items()},
            "created": stamp(created),
            "modified": stamp(modified),
            "web": ctx.page_url("/"),
        }
    )
    # Required, and embedded: the archive records no legislative terms.
    data["legislativeTerm"] = []
    return data


def organization_object(ctx, panel):
    return clean(
        {
            "id": ctx.url("organization", panel.pk),
            "type": SCHEMA + "Organization",
            "body": ctx.body,
            "name": panel.name,
            "shortName": panel.short_name,
            "membership": [ctx.url("membership", m.pk) for m in panel.memberships.all()],
            "meeting": ctx.url("organization", panel.pk, "meeting"),
            "subOrganizationOf": ctx.url("organization", panel.parent_id) if panel.parent_id else None,
            "organizationType": "Gremium",
            "classification": "Committee",
            "web": ctx.page_url(panel.get_absolute_url()),
            "created": stamp(panel.created_at),
            "modified": stamp(panel.updated_at),
        }
    )


def membership_object(ctx, membership, internal=False):
    return clean(
        {
            "id": ctx.url("membership", membership.pk),
            "type": SCHEMA + "Membership",
            "person": None if internal else ctx.url("person", membership.person_id),
            "organization": ctx.url("organization", membership.panel_id),
            "role": membership.get_role_display(),
            "votingRight": membership.role != Membership.Role.CO_OPTED,
            "startDate": membership.start_date.isoformat() if membership.start_date else None,
            "endDate": membership.end_date.isoformat() if membership.end_date else None,
            "created": stamp(membership.created_at),
            "modified": stamp(membership.updated_at),
        }
    )


def person_object(ctx, person, omit_internal=False):
    return clean(
        {
            "id": ctx.url("person", person.pk),
            "type": SCHEMA + "Person",
            "body": ctx.body,
            "name": person.display_name,
            "formOfAddress": person.honorific,
            "email": [person.email] if person.email else [],
            "phone": [person.phone] if person.phone else [],
            "status": [person.role_titles] if person.role_titles else [],
            "membership": []
            if omit_internal
            else [membership_object(ctx, m, internal=True) for m in person.memberships.all()],
            "web": ctx.page_url(f"/people/{person.slug}/"),
            "created": stamp(person.created_at),
            "modified": stamp(person.updated_at),
        }
    )


def file_object(ctx, document, meeting, internal=False):
    return clean(
        {
            "id": ctx.url("file", document.pk),
            "type": SCHEMA + "File",
            "name": document.title,
            "fileName": document.file.name.rsplit("/", 1)[-1],
            "mimeType": MIME_TYPES.get(document.file_format.upper(), "application/octet-stream"),
            "size": document.size_bytes,
            "accessUrl": ctx.page_url(document.get_absolute_url()),
            "downloadUrl": ctx.page_url(document.get_absolute_url()),
            "meeting": None if internal else [ctx.url("meeting", meeting.pk)],
            "agendaItem": None if internal or not document.item_id else [ctx.url("agendaItem", document.item_id)],
            "license": LICENCE,
            "created": stamp(meeting.created_at),
            "modified": stamp(meeting.changed_at),
        }
    )


def printed_minutes_object(ctx, meeting, internal=False):
    return clean(
        {
            "id": ctx.url("file", f"minutes-{meeting.pk}"),
            "type": SCHEMA + "File",
            "name": f"Printed minutes, {meeting.title_line}",
            "fileName": f"minutes-{meeting.pk}.pdf",
            "mimeType": "application/pdf",
            "accessUrl": ctx.page_url(f"/meetings/{meeting.pk}/minutes.pdf"),
            "meeting": None if internal else [ctx.url("meeting", meeting.pk)],
            "license": LICENCE,
            "created": stamp(meeting.minutes_published_at or meeting.created_at),
            "modified": stamp(meeting.changed_at),
        }
    )


MIME_TYPES = {
    "PDF": "application/pdf",
    "DOC": "application/msword",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ODT": "application/vnd.oasis.opendocument.text",
    "PNG": "image/png",
    "JPG": "image/jpeg",
    "JPEG": "image/jpeg",
}


def location_object(ctx, meeting, internal=False):
    return clean(
        {
            "id": ctx.url("location", meeting.pk),
            "type": SCHEMA + "Location",
            "description": meeting.venue,
            "meeting": None if internal else [ctx.url("meeting", meeting.pk)],
            "created": stamp(meeting.created_at),
            "modified": stamp(meeting.changed_at),
        }
    )


def public_files(meeting, item=None):
    """The papers the public may have, that have a file to fetch (OParl's File needs an accessUrl)."""
    documents = item.document_list() if item is not None else [d for d in meeting.documents.all()]
    return [d for d in documents if d.file and d.is_public_for(meeting)]


def agenda_item_object(ctx, item, meeting, internal=False):
    minutes = meeting.minutes_public
    resolutions = [r.wording for r in item.prefetched_resolutions] if minutes and not item.is_exempt else []
    if minutes and item.is_exempt:
        resolutions = [item.exempt_summary]
    return clean(
        {
            "id": ctx.url("agendaItem", item.pk),
            "type": SCHEMA + "AgendaItem",
            "meeting": None if internal else ctx.url("meeting", meeting.pk),
            "number": item.number,
            "order": item.position,
            "name": item.title or public_description(item)[:200] or "(untitled item)",
            "public": not item.is_exempt,
            "resolutionText": "\n\n".join(resolutions),
            "auxiliaryFile": [file_object(ctx, d, meeting, internal=True) for d in public_files(meeting, item)],
            "web": ctx.page_url(item.get_absolute_url()),
            "created": stamp(meeting.created_at),
            "modified": stamp(meeting.changed_at),
        }
    )


MEETING_STATES = {
    Meeting.Status.AGENDA: "eingeladen",
    Meeting.Status.DRAFT_MINUTES: "durchgeführt",
    Meeting.Status.APPROVED: "durchgeführt",
    Meeting.Status.CANCELLED: "abgesagt",
    Meeting.Status.POSTPONED: "verschoben",
}


def meeting_start(meeting):
    moment = datetime.datetime.combine(meeting.date, meeting.start_time or datetime.time(0, 0))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def meeting_object(ctx, meeting, omit_internal=False):
    minutes = meeting.minutes_public
    present = (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE)
    # The meeting's own attendance lines: one item's (an exempt item's above all) are not the meeting's participants.
    participants = [
        a.person_id for a in meeting.attendance.all() if a.person_id and a.kind in present and a.item_id is None
    ]
    data = {
        "id": ctx.url("meeting", meeting.pk),
        "type": SCHEMA + "Meeting",
        "name": meeting.title_line,
        "meetingState": MEETING_STATES.get(meeting.status),
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
        "start": stamp(meeting_start(meeting)),
        "organization": [ctx.url("organization", meeting.panel_id)],
        "participant": [ctx.url("person", pk) for pk in dict.fromkeys(participants)] if minutes else [],
        "web": ctx.page_url(meeting.get_absolute_url()),
        "created": stamp(meeting.created_at),
        "modified": stamp(meeting.changed_at),
    }
    if not omit_internal:
        files = public_files(meeting)
        data["location"] = location_object(ctx, meeting, internal=True) if meeting.venue else None
        data["invitation"] = next(
            (file_object(ctx, d, meeting, internal=True) for d in files if d.kind == Document.Kind.AGENDA), None
        )
        data["resultsProtocol"] = printed_minutes_object(ctx, meeting, internal=True) if minutes else None
        data["auxiliaryFile"] = [
            file_object(ctx, d, meeting, internal=True) for d in files if d.kind != Document.Kind.AGENDA
        ]
        data["agendaItem"] = [agenda_item_object(ctx, i, meeting, internal=True) for i in meeting.ordered_items]
    return clean(data)


def tombstone(ctx, kind, pk, created, modified):
    return {
        "id": ctx.url(kind, pk),
        "type": SCHEMA + kind[0].upper() + kind[1:],
        "created": stamp(created),
        "modified": stamp(modified),
        "deleted": True,
    }


# Querysets -----------------------------------------------------------------------------------------------------------


def items_with_papers_and_resolutions(items):
    """What an OParl agenda item shows of its content: resolutions and papers (not the points, which only the
    per-record JSON carries), prefetched where `AgendaItem.document_list()` and the serializer read them."""
    # Only the columns the objects show: a meeting page embeds some 2,000 items, and their descriptions, points'
    # search text and resolutions' clauses would be most of what is read.
    fields = ["meeting", "position", "number", "title", "description", "is_exempt", "exempt_summary"]
    resolutions = Resolution.objects.only("item", "position", "lead_in", "text").order_by("position")
    return items.only(*fields).prefetch_related(
        Prefetch("resolutions", queryset=resolutions, to_attr="prefetched_resolutions"),
        Prefetch("documents", queryset=Document.objects.order_by("position"), to_attr="prefetched_documents"),
    )


def meetings_for_oparl(embedded=True):
    """Public meetings with what their OParl object shows; without the embedded items and papers when the client
    asked to omit them."""
    meetings = (
        visibility.public_meetings()
        .for_listing()
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.filter(item__isnull=True).order_by("kind", "position"))
        )
    )
    if not embedded:
        return meetings
    items = items_with_papers_and_resolutions(AgendaItem.objects.order_by("position"))
    return meetings.prefetch_related(
        Prefetch("items", queryset=items, to_attr="ordered_items"),
        Prefetch("documents", queryset=Document.objects.filter(item__isnull=True).order_by("position")),
    )


def items_for_oparl():
    return items_with_papers_and_resolutions(visibility.public_items()).select_related(
        "meeting", "meeting__panel", "meeting__panel__parent"
    )


def withdrawn_meetings(since_filters):
    history = Meeting.history.model.objects
    once_public = history.filter(status__in=Meeting.PUBLIC_STATES).values_list("id", flat=True)
    gone = (
        history.filter(id__in=once_public)
        .exclude(id__in=visibility.public_meetings().values("pk"))
        .values("id")
        .annotate(created=Min("history_date"), modified=Max("history_date"))
    )
    return apply_time_filters(gone, since_filters, created="created", modified="modified").order_by("id")


def withdrawn_items(since_filters):
    history = AgendaItem.history.model.objects
    once_public_meetings = Meeting.history.model.objects.filter(status__in=Meeting.PUBLIC_STATES).values("id")
    once_public = history.filter(meeting_id__in=once_public_meetings).values_list("id", flat=True)
    gone = (
        history.filter(id__in=once_public)
        .exclude(id__in=visibility.public_items().values("pk"))
        .values("id")
        .annotate(created=Min("history_date"), modified=Max("history_date"))
    )
    return apply_time_filters(gone, since_filters, created="created", modified="modified").order_by("id")


# Filters and pagination ----------------------------------------------------------------------------------------------

FILTERS = ("created_since", "created_until", "modified_since", "modified_until")


def parse_filters(request):
    found = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        try:
            moment = parse_datetime(raw.replace(" ", "+"))  # an unescaped "+" in the offset arrives as a space
            if moment is None and parse_date(raw):
                moment = datetime.datetime.combine(parse_date(raw), datetime.time(0, 0))
        except ValueError:  # well formed but impossible, e.g. 2026-02-30 or T25:00
            moment = None
        if moment is None:
            raise BadParameter(f"{name} must be an ISO 8601 date-time, e.g. 2026-03-04T10:00:00+00:00.")
        found[name] = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    omit = request.GET.get("omit_internal", "false").lower()
    if omit not in ("true", "false"):
        raise BadParameter("omit_internal must be true or false.")
    found["omit_internal"] = omit == "true"
    return found


def apply_time_filters(queryset, filters, created, modified):
    lookups = {
        "created_since": f"{created}__gte",
        "created_until": f"{created}__lte",
        "modified_since": f"{modified}__gte",
        "modified_until": f"{modified}__lte",
    }
    conditions = {lookups[name]: value for name, value in filters.items() if name in lookups}
    return queryset.filter(**conditions)


class Segment:
    """One part of a list, read in primary-key order: live rows, or the tombstones after them. `key` names the
    primary key in the rows (`pk` for model instances, `id` for the history's value rows)."""

    def __init__(self, code, rows, serialize, key="pk"):
        self.code, self.rows, self.serialize, self.key = code, rows, serialize, key

    def after(self, last, limit):
        rows = self.rows.filter(**{f"{self.key}__gt": last}) if last else self.rows
        return list(rows[:limit])

    def key_of(self, row):
        return row.pk if self.key == "pk" else row[self.key]


def parse_cursor(request, segments):
    """`after=<segment>-<id>`: where the previous page ended. Keyset, not OFFSET: a page deep in a list of a
    hundred thousand items costs what the first one does, and rows added meanwhile do not shift the pages."""
    raw = request.GET.get("after")
    if raw is None:
        return 0, 0
    code, _, last = raw.partition("-")
    codes = [segment.code for segment in segments]
    if code not in codes or not (last.isascii() and last.isdigit()):
        raise BadParameter("after must be the value the previous page's links.next carried.")
    return codes.index(code), int(last)


def paginate(request, segments):
    """One page: up to PAGE_SIZE objects from the cursor on, across the segments; `links.next` carries the filters."""
    start, last = parse_cursor(request, segments)
    data, cursor = [], None
    for index in range(start, len(segments)):
        segment = segments[index]
        rows = segment.after(last if index == start else 0, PAGE_SIZE - len(data))
        data += [segment.serialize(row) for row in rows]
        if rows:
            cursor = f"{segment.code}-{segment.key_of(rows[-1])}"
        if len(data) >= PAGE_SIZE:
            break

    def link(after=None):
        query = request.GET.copy()
        query.pop("after", None)
        if after:
            query["after"] = after
        encoded = query.urlencode()
        return request.build_absolute_uri(f"{request.path}?{encoded}" if encoded else request.path)

    links = {"first": link(), "self": link(request.GET.get("after"))}
    if len(data) >= PAGE_SIZE:
        links["next"] = link(cursor)
    return {"data": data, "pagination": {"elementsPerPage": PAGE_SIZE}, "links": links}


def newest(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def archive_stamps():
    first = visibility.public_meetings().aggregate(created=Min("created_at"), modified=Max("changed_at"))
    panels = Panel.objects.aggregate(created=Min("created_at"), modified=Max("updated_at"))
    created = min([v for v in (first["created"], panels["created"]) if v] or [timezone.now()])
    return created, newest(first["modified"], panels["modified"]) or created


# Views ---------------------------------------------------------------------------------------------------------------


@api_view
def system(request):
    created, modified = archive_stamps()
    return system_object(Context(request), created, modified), modified


@api_view
def body_list(request):
    ctx = Context(request)
    created, modified = archive_stamps()
    return {
        "data": [body_object(ctx, created, modified)],
        "pagination": {"totalElements": 1, "elementsPerPage": PAGE_SIZE, "currentPage": 1, "totalPages": 1},
        "links": {"first": ctx.url("bodies")},
    }, modified


@api_view
def body(request, key):
    if key != BODY_KEY:
        raise Http404("There is no such body.")
    created, modified = archive_stamps()
    return body_object(Context(request), created, modified), modified


def list_of(kind, ctx, filters, panel=None):
    """The segments of one external list."""
    omit = filters["omit_internal"]
    if kind == "organization":
        rows = apply_time_filters(
            Panel.objects.prefetch_related("memberships").order_by("pk"), filters, "created_at", "updated_at"
        )
        return [Segment("o", rows, lambda p: organization_object(ctx, p))]
    if kind == "person":
        people = (
            Person.objects.order_by("pk") if omit else Person.objects.prefetch_related("memberships").order_by("pk")
        )
        rows = apply_time_filters(people, filters, "created_at", "updated_at")
        return [Segment("p", rows, lambda p: person_object(ctx, p, omit))]
    if kind == "membership":
        rows = apply_time_filters(Membership.objects.order_by("pk"), filters, "created_at", "updated_at")
        return [Segment("m", rows, lambda m: membership_object(ctx, m))]
    if kind == "meeting":
        rows = meetings_for_oparl(embedded=not omit).order_by("pk")
        if panel is not None:
            rows = rows.filter(panel=panel)
        rows = apply_time_filters(rows, filters, "created_at", "changed_at")
        segments = [Segment("m", rows, lambda m: meeting_object(ctx, m, omit))]
        if panel is None:
            segments.append(Segment("d", withdrawn_meetings(filters), lambda row: dead(ctx, "meeting", row), key="id"))
        return segments
    if kind == "agendaItem":
        rows = apply_time_filters(
            items_for_oparl().order_by("pk"), filters, "meeting__created_at", "meeting__changed_at"
        )
        return [
            Segment("i", rows, lambda i: agenda_item_object(ctx, i, i.meeting)),
            Segment("d", withdrawn_items(filters), lambda row: dead(ctx, "agendaItem", row), key="id"),
        ]
    if kind == "file":
        rows = apply_time_filters(public_file_documents(), filters, "meeting__created_at", "meeting__changed_at")
        minutes = visibility.meetings_with_public_minutes().for_listing().order_by("pk")
        return [
            Segment("f", rows, lambda d: file_object(ctx, d, d.meeting)),
            Segment(
                "p",
                apply_time_filters(minutes, filters, "created_at", "changed_at"),
                lambda m: printed_minutes_object(ctx, m),
            ),
        ]
    if kind == "location":
        rows = apply_time_filters(
            visibility.public_meetings().exclude(venue="").order_by("pk"), filters, "created_at", "changed_at"
        )
        return [Segment("l", rows, lambda m: location_object(ctx, m))]
    if kind in ("paper", "consultation", "legislativeTerm"):
        return []
    raise Http404("There is no such list.")


def dead(ctx, kind, row):
    return tombstone(ctx, kind, row["id"], row["created"], row["modified"])


def public_file_documents():
    """Uploaded papers the public may have (a File needs a file to fetch)."""
    return (
        Document.objects.filter(meeting__in=visibility.public_meetings())
        .exclude(file="")
        .filter(Q(item__isnull=True) | Q(item__is_exempt=False))
        # Document.is_public_for as a query: a meeting's own minutes papers wait for its minutes.
        .exclude(
            Q(item__isnull=True) & Q(kind__in=Document.MINUTES_KINDS) & ~Q(meeting__status__in=Meeting.MINUTES_STATES)
        )
        .select_related("meeting")
        .order_by("pk")
    )


@api_view
def body_list_of(request, key, kind):
    if key != BODY_KEY:
        raise Http404("There is no such body.")
    ctx, filters = Context(request), parse_filters(request)
    return paginate(request, list_of(kind, ctx, filters)), None


@api_view
def organization_meetings(request, pk):
    panel = Panel.objects.filter(pk=pk).first()
    if panel is None:
        raise Http404("There is no such organization.")
    ctx, filters = Context(request), parse_filters(request)
    return paginate(request, list_of("meeting", ctx, filters, panel=panel)), None


@api_view
def single(request, kind, key):
    """One object at its own URL (a withdrawn meeting or item answers with its tombstone)."""
    ctx = Context(request)
    # isdigit() alone takes "²", which int() refuses: only ASCII digits name an object.
    if kind == "file" and key.startswith("minutes-") and key[8:].isascii() and key[8:].isdigit():
        meeting = visibility.meetings_with_public_minutes().for_listing().filter(pk=int(key[8:])).first()
        if meeting is None:
            raise Http404("There is no such file.")
        return printed_minutes_object(ctx, meeting), meeting.changed_at
    if not (key.isascii() and key.isdigit()):
        raise Http404("There is no such object.")
    pk = int(key)
    if kind == "meeting":
        meeting = meetings_for_oparl().filter(pk=pk).first()
        if meeting is not None:
            return meeting_object(ctx, meeting), meeting.changed_at
        dead = withdrawn_meetings({}).filter(id=pk).first()
    elif kind == "agendaItem":
        item = items_for_oparl().filter(pk=pk).first()
        if item is not None:
            return agenda_item_object(ctx, item, item.meeting), item.meeting.changed_at
        dead = withdrawn_items({}).filter(id=pk).first()
    elif kind == "organization":
        panel = Panel.objects.prefetch_related("memberships").filter(pk=pk).first()
        return found(panel and organization_object(ctx, panel), panel and panel.updated_at)
    elif kind == "person":
        person = Person.objects.prefetch_related("memberships").filter(pk=pk).first()
        return found(person and person_object(ctx, person), person and person.updated_at)
    elif kind == "membership":
        membership = Membership.objects.filter(pk=pk).first()
        return found(membership and membership_object(ctx, membership), membership and membership.updated_at)
    elif kind == "location":
        meeting = visibility.public_meetings().exclude(venue="").filter(pk=pk).first()
        return found(meeting and location_object(ctx, meeting), meeting and meeting.changed_at)
    elif kind == "file":
        row = public_file_documents().filter(pk=pk).first()
        return found(row and file_object(ctx, row, row.meeting), row and row.meeting.changed_at)
    else:
        raise Http404("There is no such object type.")
    if dead is None:
        raise Http404("There is no such object.")
    return tombstone(ctx, kind, dead["id"], dead["created"], dead["modified"]), dead["modified"]


def found(data, modified):
    if not data:
        raise Http404("There is no such object.")
    return data, modified
