"""A request id on every request: in the ``X-Request-ID`` response header, on every log line, on the error page.

:class:`RequestIdMiddleware` (first in ``MIDDLEWARE``) keeps an incoming ``X-Request-ID`` when it is well formed
(8 to 64 letters, digits, ``-``, ``_`` or ``.``: what a proxy such as nginx's ``$request_id`` sends), otherwise
makes one, and puts it on the request (``request.request_id``) and on the response header. While the request
runs, :class:`RequestContextFilter` adds to every log record its request id, method, path and user id, so an
error page's id finds the traceback in the log (docs/OPERATIONS.md "Server errors").

A view whose address holds a secret (the calendar feed's key) sets ``request.log_path`` to the address without
it: the log lines of that request, ``django.request``'s "Not Found: …" and "Internal Server Error: …" included,
then name that path instead.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets

from django.utils.functional import empty

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current_request = contextvars.ContextVar("dnqp_request", default=None)


def new_request_id() -> str:
    """16 hexadecimal digits: unique enough for a log, short enough to read out on the telephone."""
    return secrets.token_hex(8)


def request_id_of(request) -> str:
    """The id given to ``request`` (an ``HttpRequest`` or DRF's ``Request``), or "" outside the middleware."""
    return getattr(request, "request_id", "") or getattr(getattr(request, "_request", None), "request_id", "")


def current_request_id() -> str:
    """The id of the request being handled in this thread (or task), "" outside a request."""
    request = _current_request.get()
    return request_id_of(request) if request is not None else ""


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if WELL_FORMED.fullmatch(incoming) else new_request_id()
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response[HEADER] = request.request_id
        return response


def _user_id(request, force: bool) -> str:
    """The id of the request's user, "-" when anonymous or not known.

    Django loads the user lazily (a query): it is loaded here only for a server error's record (``force``), where
    it is worth the query, and a failure to load it (the database down) leaves "-".
    """
    user = request.__dict__.get("user")  # AuthenticationMiddleware's lazy user, or the one DRF authenticated
    if user is None or (getattr(user, "_wrapped", None) is empty and not force):
        return "-"
    try:
        pk = user.pk
    except Exception:  # noqa: BLE001 - logging an error must never raise another
        return "-"
    return "-" if pk is None else str(pk)


class RequestContextFilter(logging.Filter):
    """Adds ``request_id``, ``request_method``, ``request_path``, ``user_id`` and ``request_context`` to records.

    ``request_context`` is `` [<id> <METHOD> <path> user=<id>]`` inside a request, empty outside one (commands).
    Records that carry their request (django.request's) use it; the others the request being handled.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request_context"):
            return True
        request = getattr(record, "request", None) or _current_request.get()
        if request is None or not hasattr(request, "META"):
            record.request_id = record.request_method = record.request_path = record.user_id = "-"
            record.request_context = ""
            return True
        record.request_id = request_id_of(request) or "-"
        record.request_method = getattr(request, "method", None) or "-"
        path = getattr(request, "path", None) or "-"
        log_path = getattr(request, "log_path", None) or getattr(getattr(request, "_request", None), "log_path", None)
        if log_path and isinstance(record.args, tuple):  # django.request names the path in its message
            record.args = tuple(log_path if arg == path else arg for arg in record.args)
        # As django.request escapes the path in its message: no line break or control character from the URL.
        record.request_path = (log_path or path).encode("unicode_escape").decode("ascii")
        # The user is loaded for a server error's record (it carries its request), not for any other line.
        record.user_id = _user_id(request, force=record.levelno >= logging.ERROR and hasattr(record, "request"))
        record.request_context = (
            f" [{record.request_id} {record.request_method} {record.request_path} user={record.user_id}]"
        )
        return True
