from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from minutes import visibility
from minutes.output.rendering import paragraphs
from panels.models import Membership, Panel

ROLE_ORDER = Case(
    *(When(role=role, then=Value(n)) for n, role in enumerate(Membership.Role.values)),
    output_field=IntegerField(),
)


def panel_list(request):
    panels = Panel.objects.filter(parent__isnull=True).prefetch_related("sub_committees")
    return render(request, "panels/panel_list.html", {"panels": panels, "breadcrumbs": [("Panels", None)]})


def panel_detail(request, slug):
    panel = get_object_or_404(Panel.objects.select_related("parent"), slug=slug)
    today = timezone.localdate()
    members = (
        panel.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .select_related("person")
        .order_by(ROLE_ORDER, "person__name")
    )
    meetings = visibility.public_meetings().filter(panel=panel).select_related("panel", "panel__parent")
    years = [d.year for d in meetings.dates("date", "year", order="DESC")]
    year, year_error = None, ""
    raw_year = request.GET.get("year", "")
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
            meetings = meetings.filter(date__year=year)
        else:
            year_error = f"There are no published meetings in “{raw_year[:20]}”; showing every year."
    context = {
        "panel": panel,
        "description": paragraphs(panel.description),
        "sub_committees": list(panel.sub_committees.all()),
        "members": list(members),
        "meetings": meetings.order_by("-date", "-start_time"),
        "years": years,
        "year": year,
        "year_error": year_error,
        "breadcrumbs": [("Panels", "/panels/"), (panel.name, None)],
    }
    return render(request, "panels/panel_detail.html", context)
