"""/data/: what the archive offers machines, for people; and the bulk download, streamed from storage."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import bulk


@require_safe
def data_page(request):
    context = {
        "dump": bulk.latest(),
        "licence_name": bulk.LICENCE_NAME,
        "licence_url": bulk.LICENCE_URL,
        "tables": [(name, what) for name, _, _, _, what in bulk.TABLES],
        "base": request.build_absolute_uri("/").rstrip("/"),
        "breadcrumbs": [("Open data", None)],
    }
    return render(request, "opendata/data.html", context)


@require_safe
def data_download(request, name):
    """A dump file, streamed; only names the export wrote (never a path into the rest of storage)."""
    if name not in bulk.dumps():
        raise Http404("No such download.")
    try:
        handle = default_storage.open(bulk.PREFIX + name, "rb")
    except FileNotFoundError:
        raise Http404("No such download.") from None
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "public, max-age=3600"
    return response
