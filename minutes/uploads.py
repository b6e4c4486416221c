"""What a clerk may upload as a document, judged by the bytes rather than the name, and how it is stored.

A file is accepted only when its content is one of the formats the archive publishes (PDF, Word, Excel,
OpenDocument, PNG, JPEG), its name's extension agrees with that content, and it is within UPLOAD_MAX_BYTES.
Stored names are slugified with no path parts, so nothing a browser sends can choose where a file lands.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify


@dataclass(frozen=True)
class Format:
    label: str  # what the published pages print before the size, e.g. 'PDF'
    content_type: str
    extensions: tuple
    inline: bool  # safe for a browser to show in place; the rest are downloads


PDF = Format("PDF", "application/pdf", ("pdf",), True)
PNG = Format("PNG", "image/png", ("png",), True)
JPEG = Format("JPEG", "image/jpeg", ("jpg", "jpeg"), True)
DOCX = Format("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), False)
XLSX = Format("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), False)
ODT = Format("ODT", "application/vnd.oasis.opendocument.text", ("odt",), False)
ODS = Format("ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",), False)
FORMATS = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS)
BY_EXTENSION = {ext: fmt for fmt in FORMATS for ext in fmt.extensions}

# Office Open XML packages are zips; the part that makes each one what it is.
OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


def format_for_name(name):
    return BY_EXTENSION.get(PurePosixPath(str(name)).suffix.lower().lstrip("."))


def sniff(fileobj):
    """The Format the content really is, or None."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            return sniff_zip(fileobj)
        finally:
            fileobj.seek(0)
    return None


def sniff_zip(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return next((f for f in (ODT, ODS) if f.content_type == mimetype), None)
            if "[Content_Types].xml" in names:
                return next((f for f, part in OOXML_MAIN_PART.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def validate_document_file(file):
    """Refuse anything but a published format whose name agrees with its content, within the size limit."""
    if getattr(file, "_committed", False):
        return  # already stored (checked when it was uploaded): re-saving a document does not re-read its file
    limit = settings.UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            f"The file is {file.size / 1_048_576:.1f} MB; the largest accepted is {limit / 1_048_576:.0f} MB.",
            code="too_large",
        )
    claimed = format_for_name(file.name)
    if claimed is None:
        allowed = ", ".join(f".{ext}" for fmt in FORMATS for ext in fmt.extensions)
        raise ValidationError(f"Only these kinds of file are accepted: {allowed}.", code="bad_extension")
    actual = sniff(file)
    if actual is None:
        raise ValidationError(
            f"The file is named .{claimed.extensions[0]} but its content is not a {claimed.label} file.",
            code="bad_content",
        )
    if actual != claimed:
        raise ValidationError(
            f"The file is named as a {claimed.label} file but its content is a {actual.label} file: "
            "rename it or upload the right file.",
            code="mismatch",
        )


def safe_filename(filename):
    """'../../Report (final) v2.PDF' → 'report-final-v2.pdf': a slug with no path parts and a known extension."""
    name = PurePosixPath(str(filename).replace("\\", "/")).name
    path = PurePosixPath(name)
    extension = path.suffix.lower().lstrip(".")
    stem = slugify(path.stem if extension else name)[:80].strip("-") or "document"
    return f"{stem}.{extension}" if extension in BY_EXTENSION else stem


def document_upload_to(instance, filename):
    return f"documents/{timezone.now():%Y/%m}/{safe_filename(filename)}"


class RefuseOversizedRequests:
    """Refuses a request whose declared size (Content-Length) is over REQUEST_MAX_BYTES before a byte of its body is
    read, with a page saying what the limit is; Django would otherwise receive the whole upload (hundreds of MB)
    before the form's check refused it. The browser keeps the clerk's form: the page says to go back to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.REQUEST_MAX_BYTES
        if declared > limit:
            context = {"limit_mb": limit // (1024 * 1024), "file_limit_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            response = render(request, "request_too_large.html", context, status=413)
            # The body was not read: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
