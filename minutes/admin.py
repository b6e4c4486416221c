from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import path

from .admin_people import PanelMembersFirstMixin, remember_page_item
from .editor.views import editor_view, meeting_editor_view, preview_view
from .importer.admin import import_view
from .models import AgendaItem, Attendance, Declaration, Document, Meeting, MinutePoint, Question, Resolution
from .record import workflow
from .record.admin import (
    APPROVAL_FIELDS,
    ItemRecordAdminMixin,
    MeetingRecordAdminMixin,
    VersionedInlineMixin,
    approving_meetings,
    approving_resolutions,
    may_delete,
)


class ApprovedMinutesMixin:
    """Approved minutes are corrected by Publishers and Administrators only; a Clerk reads them (the roles give
    clerks the drafts)."""

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        meeting = obj if isinstance(obj, Meeting) else getattr(obj, "meeting", None)
        return meeting is None or meeting.status != Meeting.Status.APPROVED or request.user.has_perm(workflow.APPROVE)


class ItemInline(VersionedInlineMixin, admin.StackedInline):
    model = AgendaItem
    extra = 1
    fields = [("position", "number", "agenda_code", "kind"), "title", "description", ("is_exempt", "exempt_summary")]
    show_change_link = True


class OwnItemsInlineMixin:
    """The item a declaration or attendance line names is chosen from this meeting's items only."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                AgendaItem.objects.filter(meeting_id=meeting_id) if meeting_id else AgendaItem.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AttendanceInline(PanelMembersFirstMixin, OwnItemsInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 1
    fields = ["kind", "position", "person", "name", "role", "council", "substitute_for", "item"]
    autocomplete_fields = ["person", "substitute_for"]


class DeclarationInline(PanelMembersFirstMixin, OwnItemsInlineMixin, admin.StackedInline):
    model = Declaration
    extra = 0
    fields = [("position", "item"), ("people", "people_text"), "interest", ("is_disclosable_pecuniary", "left_meeting")]
    autocomplete_fields = ["people"]


class MeetingDocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["position", "title", "kind", "file", "file_format", "size_bytes", "moderngov_id"]
    verbose_name_plural = "documents of the whole meeting (agenda pack, printed minutes)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(item__isnull=True)


@admin.register(Meeting)
class MeetingAdmin(ApprovedMinutesMixin, MeetingRecordAdminMixin, admin.ModelAdmin):
    list_display = ["date", "panel", "special_name", "status", "is_public", "item_count"]
    list_filter = ["status", "panel", "date"]
    search_fields = ["special_name", "panel__name", "venue", "items__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["panel"]
    list_select_related = ["panel"]
    fieldsets = [
        (None, {"fields": ["panel", ("date", "start_time"), "special_name", "status"]}),
        ("Published details", {"fields": ["venue", "venue_directions_url", "contact", "note", "media_url"]}),
        ("Record", {"fields": ["no_declarations", "approved_at_meeting", "moderngov_id"]}),
    ]
    inlines = [ItemInline, AttendanceInline, DeclarationInline, MeetingDocumentInline]
    actions = ["download_printed_minutes"]
    change_form_template = "admin/minutes/meeting_change_form.html"

    class Media:
        css = {"all": ["css/admin-minutes.css"]}

    def get_urls(self):
        from .people.register import register_view

        view = self.admin_site.admin_view(lambda request, object_id: import_view(self, request, object_id))
        register = self.admin_site.admin_view(lambda request, object_id: register_view(self, request, object_id))
        write = self.admin_site.admin_view(lambda request, object_id: meeting_editor_view(self, request, object_id))
        return [
            path("<path:object_id>/import/", view, name="minutes_meeting_import"),
            path("<path:object_id>/register/", register, name="minutes_meeting_register"),
            path("<path:object_id>/write/", write, name="minutes_meeting_write"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_items=Count("items"))

    def get_autocomplete_fields(self, request):
        # The approval is chosen from this meeting's few candidates (formfield_for_foreignkey), not the whole archive.
        return [name for name in super().get_autocomplete_fields(request) if name not in APPROVAL_FIELDS]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in APPROVAL_FIELDS:
            meeting_id = request.resolver_match.kwargs.get("object_id")
            meetings = list(Meeting.objects.filter(pk=meeting_id)) if meeting_id else []
            candidates = approving_meetings if db_field.name == "approved_at_meeting" else approving_resolutions
            # What is recorded stays a choice, so saving the page unchanged keeps it.
            recorded = [getattr(m, db_field.attname) for m in meetings if getattr(m, db_field.attname)]
            kwargs["queryset"] = candidates(meetings) | db_field.related_model.objects.filter(pk__in=recorded)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description="Download printed minutes (check before publishing)", permissions=["view"])
    def download_printed_minutes(self, request, queryset):
        """The PDF the public will get, for any status; unpublished minutes are marked 'Not published — preview'."""
        from .output import pdf  # WeasyPrint loads only when printing

        if queryset.count() != 1:
            self.message_user(request, "Choose one meeting to download its printed minutes.", messages.WARNING)
            return None
        meeting = queryset.get()
        return pdf.pdf_response(pdf.meeting_pdf_bytes(meeting), pdf.filename(meeting), disposition="attachment")

    @admin.display(boolean=True, description="Public")
    def is_public(self, obj):
        return obj.is_public

    @admin.display(description="Items", ordering="num_items")
    def item_count(self, obj):
        return obj.num_items

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ItemInline) and obj is not None and obj.pk:
            # The next agenda position and the next minute number (which runs on from the last meeting).
            kwargs["initial"] = [{"position": obj.next_item_position(), "number": obj.next_item_number()}]
        return kwargs

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None


class ContentInline(admin.StackedInline):
    extra = 1
    # Short boxes: a question ran to 900 px with the default ten-row text areas (the item editor is the long-form way).
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["position"].help_text = "Leave blank to put it last."
        return formset


class PointInline(ContentInline):
    model = MinutePoint
    fields = [("position", "depth", "label", "kind"), "text"]


class QuestionInline(PanelMembersFirstMixin, ContentInline):
    model = Question
    extra = 0
    fields = [
        ("position", "depth", "label", "heading"),
        ("introduced_by", "response_inline"),
        "text",
        ("asked_by", "asked_by_text"),
        "response",
    ]
    autocomplete_fields = ["asked_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "introduced_by":
            item_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = MinutePoint.objects.filter(item_id=item_id) if item_id else MinutePoint.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ResolutionInline(ContentInline):
    model = Resolution
    extra = 0
    fields = [
        ("position", "depth", "label", "lead_in"),
        "text",
        "clauses",
        ("votes_for", "votes_against", "abstentions", "outcome"),
        "vote_detail",
    ]


class ItemDocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["position", "title", "kind", "is_additional", "file", "file_format", "size_bytes", "moderngov_id"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ApprovedMinutesMixin, ItemRecordAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "meeting", "kind", "is_exempt", "position"]
    list_filter = ["kind", "is_exempt", "meeting__status", "meeting__panel"]
    search_fields = ["title", "description", "number", "agenda_code", "points__text"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting", "meeting__panel"]
    fieldsets = [
        (None, {"fields": ["meeting", ("position", "number", "agenda_code", "kind"), "title", "description"]}),
        ("Layout", {"fields": [("show_documents_label", "show_minutes_label")]}),
        ("Exempt (Part 2)", {"fields": ["is_exempt", "exempt_summary"]}),
        ("Old system", {"fields": [("moderngov_id", "moderngov_issue_id")]}),
    ]
    inlines = [PointInline, QuestionInline, ResolutionInline, ItemDocumentInline]
    change_form_template = "admin/minutes/agendaitem/change_form.html"

    class Media:
        css = {"all": ["css/admin-minutes.css"]}

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, object_id: view(self, request, object_id))

        return [
            path("<path:object_id>/write/", wrap(editor_view), name="minutes_agendaitem_write"),
            path("<path:object_id>/write/preview/", wrap(preview_view), name="minutes_agendaitem_write_preview"),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        # The person autocompletes of its inlines ask for the item's meeting: they read it from here.
        remember_page_item(request, object_id, item)
        return item

    def get_readonly_fields(self, request, obj=None):
        # An item stays in the meeting it was entered in: moving it would carry its text and papers across the
        # visibility of two meetings at once. Delete and re-enter (or import) instead.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "meeting"] if obj is not None and obj.pk else readonly

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PointInline) and obj is not None and obj.pk:
            # The next free position and, when the points are plainly numbered, the next number.
            position = obj.next_content_position()
            labels = [p.label for p in obj.points.all() if p.depth == 0 and p.label.rstrip(".").isdigit()]
            label = f"{int(labels[-1].rstrip('.')) + 1}." if labels else ""
            kwargs["initial"] = [{"position": position, "label": label}]
        return kwargs

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.meeting.is_public else None


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Lists for finding a point, question, resolution, document or attendance line across the archive. They are
    edited only on their item's (or meeting's) page, where the optimistic locking, the correction reasons and the
    positions are checked together; a second way in would bypass all three."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Not from these lists, but as part of deleting a draft meeting or item (which asks about each row).
        return obj is not None and may_delete(request, self.model, obj)


@admin.register(MinutePoint)
class MinutePointAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "item", "position", "depth", "kind"]
    list_filter = ["kind", "depth"]
    search_fields = ["text", "label"]
    autocomplete_fields = ["item"]
    list_select_related = ["item"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "item", "asked_by_text", "position"]
    search_fields = ["text", "response", "asked_by_text", "heading"]
    autocomplete_fields = ["item", "asked_by", "introduced_by"]
    list_select_related = ["item"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "item", "outcome"]
    list_filter = ["outcome", "lead_in"]
    search_fields = ["text", "lead_in", "clauses"]
    autocomplete_fields = ["item"]
    list_select_related = ["item"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyRecordAdmin):
    list_display = ["title", "kind", "meeting", "item", "size_label"]
    list_filter = ["kind", "file_format"]
    search_fields = ["title"]
    autocomplete_fields = ["meeting", "item"]
    list_select_related = ["meeting", "meeting__panel", "item"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "meeting", "kind", "council"]
    list_filter = ["kind"]
    search_fields = ["name", "person__name", "council"]
    autocomplete_fields = ["meeting", "item", "person", "substitute_for"]
    list_select_related = ["meeting", "meeting__panel", "person"]


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyRecordAdmin):
    list_display = ["__str__", "meeting", "item", "left_meeting"]
    list_filter = ["left_meeting", "is_disclosable_pecuniary"]
    search_fields = ["people_text", "interest"]
    autocomplete_fields = ["meeting", "item", "people"]
    list_select_related = ["meeting", "meeting__panel", "item"]
