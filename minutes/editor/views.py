"""The editors' admin pages: `/admin/minutes/agendaitem/<pk>/write/` (one item; the preview button works without
script), `…/write/preview/` (the same preview, fetched by static/js/item-editor.js as the clerk types) and
`/admin/minutes/meeting/<pk>/write/` (a whole meeting, saved item by item the same way).

Who may save is the admin's own rule (`ApprovedMinutesMixin`: approved minutes are corrected by publishers only);
anyone who may view the item may read and preview it."""

import copy
import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..importer.reader import ImportTextError, parse_minutes
from ..importer.save import ImportFailed, content_row
from ..models import AgendaItem, Meeting, MinutePoint, Question, Resolution
from ..output.html import minutes_html
from ..output.rendering import list_events, walk
from . import extras
from .forms import EditorForm, MeetingEditorForm
from .merge import (
    apply,
    apply_meeting,
    item_minutes_text,
    meeting_minutes_text,
    plan,
    plan_meeting,
    read,
    validate,
    versions_token,
)

REASON_MISSING = "These minutes are approved: give the reason for the correction before saving."
CLERK_READ_ONLY = (
    "These minutes are approved. Only a Publisher or an Administrator may correct them: you can read and preview "
    "the text here, but not save it."
)


def load_item(pk):
    items = AgendaItem.objects.select_related("meeting", "meeting__panel", "meeting__panel__parent")
    return get_object_or_404(items, pk=pk)


def editor_view(model_admin, request, object_id):
    item = load_item(object_id)
    if not model_admin.has_view_permission(request, item):
        raise PermissionDenied
    approved = item.meeting.status == Meeting.Status.APPROVED
    can_save = model_admin.has_change_permission(request, item)
    stale = None
    if request.method != "POST":
        text = item_minutes_text(item)
        form = EditorForm(initial={"text": text, "base": text, "version": item.version})
        return page(model_admin, request, item, form, read(text), can_save, approved)

    saving = "_save" in request.POST
    if saving and not can_save:
        raise PermissionDenied(CLERK_READ_ONLY if approved else "You may not change this item.")
    form = EditorForm(request.POST)
    if not form.is_valid():
        return page(model_admin, request, item, form, read(request.POST.get("text", "")), can_save, approved)
    text = form.cleaned_data["text"]
    reading = read(text)
    if not saving:
        return page(model_admin, request, item, form, reading, can_save, approved)

    reason = (form.cleaned_data["change_reason"] or "").strip()
    with transaction.atomic():
        # Locked until the save commits: nobody can save between the version check and ours.
        locked = get_object_or_404(AgendaItem.objects.select_for_update(), pk=item.pk)
        if locked.version != form.cleaned_data["version"]:
            current = item_minutes_text(locked)
            stale = stale_diff(form.cleaned_data["base"], current)
            form.add_error(
                None,
                "Someone else saved this item after you opened it, so your text has not been saved. It is still in "
                "the box below; what they changed is shown beside it. Bring their change into your text if it "
                "should stay, then save again.",
            )
            # The next save is made knowing what the other clerk did: it is checked against their version.
            form.data = form.data.copy()
            form.data["version"] = locked.version
            form.data["base"] = current
            return page(model_admin, request, locked, form, reading, can_save, approved, stale=stale)
        locked.meeting = item.meeting
        result = plan(locked, reading)
        problems = extras.take(result, request.POST) + validate(result)
        if approved and not reason and not result.is_empty:
            form.add_error("change_reason", REASON_MISSING)
            return page(model_admin, request, locked, form, reading, can_save, approved, result=result)
        if problems:
            for problem in problems:
                form.add_error("text", problem)
            return page(model_admin, request, locked, form, reading, can_save, approved, result=result)
        apply(locked, result, reason or None)
    if result.is_empty:
        messages.info(request, "Nothing had changed: the record is as it was.")
    else:
        counts = result.counts()
        messages.success(
            request,
            f"Saved: {counts['added']} paragraph(s) added, {counts['changed']} changed, {counts['moved']} moved, "
            f"{counts['removed']} removed.",
        )
    return redirect(reverse("admin:minutes_agendaitem_write", args=[item.pk]))


