"""What keeps the admin's record trustworthy, mixed into MeetingAdmin, AgendaItemAdmin and the item inline:

- workflow transitions as admin actions with a confirmation page (minutes.record.workflow does the checking and stamping);
- `status` and the approval details read-only to those without the permission to publish or approve;
- optimistic locking: forms carry the row's `version`, and a save from a form opened before someone else's save is
  refused with the clerk's typed text left in the form;
- corrections to approved minutes need a reason, stored with the change in the record's history; a publisher may
  record one as a redaction (minutes.record.corrections then publishes the date and reason, not the removed words).
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property

from ..models import AgendaItem, Meeting, Resolution
from . import workflow

STAMP_FIELDS = [
    "agenda_published_at",
    "agenda_published_by",
    "minutes_published_at",
    "minutes_published_by",
    "approved_at",
    "approved_by",
    "status_changed_at",
    "status_changed_by",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_from",
    "withdrawal_reason",
]
APPROVAL_FIELDS = ["approved_at_meeting", "approved_by_resolution"]


def meeting_of(form):
    """The meeting a record form belongs to, as it is in the database (None for a new one)."""
    instance = form.instance
    if isinstance(instance, Meeting):
        return instance if instance.pk else None
    if instance.pk and getattr(instance, "meeting_id", None):
        return instance.meeting
    if isinstance(getattr(form, "cleaned_data", {}).get("meeting"), Meeting):
        return form.cleaned_data["meeting"]
    return None


def corrections_need_reason(meeting):
    """Changes after a recorded approval are corrections (minutes.record.corrections lists them) and need a reason.
    Minutes entered as already approved (back-filling the archive) have no approval moment to count from."""
    return meeting is not None and meeting.status == Meeting.Status.APPROVED and meeting.approved_at is not None


def who_saved(instance):
    record = instance.history.select_related("history_user").first() if hasattr(instance, "history") else None
    user = record.history_user if record else None
    return (user.get_full_name() or user.get_username()) if user else "someone else"


class RecordForm(forms.ModelForm):
    """A model form carrying the row's version (optimistic locking) and, for approved minutes, a change reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for the correction",
        help_text="These minutes are approved: say what was wrong and on whose authority it is corrected. "
        "The reason is published with the correction.",
    )
    redaction = forms.BooleanField(
        required=False,
        label="Record this correction as a redaction",
        help_text="For removing personal data (publishers only): the public list then says “Text removed on <date>: "
        "<reason>”, without the removed words, and no earlier correction of this text quotes it. Give a reason "
        "that does not repeat them.",
    )
    # The main form of a change page is always saved, so it is always checked; an inline form only when changed.
    check_when_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["version"] = self.instance.version

    @cached_property
    def changed_data(self):
        # The version is bookkeeping: a stale one alone is not a change to the record.
        return [name for name in super().changed_data if name not in ("version", "change_reason", "redaction")]

    def clean(self):
        cleaned = super().clean()
        self.check_version(cleaned.get("version"))
        meeting = meeting_of(self)
        if (
            corrections_need_reason(meeting)
            and "change_reason" in self.fields
            and not (cleaned.get("change_reason") or "").strip()
            and self.has_changed()
        ):
            self.add_error("change_reason", REASON_MISSING)
        return cleaned

    def check_version(self, posted):
        if posted is None or self.instance.pk is None:
            return
        if not (self.check_when_unchanged or self.has_changed()):
            return
        model = type(self.instance)
        rows = model.objects.filter(pk=self.instance.pk)
        if transaction.get_connection(rows.db).in_atomic_block:
            # Locked until the admin's transaction ends, so nobody can save between this check and our save.
            rows = rows.select_for_update()
        current = rows.values("version", "updated_at").first()
        if current is None or current["version"] == posted:
            return
        at = timezone.localtime(current["updated_at"]).strftime("%H:%M")
        raise ValidationError(
            f"Someone else ({who_saved(self.instance)}) saved this {model._meta.verbose_name} at {at} after you "
            "opened it, so your changes have not been saved. They are still in the form below: open the "
            f"{model._meta.verbose_name} again in a new tab to see the latest version, copy your changes across "
            "and save there.",
            code="stale",
        )


