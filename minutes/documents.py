"""Uploaded documents go out through this view only (there is no MEDIA_URL route): the public rule first, then the
file with its true content type, `nosniff`, and a Content-Disposition naming it."""

from pathlib import PurePosixPath

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect

from .models import Document
from .uploads import format_for_name
from .visibility import is_previewer, visible_meetings


def download(request, pk, filename):
    document = get_object_or_404(
        Document.objects.select_related("item", "meeting").filter(meeting__in=visible_meetings(request)), pk=pk
    )
    # An exempt item's papers were taken in private, and minutes papers wait for the minutes.
    if not (is_previewer(request) or document.is_public_for(document.meeting)):
        raise Http404("No such document.")
    if not document.file:
        raise Http404("This document has no file.")
    stored_name = PurePosixPath(document.file.name).name
    if filename != stored_name:
        return redirect(document.get_absolute_url(), permanent=True)
    fmt = format_for_name(stored_name)
    if fmt is None:
        raise Http404("No such document.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(handle, content_type=fmt.content_type, as_attachment=not fmt.inline, filename=stored_name)
    response["X-Content-Type-Options"] = "nosniff"
    # A document is a file, never a page: nothing in it may run or frame anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
