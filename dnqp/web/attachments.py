"""Downloads of attached documents, scoped: a document the user may not see answers 404.

Files are always sent as downloads with the type sniffed at upload (``dnqp.core.uploads``), never
rendered as HTML.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from dnqp.access.scoping import scope_attachments
from dnqp.core.uploads import ALLOWED_TYPES
from dnqp.models import Attachment


@require_safe
@login_required
def attachment_download(request, pk: int):
    """Send an attached document to a user who may see its record; 404 for anyone else."""
    attachment = get_object_or_404(scope_attachments(request.user, Attachment.objects.all()), pk=pk)
    content_type = attachment.mime_type if attachment.mime_type in ALLOWED_TYPES else "application/octet-stream"
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file of this document is missing.")) from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
