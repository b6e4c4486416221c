"""Old ModernGov addresses, answered with a permanent redirect to the page that replaced them.

Links to `mgAi.aspx?ID=…` and the rest sit in emails, reports and other sites for years; each resolves the old id
(`moderngov_id`, or the id the web service gave out) through the one public rule, so an old link to a record that is
not public, or to nothing, gets the site's 404. IIS, which served the old pages, ignored case in both the page name
and the parameter names, so these do too."""

from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe

from minutes import visibility
from minutes.models import Document
from panels.models import Panel, Person

from .ids import by_external_id, parse_id


def param(request, *names):
    """The first of `names` present in the query string, matched without regard to case."""
    wanted = [name.lower() for name in names]
    for wanted_name in wanted:
        for key, value in request.GET.items():
            if key.lower() == wanted_name:
                return value
    return None


def id_param(request, *names):
    raw = param(request, *names)
    if raw is None:
        raise BadLink(f"This old address needs its {names[0]}= parameter, e.g. ?{names[0]}=123.")
    number = parse_id(raw)
    if number is None:
        raise BadLink(f"{names[0]}= must be a whole number, e.g. ?{names[0]}=123.")
    return number


class BadLink(Exception):
    pass


def redirect_to(record):
    if record is None:
        raise Http404("No record has that old id.")
    return HttpResponsePermanentRedirect(record.get_absolute_url())


def legacy_view(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadLink as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_safe(wrapped)


@legacy_view
def agenda_item(request):
    """mgAi.aspx?ID= — an agenda item."""
    return redirect_to(by_external_id(visibility.public_items(), id_param(request, "ID")))


@legacy_view
def issue_history(request):
    """mgIssueHistoryHome.aspx?IId= — an issue's history: the latest public item that carried the issue."""
    issue = id_param(request, "IId", "ID")
    item = visibility.public_items().filter(moderngov_issue_id=issue).order_by("-meeting__date", "-pk").first()
    return redirect_to(item)


@legacy_view
def meeting_documents(request):
    """ieListDocuments.aspx?CId=&MId= — a meeting's agenda and minutes page (the committee id is not needed)."""
    return redirect_to(by_external_id(visibility.public_meetings(), id_param(request, "MId")))


@legacy_view
def committee(request):
    """mgCommitteeDetails.aspx?ID= — a committee's page."""
    return redirect_to(by_external_id(Panel.objects.all(), id_param(request, "ID")))


@legacy_view
def committee_meetings(request):
    """ieListMeetings.aspx?CommitteeId= — a committee's meetings, which its panel page lists by year."""
    return redirect_to(by_external_id(Panel.objects.all(), id_param(request, "CommitteeId", "CId")))


@legacy_view
def member(request):
    """mgUserInfo.aspx?UID= — a member's page (/people/<slug>/)."""
    person = by_external_id(Person.objects.all(), id_param(request, "UID"))
    if person is None:
        raise Http404("No member has that old id.")
    return HttpResponsePermanentRedirect(f"/people/{person.slug}/")


@legacy_view
def document(request, number, filename):
    """documents/s<ID>/<name> — a paper, at its download address, while the public may have it."""
    found = (
        Document.objects.filter(meeting__in=visibility.public_meetings(), moderngov_id=number)
        .select_related("meeting", "item")
        .first()
    )
    if found is None or not found.file or not found.is_public_for(found.meeting):
        raise Http404("No public paper has that old id.")
    return HttpResponsePermanentRedirect(found.get_absolute_url())


PAGES = {
    "mgai.aspx": agenda_item,
    "mgissuehistoryhome.aspx": issue_history,
    "ielistdocuments.aspx": meeting_documents,
    "mgcommitteedetails.aspx": committee,
    "ielistmeetings.aspx": committee_meetings,
    "mguserinfo.aspx": member,
}


def old_page(request, page):
    view = PAGES.get(page.lower())
    if view is None:
        raise Http404("This old page has no counterpart here.")
    return view(request)
