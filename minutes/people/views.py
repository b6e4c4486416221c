"""Member pages (/people/, /people/<slug>/) and a panel's attendance register for a year.

They read the record through `minutes.people.record`, which applies the one public rule."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from panels.models import Membership, Panel, Person

from ..browse import page_problem
from .charts import attendance_bars, register_grid
from .filters import PersonFilter
from .record import OUTCOMES, panel_year_register, person_record, public_minutes_meetings

PEOPLE_PER_PAGE = 50


def person_list(request):
    people = Person.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("panel").order_by("-start_date"))
    ).order_by("name", "pk")
    filterset = PersonFilter(request.GET, queryset=people)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page": None,
        "problem": "",
        "breadcrumbs": [("People", None)],
    }
    status = 200
    if filterset.is_valid():
        paginator = Paginator(filterset.qs, PEOPLE_PER_PAGE)
        number = request.GET.get("page") or 1
        try:
            context["page"] = paginator.page(number)
        except InvalidPage as error:
            context["problem"] = page_problem(str(number)[:20], paginator.num_pages, error)
            status = 400
    else:
        status = 400
    return render(request, "people/person_list.html", context, status=status)


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.prefetch_related("representations"), slug=slug)
    record = person_record(person)
    items_url = reverse("item-list")
    context = {
        "person": person,
        "record": record,
        "representation": person.current_representation(),
        "chart": attendance_bars(record.years),
        "outcomes": OUTCOMES,
        "filtered": {
            kind: f"{items_url}?person={person.slug}&involvement={kind}"
            for kind in ("questions", "declarations", "attendance")
        },
        "breadcrumbs": [("People", reverse("person-list")), (person.display_name, None)],
    }
    return render(request, "people/person_detail.html", context)


def panel_attendance(request, slug):
    panel = get_object_or_404(Panel.objects.select_related("parent"), slug=slug)
    years = [d.year for d in public_minutes_meetings().filter(panel=panel).dates("date", "year", order="DESC")]
    raw, status, problem = request.GET.get("year", ""), 200, ""
    year = years[0] if years else None
    if raw:
        if raw.isascii() and raw.isdigit() and int(raw) in years:
            year = int(raw)
        else:
            problem = f"There are no published minutes in “{raw[:20]}”; choose one of the years listed."
            status = 400
    members, meetings, grid = panel_year_register(panel, year) if year else ([], [], {})
    context = {
        "panel": panel,
        "years": years,
        "year": year,
        "problem": problem,
        "members": members,
        "meetings": meetings,
        "grid": register_grid(members, meetings, grid),
        "outcomes": OUTCOMES,
        "breadcrumbs": [
            ("Panels", reverse("panel-list")),
            (panel.name, panel.get_absolute_url()),
            ("Attendance", None),
        ],
    }
    return render(request, "people/panel_attendance.html", context, status=status)
