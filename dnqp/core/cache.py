"""The figures cache: report figures kept until the next write.

A counter in the shared cache, the *generation*, moves on at every write that can change a figure. A
figure is stored with the generation it was computed in and used only while that generation is still
the current one: a write never deletes entries, it makes every earlier one unreachable (they expire
on their own). The counter moves

- on the model signals of the records the reports read (wired by ``dnqp.reports.invalidation``), once
  at once and once more when the transaction commits, so that a figure computed by another request
  from the data before the commit, and stored after the first move, is orphaned by the second;
- after every request with an unsafe method (:class:`InvalidateOnWriteMiddleware`), which covers
  writes that send no signal (``QuerySet.update()``, ``bulk_create()``);
- by :func:`invalidate`, for code that writes around both (``seed_scale``, ``restore``).

The cache is only correct when every process sees the same counter: it is on with a shared cache
(``REDIS_URL``), off with the per-process default (``DNQP_REPORT_CACHE`` overrides). A cache that
fails is logged and skipped: the figures are computed instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

GENERATION_KEY = "dnqp:figures:generation"

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "DNQP_REPORT_CACHE", False))


def timeout() -> int:
    """Seconds a figure is kept at most (``DNQP_REPORT_CACHE_SECONDS``)."""
    return getattr(settings, "DNQP_REPORT_CACHE_SECONDS", 600)


def invalidate() -> None:
    """Move the generation on: every figure cached so far is unreachable."""
    if not enabled():
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or evicted): a new one, from the clock, never an earlier number
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:
        logger.exception("figures cache: the generation could not be moved on")


def invalidate_now_and_at_commit(using: str | None = None) -> None:
    """:func:`invalidate` now and, inside a transaction, once more when it commits (once per transaction)."""
    invalidate()
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and not any(entry[1] is invalidate for entry in connection.run_on_commit):
        transaction.on_commit(invalidate, using=connection.alias)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it gave before under ``key`` if nothing was written since.

    ``key`` must name everything ``compute`` depends on besides the data (the user's scope, the
    parameters, the day, the language). Exceptions (a 404 for another scope) are never cached.
    """
    if not enabled():
        return compute()
    key = f"dnqp:figures:{key}"
    try:
        found = cache.get_many([GENERATION_KEY, key])  # one round trip
    except Exception:
        logger.exception("figures cache: not readable; computing")
        return compute()
    current = found.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    # The generation was read BEFORE computing: a write meanwhile leaves this entry stale for every reader.
    value = compute()
    try:
        cache.set(key, (current, value), timeout=timeout())
    except Exception:
        logger.exception("figures cache: an entry could not be stored")
    return value


class InvalidateOnWriteMiddleware:
    """After any request that may have written (an unsafe method), the cached figures are dropped."""

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in self.UNSAFE:
            invalidate()
        return response