def preview_view(model_admin, request, object_id):
    """The preview panel alone, for the page's script: POST the text, get the panel's HTML back."""
    item = load_item(object_id)
    if not model_admin.has_view_permission(request, item):
        raise PermissionDenied
    if request.method != "POST":
        return TemplateResponse(request, "admin/minutes/agendaitem/_editor_preview.html", {"bad": True}, status=405)
    text = request.POST.get("text", "")
    context = preview_context(item, read(text))
    return TemplateResponse(request, "admin/minutes/agendaitem/_editor_preview.html", context)


def rows_html(item, rows):
    """The minutes of `item` as `rows` would have them, by the public page's code."""
    shown = copy.copy(item)
    previewed = []
    for n, row in enumerate(rows, 1):
        if row.pk is None:
            # Unsaved rows have no key yet; a preview-only one keeps the page's anchors unique.
            row = copy.copy(row)
            row.pk = f"new-{item.pk or 'item'}-{n}"
        previewed.append(row)
    shown.prefetched_points = [r for r in previewed if isinstance(r, MinutePoint)]
    shown.prefetched_questions = [r for r in previewed if isinstance(r, Question)]
    shown.prefetched_resolutions = [r for r in previewed if isinstance(r, Resolution)]
    return minutes_html(list_events(walk(shown, public=False)), 3)


def preview_context(item, reading, result=None):
    result = result or plan(item, reading)
    return {
        "item": item,
        "minutes_html": rows_html(item, result.rows),
        "warnings": reading.warnings,
        "infos": [n for n in reading.notices if n.level != "warning"],
        "result": result,
        "counts": result.counts(),
    }


