"""A ModernGov-compatible web service: `/mgWebService.asmx/<Method>` answers GET with the XML that ModernGov's
`mgWebService.asmx` gives, element names and nesting included, so the scrapers and site widgets written against
ModernGov (DemocracyClub's councillor scrapers, the `moderngov` client) read this archive unchanged.

Ids are the ones ModernGov gave where the record came from there (`ids.external_id`). Everything is read through the
one public rule; attendance and minutes appear only once a meeting's minutes are published, and an exempt item shows
only its public summary, exactly as on the meeting page."""

import datetime
import xml.etree.ElementTree as ET

from django.db.models import Max, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.http import require_safe

from minutes import visibility
from minutes.models import Attendance, Meeting
from minutes.output.pages import present_item
from minutes.output.rendering import public_description
from panels.models import Membership, Panel, Person, Representation

from .http import conditional
from .ids import by_external_id, external_id, parse_id


class BadParameter(Exception):
    pass


def sub(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def flag(value):
    return "True" if value else "False"


def uk_date(date):
    return date.strftime("%d/%m/%Y") if date else ""


def parse_uk_date(value, name):
    """ModernGov's dd/mm/yyyy; "0" or nothing means no bound."""
    value = (value or "").strip()
    if value in ("", "0"):
        return None
    try:
        return datetime.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise BadParameter(f"{name} must be a date written dd/mm/yyyy, or 0 for no limit.") from None


def id_parameter(request, name, required=True):
    raw = request.GET.get(name)
    if not required and (raw is None or raw.strip() in ("", "0")):
        return None
    number = parse_id(raw)
    if number is None:
        raise BadParameter(f"{name} must be a record's id (a whole number).")
    return number


def absolute(request, path):
    return request.build_absolute_uri(path) if path else ""


def committee_element(parent, request, panel, tag="committee"):
    element = sub(parent, tag)
    sub(element, "committeeid", external_id(panel))
    sub(element, "committeetitle", panel.name)
    sub(element, "committeedeleted", "False")
    sub(element, "committeeexpired", "False")
    sub(element, "committeecategory", panel.host_authority)
    sub(element, "parentcommitteeid", external_id(panel.parent) if panel.parent_id else "")
    sub(element, "committeelink", absolute(request, panel.get_absolute_url()))
    return element


def meeting_status(meeting):
    if meeting.status == Meeting.Status.CANCELLED:
        return "cancelled"
    if meeting.status == Meeting.Status.POSTPONED:
        return "postponed"
    return "confirmed"


def meeting_summary(parent, request, meeting):
    element = sub(parent, "meeting")
    sub(element, "meetingid", external_id(meeting))
    sub(element, "meetingdate", uk_date(meeting.date))
    sub(element, "meetingtime", meeting.start_time.strftime("%H:%M") if meeting.start_time else "")
    sub(element, "meetingstatus", meeting_status(meeting))
    sub(element, "meetingtitle", meeting.title_line)
    sub(element, "meetinglocation", meeting.venue)
    sub(element, "meetinglink", absolute(request, meeting.get_absolute_url()))
    return element


def linked_documents(parent, request, documents):
    container = sub(parent, "linkeddocuments")
    for document in documents:
        doc = sub(container, "linkeddoc")
        sub(doc, "documentid", external_id(document))
        sub(doc, "title", document.title)
        sub(doc, "documenttype", document.get_kind_display())
        sub(doc, "url", absolute(request, document.get_absolute_url()))
        sub(doc, "format", document.file_format)
        sub(doc, "size", document.size_bytes or "")
    return container


ATTENDANCE_WORDS = {
    Attendance.Kind.PRESENT: "Present",
    Attendance.Kind.APOLOGIES: "Apologies",
    Attendance.Kind.SUBSTITUTE: "Present as substitute",
    Attendance.Kind.ALSO_PRESENT: "Also present",
    Attendance.Kind.IN_ATTENDANCE: "In attendance",
}


def xml_response(request, root, last_modified=None):
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return conditional(request, HttpResponse(body, content_type="text/xml; charset=utf-8"), last_modified)


def newest(queryset, field):
    return queryset.aggregate(newest=Max(field))["newest"]


# The methods ---------------------------------------------------------------------------------------------------------


def get_committees(request):
    panels = Panel.objects.select_related("parent").order_by("name")
    root = ET.Element("committees")
    for panel in panels:
        committee_element(root, request, panel)
    return xml_response(request, root, newest(panels, "updated_at"))


def get_meetings(request):
    committee = id_parameter(request, "lCommitteeId", required=False)
    start = parse_uk_date(request.GET.get("sFromDate"), "sFromDate")
    end = parse_uk_date(request.GET.get("sToDate"), "sToDate")
    panels = Panel.objects.order_by("name")
    if committee is not None:
        panel = by_external_id(panels, committee)
        if panel is None:
            raise Http404("No committee has that id.")
        panels = [panel]
    meetings = visibility.public_meetings().filter(panel__in=panels).order_by("date", "start_time", "pk")
    if start:
        meetings = meetings.filter(date__gte=start)
    if end:
        meetings = meetings.filter(date__lte=end)
    by_panel = {}
    for meeting in meetings.select_related("panel"):
        by_panel.setdefault(meeting.panel_id, []).append(meeting)
    root = ET.Element("getmeetings")
    for panel in panels:
        element = committee_element(root, request, panel)
        listing = sub(element, "committeemeetings")
        for meeting in by_panel.get(panel.pk, []):
            meeting_summary(listing, request, meeting)
    return xml_response(request, root, newest(meetings, "changed_at"))


def get_meeting(request):
    number = id_parameter(request, "lMeetingId")
    meeting = by_external_id(visibility.public_meetings().for_meeting_page(), number)
    if meeting is None:
        raise Http404("No public meeting has that id.")
    minutes = meeting.minutes_public
    root = ET.Element("meeting")
    sub(root, "meetingid", external_id(meeting))
    sub(root, "meetingdate", uk_date(meeting.date))
    sub(root, "meetingtime", meeting.start_time.strftime("%H:%M") if meeting.start_time else "")
    sub(root, "committeeid", external_id(meeting.panel))
    sub(root, "committeetitle", meeting.panel.name)
    sub(root, "meetingstatus", meeting_status(meeting))
    sub(root, "meetingtitle", meeting.title_line)
    sub(root, "meetinglocation", meeting.venue)
    sub(root, "meetingcontact", meeting.contact)
    sub(root, "meetinglink", absolute(request, meeting.get_absolute_url()))
    sub(root, "agendaid", external_id(meeting))
    sub(root, "agendapublished", flag(True))
    sub(root, "decisionpublished", flag(minutes))
    sub(root, "minutepublished", flag(minutes))
    sub(root, "minutesapproved", flag(meeting.status == Meeting.Status.APPROVED))
    sub(root, "iscancelled", flag(meeting.status == Meeting.Status.CANCELLED))
    sub(root, "ispostponed", flag(meeting.status == Meeting.Status.POSTPONED))
    linked_documents(root, request, [d for d in meeting.documents.all() if d.is_public_for(meeting)])
    attendees = sub(root, "attendees")
    # Attendance is part of the minutes: none of it before they are published, as on the meeting page.
    for line in meeting.attendance.all() if minutes else []:
        if line.item_id is None:
            sub(
                attendees,
                "attendee",
                memberid=external_id(line.person) if line.person_id else 0,
                name=line.display_name,
                attendance=ATTENDANCE_WORDS[line.kind],
                role=line.role,
                council=line.council,
            )
    items = sub(root, "agendaitems")
    for item in meeting.ordered_items:
        present_item(item, minutes)
        element = sub(items, "agendaitem")
        sub(element, "agendaitemid", external_id(item))
        sub(element, "agendaitemnumber", item.number)
        sub(element, "agendaitemtitle", item.title)
        sub(element, "agendaitemdescription", public_description(item))
        sub(element, "agendaitemlink", absolute(request, item.get_absolute_url()))
        sub(element, "isexempt", flag(item.is_exempt))
        # The published minutes as HTML, escaped in the XML as ModernGov does.
        sub(element, "minutes", str(item.minutes_html).strip() if minutes else "")
        linked_documents(element, request, [*item.title_documents, *item.additional_documents])
    return xml_response(request, root, meeting.changed_at)


def term_of_office(parent, representation):
    term = sub(parent, "termofoffice")
    sub(term, "startdate", uk_date(representation.start_date))
    sub(term, "enddate", uk_date(representation.end_date) or "unspecified")
    return term


def councillor_element(parent, request, person, tag="councillor", terms=()):
    element = sub(parent, tag)
    sub(element, "councillorid" if tag == "councillor" else "memberid", external_id(person))
    sub(element, "fullusername", person.display_name)
    photo = absolute(request, person.photo.url) if person.photo else ""
    sub(element, "photosmallurl", photo)
    sub(element, "photobigurl", photo)
    sub(element, "politicalpartytitle", person.party)
    sub(element, "politicalgrouptitle", person.party)
    sub(element, "keyposts", person.role_titles)
    sub(element, "memberlink", absolute(request, f"/people/{person.slug}/"))
    address = sub(element, "workaddress")
    sub(address, "phone", person.phone)
    sub(address, "email", person.email)
    if terms:
        sub(element, "representing", terms[0].division or terms[0].council)
        offices = sub(element, "termsofoffice")
        for representation in terms:
            term_of_office(offices, representation)
    return element


def current_representations():
    today = timezone.localdate()
    return Representation.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today)
    )


