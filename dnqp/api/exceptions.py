"""API errors as SPEC.md "Errors" states them: a message per field, 409 for protected deletes, never 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, (ProtectedError, RestrictedError)):
        blockers = sorted(
            {obj._meta.verbose_name_plural.capitalize() for obj in exc.protected_objects}
            if isinstance(exc, ProtectedError)
            else {obj._meta.verbose_name_plural.capitalize() for obj in exc.restricted_objects}
        )
        return Response(
            {
                "detail": _("This record cannot be deleted: other records depend on it (%(what)s).")
                % {"what": ", ".join(map(str, blockers))}
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
