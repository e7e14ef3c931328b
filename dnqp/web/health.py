"""The only view that needs no login: is the application up, can it reach its database, and its cache?

The database is required: without it, 503. The shared cache is not (dnqp/core/resilient_cache.py): without
it the application works, slower, and the answer is 200 with ``"status": "degraded"``. The cache is asked on
every call, even while requests leave it alone after a failure, so the health check also notices its return.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dnqp.core.resilient_cache import cache_reachable

logger = logging.getLogger("dnqp.web.health")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    if not cache_reachable():  # logged once per outage by the cache itself
        return JsonResponse({"status": "degraded", "database": "ok", "cache": "down"})
    return JsonResponse({"status": "ok", "database": "ok", "cache": "up"})


def favicon(request):
    """``/favicon.ico``: the application's icon (browsers ask for it where a page names none)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
