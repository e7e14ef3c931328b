"""Uploaded documents: the type is checked by content (never by name) and the size is limited.

Allowed: PDF, JPEG, PNG, DOCX and XLSX. The first bytes decide; an Office file is a zip archive whose
``[Content_Types].xml`` declares a Word document or an Excel workbook (macro-enabled variants are
refused) and that holds the matching ``word/`` or ``xl/`` part. Downloads: ``dnqp.web.attachments``.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: [".pdf"], JPEG: [".jpg", ".jpeg"], PNG: [".png"], DOCX: [".docx"], XLSX: [".xlsx"]}
ALLOWED_TYPES = frozenset(EXTENSIONS)

# Main-part content types declared in [Content_Types].xml (the macro-enabled .docm/.xlsm differ).
_OFFICE_MAIN_PARTS = {
    DOCX: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/"),
    XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/"),
}
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024

TYPE_ERROR = _("Only PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) documents can be attached; this file is not one.")
EMPTY_ERROR = _("The file is empty.")
SIZE_ERROR = _("The file is %(size)s; attached documents may be at most %(limit)s.")


def _read_head(fileobj, length: int = 16) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(length)
    fileobj.seek(0)
    return head


def _office_type(fileobj) -> str | None:
    """DOCX or XLSX if ``fileobj`` is such an Office Open XML package, else None."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_MAX_BYTES:
                return None
            content_types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    if "macroEnabled" in content_types:
        return None
    for mime, (main_part, folder) in _OFFICE_MAIN_PARTS.items():
        if main_part in content_types and any(name.startswith(folder) for name in names):
            return mime
    return None


def sniff_content_type(fileobj) -> str | None:
    """The allowed MIME type that the content of ``fileobj`` shows, or None (the name is never consulted)."""
    head = _read_head(fileobj)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(fileobj)
    return None


def safe_filename(name: str, mime_type: str) -> str:
    """A file name safe to send back: no folders or control characters, and an extension that matches the type."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in unicodedata.normalize("NFC", name))
    name = re.sub(r"\s+", " ", name).strip(" .") or "tai-lieu"
    stem, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS[mime_type]:
        stem, ext = name, EXTENSIONS[mime_type][0]
    return stem[: 255 - len(ext)] + ext


def validate_attachment(uploaded) -> tuple[str, int]:
    """Check an uploaded file; return ``(mime_type, size)`` or raise a ``ValidationError`` a user understands."""
    size = uploaded.size
    limit = settings.ATTACHMENT_MAX_BYTES
    if not size:
        raise ValidationError(EMPTY_ERROR, code="empty")
    if size > limit:
        raise ValidationError(
            SIZE_ERROR, code="too_large", params={"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    mime_type = sniff_content_type(uploaded)
    if mime_type is None:
        raise ValidationError(TYPE_ERROR, code="type")
    return mime_type, size