class InlineRecordForm(RecordForm):
    check_when_unchanged = False
    change_reason = None  # an inline row's reason is the one given on the page's main form
    redaction = None


class MeetingForm(RecordForm):
    request_user = None  # set by MeetingRecordAdminMixin.get_form

    def clean(self):
        cleaned = super().clean()
        if "status" in self.fields and "status" in cleaned:
            self.check_status_change(cleaned["status"])
        self.check_approval_details(cleaned)
        return cleaned

    def check_approval_details(self, cleaned):
        """Minutes recorded as approved here name the later meeting of the same panel that approved them and its
        resolution; details given for minutes approved before are checked for fitting together."""
        if not set(APPROVAL_FIELDS) <= set(self.fields):
            return
        approving, resolution = cleaned.get("approved_at_meeting"), cleaned.get("approved_by_resolution")
        old = Meeting.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        becoming_approved = cleaned.get("status") == Meeting.Status.APPROVED and old != Meeting.Status.APPROVED
        if not (becoming_approved or set(APPROVAL_FIELDS) & set(self.changed_data)):
            return
        candidate = copy.copy(self.instance)
        candidate.date = cleaned.get("date") or self.instance.date
        candidate.panel_id = cleaned["panel"].pk if cleaned.get("panel") else self.instance.panel_id
        for name, message in check_approving([candidate], approving, resolution):
            required = message.startswith("Choose the")
            if name not in self.errors and (becoming_approved or not required):
                self.add_error(name, message)

    def check_status_change(self, new):
        """A publisher may set the status in the form, but only along the workflow and within their permissions."""
        user = self.request_user
        if self.instance.pk is None:
            needed = (
                None
                if new == Meeting.Status.DRAFT
                else workflow.APPROVE
                if new == Meeting.Status.APPROVED
                else workflow.PUBLISH
            )
            if needed and not (user and user.has_perm(needed)):
                self.add_error("status", "You do not have permission to create a meeting in this state.")
            return
        old = Meeting.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        if new == old:
            return
        transition = workflow.transition_between(old, new)
        if transition is not None and (
            transition.name == "withdraw" or (transition.name in workflow.ANNOUNCING and old == Meeting.Status.DRAFT)
        ):
            # These need what only the action's confirmation page asks for: a reason, or the choice to announce.
            self.add_error("status", f"Use the list's “{transition.label}” action for this meeting.")
        elif transition is None:
            self.add_error(
                "status",
                f"A meeting cannot move from “{Meeting.Status(old).label}” to “{Meeting.Status(new).label}”.",
            )
        elif not (user and user.has_perm(transition.permission)):
            self.add_error("status", f"You do not have permission to {transition.label.lower()}.")


REASON_MISSING = "These minutes are approved: give the reason for the correction."


class CorrectionFormSetMixin:
    """An inline formset on an approved meeting's page: changing any row needs the page's reason for the correction."""

    def clean(self):
        super().clean()
        meeting = self.instance if isinstance(self.instance, Meeting) else getattr(self.instance, "meeting", None)
        if (
            corrections_need_reason(meeting)
            and self.has_changed()
            and not (self.data.get("change_reason") or "").strip()
        ):
            raise ValidationError(f"{REASON_MISSING} (The field is near the foot of the page.)", code="reason")


def approving_meetings(meetings):
    """The meetings that may approve these minutes: later meetings of the same panel."""
    panels = {meeting.panel_id for meeting in meetings}
    latest = max((meeting.date for meeting in meetings), default=None)
    if latest is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(panel_id__in=panels, date__gt=latest).select_related("panel").order_by("date")


def approving_resolutions(meetings):
    return Resolution.objects.filter(
        item__meeting__in=approving_meetings(meetings), item__kind=AgendaItem.Kind.MINUTES_APPROVAL
    ).select_related("item__meeting__panel")


def check_approving(meetings, approving, resolution):
    """Errors (field, message) of an approval naming `approving` and `resolution` for `meetings`."""
    errors = []
    if approving is None:
        errors.append(("approved_at_meeting", "Choose the meeting at which the minutes were approved."))
    elif any(meeting.panel_id != approving.panel_id or approving.date <= meeting.date for meeting in meetings):
        errors.append(("approved_at_meeting", "Minutes are approved at a later meeting of the same panel."))
    if resolution is None:
        errors.append(("approved_by_resolution", "Choose the resolution that approved the minutes."))
    elif approving is not None and resolution.item.meeting_id != approving.pk:
        errors.append(("approved_by_resolution", "Choose a resolution of the approving meeting named above."))
    return errors


