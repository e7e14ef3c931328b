"""API errors as docs/API.md "Errors" states them: a message per field, 409 for protected deletes, never 500.

An error nobody foresaw is still a 500, answered in JSON with the request id the log carries (the traceback
is logged by ``django.request``, as for a page: dnqp/core/request_id.py, docs/OPERATIONS.md "Server errors").
"""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.log import log_response
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from dnqp.core.request_id import request_id_of


def readable_parse_error(exc: ParseError) -> ParseError:
    """A body DRF could not parse, in the user's language.

    DRF's JSON parser answers "JSON parse error - " followed by Python's own English message, which no
    catalogue can translate; the ``ValueError`` it was raised from still says where the JSON breaks.
    """
    cause = exc.__context__
    if isinstance(cause, json.JSONDecodeError):
        return ParseError(
            _("The request body is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": cause.lineno, "column": cause.colno}
        )
    if isinstance(cause, ValueError):
        return ParseError(_("The request body is not valid JSON."))
    return ParseError()  # DRF's own "Malformed request.", which the catalogue translates


def exception_handler(exc, context):
    if isinstance(exc, ParseError):
        exc = readable_parse_error(exc)
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
    response = drf_exception_handler(exc, context)
    return server_error(exc, context) if response is None else response


def server_error(exc, context) -> Response:
    """An unforeseen error: logged with its traceback, answered 500 with the request id to quote."""
    request = context["request"]
    django_request = getattr(request, "_request", request)
    request_id = request_id_of(django_request)
    set_rollback()
    response = Response(
        {
            "detail": _("Server error. It has been logged; quote the request id %(id)s to the administrator.")
            % {"id": request_id},
            "request_id": request_id,
        },
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
    log_response(
        "%s: %s",
        "Internal Server Error",
        django_request.path,
        response=response,
        request=django_request,
        exception=exc,
    )
    return response
