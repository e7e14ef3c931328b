"""The health check, without login: is the application up, can it reach its database, and its cache?

``{"status": "ok"|"degraded", "database": "ok"|"down", "cache": "ok"|"down"|"none"}``. The database is
required: without it, 503. The shared cache is not (dnqp/core/resilient_cache.py): without it the application
works, slower, and the answer is 200 with ``"status": "degraded"``; ``none`` when no shared cache is configured
(development: a cache per process). The cache is asked on every call, even while requests leave it alone after
a failure, so the health check also notices its return.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dnqp.core.resilient_cache import cache_state

logger = logging.getLogger("dnqp.web.health")


@never_cache
@require_GET
def healthz(request):
    cache = cache_state()  # a failure is logged once per outage by the cache itself
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "degraded", "database": "down", "cache": cache}, status=503)
    return JsonResponse({"status": "ok" if cache != "down" else "degraded", "database": "ok", "cache": cache})


def favicon(request):
    """``/favicon.ico``: the application's icon (browsers ask for it where a page names none)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