def stale_diff(base, current):
    """The other clerk's change, line by line: ('add' | 'remove' | 'same' | 'gap', text)."""
    lines = []
    for line in difflib.unified_diff(base.splitlines(), current.splitlines(), lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(("gap", "…"))
        elif line.startswith("+"):
            lines.append(("add", line[1:]))
        elif line.startswith("-"):
            lines.append(("remove", line[1:]))
        else:
            lines.append(("same", line[1:]))
    return lines


def page(model_admin, request, item, form, reading, can_save, approved, stale=None, result=None):
    meeting = item.meeting
    context = {
        **model_admin.admin_site.each_context(request),
        **preview_context(item, reading, result),
        **extras.panel(item, request.POST if request.method == "POST" else None),
        "opts": AgendaItem._meta,
        "original": item,
        "meeting": meeting,
        "title": f"Write the minutes: {item}",
        "form": form,
        "can_save": can_save,
        "approved": approved,
        "read_only_message": CLERK_READ_ONLY if approved and not can_save else "",
        "stale": stale,
        "preview_url": reverse("admin:minutes_agendaitem_write_preview", args=[item.pk]),
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/minutes/agendaitem/write.html", context)


def meeting_editor_view(model_admin, request, object_id):
    """The whole meeting as one text ("Agenda and minutes"), saved item by item as the item editor saves."""
    meeting = get_object_or_404(Meeting.objects.select_related("panel", "panel__parent"), pk=object_id)
    if not model_admin.has_view_permission(request, meeting):
        raise PermissionDenied
    approved = meeting.status == Meeting.Status.APPROVED
    can_save = model_admin.has_change_permission(request, meeting)
    if request.method != "POST":
        text = meeting_minutes_text(meeting)
        form = MeetingEditorForm(initial={"text": text, "base": text, "version": versions_token(meeting)})
        return meeting_page(model_admin, request, meeting, form, text, can_save, approved)
    saving = "_save" in request.POST
    if saving and not can_save:
        raise PermissionDenied(CLERK_READ_ONLY if approved else "You may not change this meeting.")
    form = MeetingEditorForm(request.POST)
    text = request.POST.get("text", "")
    if not form.is_valid() or not saving:
        return meeting_page(model_admin, request, meeting, form, text, can_save, approved)
    reason = (form.cleaned_data["change_reason"] or "").strip()
    try:
        parsed = parse_meeting(text)
    except ImportTextError as exc:
        form.add_error("text", f"Nothing was saved: {exc}")
        return meeting_page(model_admin, request, meeting, form, text, can_save, approved)
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",)).select_related("panel", "panel__parent").get(pk=meeting.pk)
        )
        # Its items too: an item editor's save waits until ours is done, and ours sees theirs.
        list(AgendaItem.objects.select_for_update().filter(meeting=locked).values_list("pk", flat=True))
        current_token = versions_token(locked)
        if current_token != form.cleaned_data["version"]:
            current = meeting_minutes_text(locked)
            form.add_error(
                None,
                "Someone else saved this meeting or one of its items after you opened it, so your text has not been "
                "saved. It is still in the box below; what they changed is shown beside it. Bring their change into "
                "your text if it should stay, then save again.",
            )
            form.data = form.data.copy()
            form.data["version"] = current_token
            form.data["base"] = current
            stale = stale_diff(form.cleaned_data["base"], current)
            return meeting_page(model_admin, request, locked, form, text, can_save, approved, stale=stale)
        result = plan_meeting(locked, parsed)
        problems = result.problems + [p for _, item_plan in result.items for p in validate(item_plan)]
        if approved and not reason and not result.is_empty:
            form.add_error("change_reason", REASON_MISSING)
        for problem in problems:
            form.add_error("text", problem)
        if form.errors:
            return meeting_page(model_admin, request, locked, form, text, can_save, approved)
        try:
            apply_meeting(locked, result, reason or None)
        except ImportFailed as exc:
            form.add_error("text", f"Nothing was saved: {exc}")
            return meeting_page(model_admin, request, locked, form, text, can_save, approved)
    if result.is_empty:
        messages.info(request, "Nothing had changed: the record is as it was.")
    else:
        changed = sum(not item_plan.is_empty for _, item_plan in result.items)
        messages.success(request, f"Saved: {changed} item(s) changed, {len(result.new_items)} added.")
    for note in result.notes:
        messages.warning(request, note)
    return redirect(reverse("admin:minutes_meeting_write", args=[meeting.pk]))


def parse_meeting(text):
    parsed = parse_minutes(text)
    if parsed.kind != "meeting":
        raise ImportTextError(
            "this reads as a single agenda item, not a meeting page: start each item with its number ('19.') and "
            "title, or write the item in its own editor."
        )
    return parsed


def meeting_preview(meeting, text):
    """(sections, warnings, infos, plan or None, problem): each item's minutes as saving would leave them."""
    try:
        parsed = parse_meeting(text)
    except ImportTextError as exc:
        return [], [], [], None, str(exc)
    result = plan_meeting(meeting, parsed)
    sections = [
        {"item": item, "html": rows_html(item, item_plan.rows), "counts": item_plan.counts(), "new": False}
        for item, item_plan in result.items
    ]
    for n, parsed_item in enumerate(result.new_items, 1):
        item = AgendaItem(meeting=meeting, number=parsed_item.number, title=parsed_item.title)
        rows = [content_row(item, position, block) for position, block in enumerate(parsed_item.blocks, 1)]
        item.pk = f"new{n}"
        sections.append({"item": item, "html": rows_html(item, rows), "counts": {"added": len(rows)}, "new": True})
    warnings = [notice for notice in parsed.notices if notice.level == "warning"]
    infos = [notice for notice in parsed.notices if notice.level != "warning"]
    return sections, warnings, infos, result, ""


def meeting_page(model_admin, request, meeting, form, text, can_save, approved, stale=None):
    sections, warnings, infos, result, problem = meeting_preview(meeting, text)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "original": meeting,
        "meeting": meeting,
        "title": f"Write the minutes: {meeting}",
        "form": form,
        "can_save": can_save,
        "approved": approved,
        "read_only_message": CLERK_READ_ONLY if approved and not can_save else "",
        "stale": stale,
        "sections": sections,
        "warnings": warnings,
        "infos": infos,
        "plan": result,
        "problem": problem,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/minutes/meeting/write.html", context)
