"""The attendance register on a meeting's admin page: the panel's members on the meeting's date (from `Membership`),
one choice each — present, apologies, absent, or substituted by someone — plus the others in attendance, saved as
the meeting's whole-meeting `Attendance` lines (lines for one item are left alone).

With nothing recorded yet, every member starts as present and the others in attendance are those of the panel's last
meeting, so a clerk changes only what differs. The form carries the meeting's version: a register opened before
someone else saved the meeting is refused, with the clerk's choices kept on the page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from minutes.models import Attendance, Meeting
from minutes.record.admin import corrections_need_reason
from panels.models import Membership, Person

PRESENT, APOLOGIES, ABSENT, SUBSTITUTED = "present", "apologies", "absent", "substituted"
CHOICES = [(PRESENT, "Present"), (APOLOGIES, "Apologies"), (ABSENT, "Absent"), (SUBSTITUTED, "Substituted by")]
ROLE_MARKS = {Membership.Role.CHAIR: "Chair", Membership.Role.VICE_CHAIR: "Vice-Chair"}
# Corrections to approved minutes carry a published reason, which the meeting's own page asks for.
APPROVED = (
    "These minutes are approved: correct the attendance on the meeting's page, which asks for the reason for the "
    "correction."
)
OTHER_KINDS = [
    (Attendance.Kind.ALSO_PRESENT, "also_present", "Also present"),
    (Attendance.Kind.IN_ATTENDANCE, "in_attendance", "In attendance"),
]


def members_on(meeting):
    """The panel's memberships on the meeting's date, chair first, then by name."""
    order = {role: n for n, role in enumerate(Membership.Role.values)}
    memberships = (
        Membership.objects.filter(panel=meeting.panel)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=meeting.date))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=meeting.date))
        .select_related("person")
    )
    return sorted(memberships, key=lambda m: (order.get(m.role, 99), m.person.name))


def find_person(written):
    """The one person a written name means ('Cllr Martin Dale', 'Martin Dale'), or None."""
    name = " ".join(written.split())
    for honorific in Person.Honorific.values:
        if honorific and name.startswith(honorific + " "):
            name = name[len(honorific) + 1 :]
            break
    matches = list(Person.objects.filter(name__iexact=name)[:2])
    return matches[0] if len(matches) == 1 else None


def split_role(line):
    """'Mr M Scott (Police and Crime Commissioner)' → ('Mr M Scott', 'Police and Crime Commissioner')."""
    line = line.strip()
    if line.endswith(")") and " (" in line:
        name, _, role = line[:-1].rpartition(" (")
        return name.strip(), role.strip()
    return line, ""


class RegisterForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    also_present = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="One a line, role in brackets: 'Mr M Scott (Police and Crime Commissioner)'.",
    )
    in_attendance = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="One a line, role in brackets: 'Ms P Olawale (Panel Clerk)'.",
    )

    def __init__(self, *args, memberships, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.memberships = memberships
        for m in memberships:
            self.fields[f"m{m.pk}"] = forms.ChoiceField(
                choices=CHOICES, widget=forms.RadioSelect, label=m.person.display_name, initial=PRESENT
            )
            self.fields[f"s{m.pk}"] = forms.CharField(
                required=False, max_length=200, label=f"Substitute for {m.person.display_name}"
            )

    def rows(self):
        """(membership, choice field, substitute field) for the template."""
        return [(m, self[f"m{m.pk}"], self[f"s{m.pk}"]) for m in self.memberships]

    def clean(self):
        data = super().clean()
        if corrections_need_reason(self.meeting):
            raise forms.ValidationError(APPROVED)
        if data.get("version") is not None and data["version"] != self.meeting.version:
            raise forms.ValidationError(
                "Someone saved this meeting after you opened the register. Your choices are still below: check the "
                "meeting's attendance on its page, then open the register again and re-enter them."
            )
        for m in self.memberships:
            if data.get(f"m{m.pk}") == SUBSTITUTED and not data.get(f"s{m.pk}", "").strip():
                self.add_error(f"s{m.pk}", "Write the substitute's name, or choose another answer.")
        return data


def initial_for(meeting, memberships):
    """Choices as recorded for this meeting, else every member present and the last meeting's others."""
    rows = list(meeting.attendance.filter(item__isnull=True).select_related("person", "substitute_for"))
    initial = {"version": meeting.version}
    source = rows
    if not rows:
        last = (
            Meeting.objects.filter(panel=meeting.panel, date__lt=meeting.date).order_by("-date", "-start_time").first()
        )
        source = list(last.attendance.filter(item__isnull=True)) if last else []
    for kind, field, _label in OTHER_KINDS:
        lines = [r for r in sorted(source, key=lambda r: r.position) if r.kind == kind]
        initial[field] = "\n".join(f"{r.display_name} ({r.role})" if r.role else r.display_name for r in lines)
    if not rows:
        return initial
    for m in memberships:
        initial[f"m{m.pk}"] = ABSENT
        for row in rows:
            if row.person_id == m.person_id and row.kind == Attendance.Kind.PRESENT:
                initial[f"m{m.pk}"] = PRESENT
            elif row.person_id == m.person_id and row.kind == Attendance.Kind.APOLOGIES:
                initial[f"m{m.pk}"] = initial[f"m{m.pk}"] if initial[f"m{m.pk}"] == SUBSTITUTED else APOLOGIES
            elif row.substitute_for_id == m.person_id and row.kind == Attendance.Kind.SUBSTITUTE:
                initial[f"m{m.pk}"] = SUBSTITUTED
                initial[f"s{m.pk}"] = row.display_name
    return initial