class ApprovalForm(forms.Form):
    """Approval names the later meeting of the same panel and its resolution: both are required."""

    approved_at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Approved at the meeting of",
        help_text="A later meeting of the same panel.",
    )
    approved_by_resolution = forms.ModelChoiceField(
        queryset=Resolution.objects.none(),
        required=False,
        label="Approving resolution",
        help_text="The resolution of that meeting (under its minutes-approval item) approving these minutes.",
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = list(meetings)
        self.fields["approved_at_meeting"].queryset = approving_meetings(self.meetings)
        self.fields["approved_by_resolution"].queryset = approving_resolutions(self.meetings)

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in check_approving(
                self.meetings, cleaned.get("approved_at_meeting"), cleaned.get("approved_by_resolution")
            ):
                self.add_error(name, message)
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for withdrawing",
        help_text="Recorded with your name. For approved minutes it is published at their old address, "
        "which then answers that the minutes were withdrawn.",
    )


class AnnounceForm(forms.Form):
    announce = forms.BooleanField(
        required=False,
        label="Announce it: publish what is listed above for the meetings that were never published",
    )


# The confirmation page's extra questions, by transition; their answers go to workflow.apply.
TRANSITION_FORMS = {
    "approve_minutes": ApprovalForm,
    "withdraw": WithdrawForm,
    "cancel_meeting": AnnounceForm,
    "postpone_meeting": AnnounceForm,
}


def transition_action(transition):
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, transition)

    action.__name__ = transition.name
    permission = "approve" if transition.permission == workflow.APPROVE else "publish"
    return admin.action(description=f"{transition.label}…", permissions=[permission])(action)


WORKFLOW_ACTIONS = [transition_action(t) for t in workflow.TRANSITIONS.values()]


FORM_ONLY_FIELDS = ("version", "change_reason", "redaction")


def form_fields(model_admin, request, obj, kwargs):
    """The model fields a (formset's) form edits: those the fieldsets name, as Django's admin would take them, less
    the form's own fields (which the fieldsets name so that they render). Passing None instead would make the form
    edit every model field, and silently blank the ones the page does not show."""
    fields = kwargs.get("fields")
    if fields is None:
        fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    return [name for name in fields if name not in FORM_ONLY_FIELDS]


def record_meeting(obj):
    """The meeting a record belongs to (a meeting is its own)."""
    if isinstance(obj, Meeting):
        return obj
    if getattr(obj, "meeting_id", None):
        return obj.meeting
    item = getattr(obj, "item", None)
    return item.meeting if item is not None else None


def may_delete(request, model, obj):
    """A record's delete page (and the cascade from a meeting's or an item's) deletes drafts only, for those holding
    the model's delete permission: anything public is withdrawn first (so its address says so). Without an object
    (the list page's action), Django's own check, which asks again for each object. Rows removed on their item's page
    are corrections, recorded in the history, and not decided here."""
    if not request.user.has_perm(f"{model._meta.app_label}.delete_{model._meta.model_name}"):
        return False
    if obj is None:
        return True
    meeting = record_meeting(obj)
    return meeting is not None and meeting.status == Meeting.Status.DRAFT


