"""'Import from text' on a meeting's admin page: paste minutes in the published layout, preview them as the public
will read them (with the reader's warnings marked against the pasted lines), then confirm to save.

The preview saves for real inside a transaction and rolls it back, so it shows exactly what confirming will save.
Confirming reads the same text again (it travels in the form) rather than trusting anything kept between requests.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Meeting
from ..output.pages import present_item
from ..output.rendering import item_text, meeting_text
from .reader import MAX_BYTES, ImportTextError, parse_minutes
from .save import ImportFailed, save_minutes


class ImportForm(forms.Form):
    text = forms.CharField(
        label="Minutes as published",
        help_text="Paste an 'Agenda and minutes' page or an 'Agenda item' page, copied from the published site.",
        widget=forms.Textarea(attrs={"rows": 24, "cols": 110, "spellcheck": "false", "class": "vLargeTextField"}),
        strip=False,
        max_length=MAX_BYTES,
    )


def import_view(model_admin, request, object_id):
    meeting = get_object_or_404(Meeting.objects.select_related("panel", "panel__parent"), pk=object_id)
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "original": meeting,
        "meeting": meeting,
        "title": "Import from text",
        "subtitle": str(meeting),
    }
    form = ImportForm(request.POST or None)
    action = request.POST.get("action", "preview") if request.method == "POST" else None
    if action is None or not form.is_valid() or action == "back":
        return _form_page(request, context, form)
    text = form.cleaned_data["text"]
    try:
        parsed = parse_minutes(text)
    except ImportTextError as exc:
        form.add_error("text", f"Nothing can be imported: {exc}")
        return _form_page(request, context, form)
    try:
        if action == "confirm":
            report = save_minutes(parsed, meeting=meeting)
        else:
            report = save_minutes(
                parsed, meeting=meeting, dry_run=True, render=lambda m, items: _preview(parsed, m, items)
            )
    except ImportFailed as exc:
        form.add_error(None, f"Nothing was saved: {exc}")
        return _form_page(request, context, form)
    if action == "confirm":
        summary = parsed.summary()
        messages.success(
            request,
            f"Imported {len(report.created_items)} items ({summary['points']} points, {summary['questions']} "
            f"questions, {summary['resolutions']} resolutions). The meeting stays a draft until you publish it.",
        )
        for line in report.changes + report.notes:
            messages.warning(request, line)
        return redirect(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    marks = {}
    for notice in parsed.notices:
        marks.setdefault(notice.line, []).append(notice)
    lines = [
        {"number": n, "text": line, "notices": marks.get(n, [])}
        for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1)
    ]
    context |= {
        "form": form,
        "parsed": parsed,
        "summary": parsed.summary(),
        "report": report,
        "preview": report.rendered,
        "lines": lines,
        "warnings": parsed.warnings,
        "infos": [n for n in parsed.notices if n.level != "warning"],
    }
    return TemplateResponse(request, "admin/minutes/import_preview.html", context)


def _form_page(request, context, form):
    return TemplateResponse(request, "admin/minutes/import_form.html", {**context, "form": form})


def _preview(parsed, meeting, items):
    """The imported items in the public layout (HTML) and as the published plain text, rendered before rollback."""
    items = list(meeting.items.for_item_page().filter(pk__in=[item.pk for item in items]).order_by("position"))
    if parsed.header is not None and parsed.header.status:
        # Show the page as it will read once published; the saved meeting stays a draft.
        meeting.status = parsed.header.status
    if parsed.kind == "meeting":
        text = meeting_text(meeting, items, public=False)
    else:
        text = "\n\n".join(item_text(item, public=False) for item in items)
    html = render_to_string("admin/minutes/_import_items.html", {"items": [present_item(item, True) for item in items]})
    return {"html": html, "text": text, "heading": meeting.status_heading, "title_line": meeting.title_line}