@transaction.atomic
def save_register(form):
    """Replace the meeting's whole-meeting attendance lines with the register's; returns the lines created."""
    meeting, data = form.meeting, form.cleaned_data
    meeting.attendance.filter(item__isnull=True).delete()
    lines, position = [], 0

    def add(**fields):
        nonlocal position
        lines.append(Attendance.objects.create(meeting=meeting, position=position, **fields))
        position += 1

    for m in form.memberships:
        choice = data[f"m{m.pk}"]
        if choice == PRESENT:
            add(kind=Attendance.Kind.PRESENT, person=m.person, role=ROLE_MARKS.get(m.role, ""), council=m.council)
        elif choice in (APOLOGIES, SUBSTITUTED):
            add(kind=Attendance.Kind.APOLOGIES, person=m.person, council=m.council)
    for m in form.memberships:
        if data[f"m{m.pk}"] == SUBSTITUTED:
            written = " ".join(data[f"s{m.pk}"].split())
            person = find_person(written)
            add(
                kind=Attendance.Kind.SUBSTITUTE,
                person=person,
                name="" if person else written,
                substitute_for=m.person,
                council=m.council,
            )
    for kind, field, _label in OTHER_KINDS:
        for line in data[field].splitlines():
            if line.strip():
                name, role = split_role(line)
                person = find_person(name)
                add(kind=kind, person=person, name="" if person else name, role=role)
    # Moves the meeting's version, so a meeting page opened before this register cannot save its stale lines.
    meeting.save(update_fields=["updated_at"])
    return lines


def register_view(model_admin, request, object_id):
    meeting = get_object_or_404(Meeting.objects.select_related("panel", "panel__parent"), pk=object_id)
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    memberships = members_on(meeting)
    if request.method == "POST":
        form = RegisterForm(request.POST, memberships=memberships, meeting=meeting)
        if form.is_valid():
            lines = save_register(form)
            messages.success(request, f"Attendance saved: {len(lines)} lines.")
            return redirect(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    else:
        form = RegisterForm(initial=initial_for(meeting, memberships), memberships=memberships, meeting=meeting)
        if corrections_need_reason(meeting):
            messages.warning(request, APPROVED)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "original": meeting,
        "meeting": meeting,
        "form": form,
        "title": "Attendance register",
        "subtitle": str(meeting),
    }
    return TemplateResponse(
        request, "admin/minutes/attendance_register.html", context, status=400 if form.errors else 200
    )