class RecordAdminMixin:
    """Version and change reason on a record's change page; the reason also goes with every inline row saved."""

    form = RecordForm

    def has_delete_permission(self, request, obj=None):
        return may_delete(request, self.model, obj)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = form_fields(self, request, obj, kwargs)
        return super().get_form(request, obj, **kwargs)

    def is_approved(self, obj):
        return corrections_need_reason(obj if isinstance(obj, Meeting) else getattr(obj, "meeting", None))

    def get_fieldsets(self, request, obj=None):
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "version"]
        if self.is_approved(obj) and request.user.has_perm(workflow.PUBLISH):
            fieldsets.append(("Correction", {"fields": ["change_reason", "redaction"]}))
        elif self.is_approved(obj) or (obj is None and not isinstance(self, MeetingRecordAdminMixin)):
            fieldsets.append(("Correction", {"fields": ["change_reason"]}))
        return fieldsets

    def redacting(self, request, form):
        return bool(form.cleaned_data.get("redaction")) and request.user.has_perm(workflow.PUBLISH)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if not issubclass(inline.formset, CorrectionFormSetMixin):
                inline.formset = type(inline.formset.__name__, (CorrectionFormSetMixin, inline.formset), {})
        return inlines

    def save_model(self, request, obj, form, change):
        if getattr(obj, "_change_reason", None) is None:
            obj._change_reason = form.cleaned_data.get("change_reason") or None
        obj._redaction = self.redacting(request, form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or None
        if not reason:
            return super().save_formset(request, form, formset, change)
        redaction = self.redacting(request, form)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj._redaction = redaction
            obj.delete()
        for obj in instances:
            obj._change_reason = reason
            obj._redaction = redaction
            obj.save()
        formset.save_m2m()


class MeetingRecordAdminMixin(RecordAdminMixin):
    form = MeetingForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.actions is not None:
            self.actions = [*self.actions, *WORKFLOW_ACTIONS]

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def has_approve_permission(self, request):
        return request.user.has_perm(workflow.APPROVE)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request_user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *STAMP_FIELDS]
        if not self.has_publish_permission(request):
            fields.append("status")
        if not self.has_approve_permission(request):
            fields += APPROVAL_FIELDS
        return fields

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "approved_by_resolution"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        named = [name for _, options in fieldsets for name in options["fields"]]
        if "approved_by_resolution" not in str(named):
            for _, options in fieldsets:
                if "approved_at_meeting" in options["fields"]:
                    options["fields"] = [*options["fields"], "approved_by_resolution"]
        if obj is not None:
            fieldsets.append(("Workflow (who and when)", {"fields": STAMP_FIELDS, "classes": ["collapse"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or (not change and obj.status != Meeting.Status.DRAFT):
            old = form.initial.get("status") if change else None
            transition = workflow.transition_between(old, obj.status) if old else None
            workflow.stamp(obj, transition, request.user)
            obj._change_reason = form.cleaned_data.get("change_reason") or (transition.label if transition else None)
        super().save_model(request, obj, form, change)

    def run_transition(self, request, queryset, transition):
        """The action: a confirmation page first, then the move, meeting by meeting, through minutes.record.workflow."""
        if not request.user.has_perm(transition.permission):
            raise PermissionDenied
        meetings = list(queryset.select_related("panel").order_by("date"))
        confirmed = request.POST.get("confirm") == "yes"
        form_class = TRANSITION_FORMS.get(transition.name)
        data = request.POST if confirmed else None
        # The approval's choices depend on the meetings approved (later meetings of the same panel).
        kwargs = {"meetings": meetings} if form_class is ApprovalForm else {}
        form = form_class(data, **kwargs) if form_class else None
        if confirmed and (form is None or form.is_valid()):
            extra = form.cleaned_data if form is not None else {}
            done = 0
            for meeting in meetings:
                try:
                    workflow.apply(meeting, transition.name, request.user, **extra)
                    done += 1
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
            if done:
                self.message_user(request, f"{transition.label}: done for {done} meeting(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{transition.label}?",
            "opts": self.model._meta,
            "transition": transition,
            "rows": [(meeting, transition.allowed_from(meeting.status)) for meeting in meetings],
            "any_allowed": any(transition.allowed_from(m.status) for m in meetings),
            "form": form,
            # Cancelling or postponing a draft publishes it: the page lists what would become public.
            "never_published": [
                m for m in meetings if transition.name in workflow.ANNOUNCING and m.status == Meeting.Status.DRAFT
            ],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/minutes/meeting/confirm_transition.html", context)


class ItemRecordAdminMixin(RecordAdminMixin):
    pass


class VersionedInlineMixin:
    """For an inline of versioned rows (AgendaItem under Meeting): each changed row is checked like a change page."""

    form = InlineRecordForm

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["fields"] = form_fields(self, request, obj, kwargs)
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        fieldsets[0][1]["fields"] = [*fieldsets[0][1]["fields"], "version"]
        return fieldsets