def get_councillors_by_ward(request):
    representations = current_representations().select_related("person").order_by("division", "person__name", "pk")
    wards = {}
    for representation in representations:
        wards.setdefault(representation.division or representation.council, {}).setdefault(
            representation.person, []
        ).append(representation)
    root = ET.Element("councillorsbyward")
    container = sub(root, "wards")
    for title, people in wards.items():
        ward = sub(container, "ward")
        sub(ward, "wardtitle", title)
        councillors = sub(ward, "councillors")
        for person, terms in people.items():
            councillor_element(councillors, request, person, terms=terms)
    return xml_response(request, root)


def members():
    """Everyone who sits on a panel or for a ward: the people the old site listed as members."""
    return (
        Person.objects.filter(Q(memberships__isnull=False) | Q(representations__isnull=False))
        .distinct()
        .order_by("name", "pk")
    )


def get_member_group(request):
    root = ET.Element("memberlist")
    container = sub(root, "members")
    for person in members():
        councillor_element(container, request, person, tag="member")
    return xml_response(request, root)


def get_committees_by_user(request):
    person = by_external_id(Person.objects.all(), id_parameter(request, "lUserId"))
    if person is None:
        raise Http404("No member has that id.")
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("panel", "panel__parent")
        .order_by("panel__name")
    )
    root = ET.Element("committeesbyuser")
    sub(root, "memberid", external_id(person))
    sub(root, "fullusername", person.display_name)
    container = sub(root, "committees")
    for membership in memberships:
        element = committee_element(container, request, membership.panel)
        sub(element, "roledescription", membership.get_role_display())
    return xml_response(request, root)


METHODS = {
    "getcommittees": get_committees,
    "getmeetings": get_meetings,
    "getmeeting": get_meeting,
    "getcouncillorsbyward": get_councillors_by_ward,
    "getmembergroup": get_member_group,
    "getcommitteesbyuser": get_committees_by_user,
}


@require_safe
def web_service(request, service, method):
    """`/mgWebService.asmx/<Method>`: ASP.NET matched the names without regard to case."""
    handler = METHODS.get(method.lower()) if service.lower() == "mgwebservice.asmx" else None
    if handler is None:
        raise Http404(f"This web service has no method {method}.")
    try:
        return handler(request)
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
