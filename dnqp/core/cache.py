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
(``REDIS_URL``), off with the per-process default (``DNQP_REPORT_CACHE`` overrides).

A cache that cannot be reached is skipped (``dnqp.core.resilient_cache``): the figures are computed. A write
made meanwhile cannot move the generation on, so it is recorded in the database instead: a new random value
in the one-row table :data:`STAMP_TABLE` (``dnqp.models.FiguresStamp``), written when the write's transaction
commits. Every figure is stored with the stamp read before it was computed, and used only while both the
generation and the stamp are unchanged; so when the cache returns, whichever process reads it first, no
figure from before that write is served. The stamp costs one primary-key read per cached figure, and a write
only while the cache is down.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

GENERATION_KEY = "dnqp:figures:generation"
STAMP_TABLE = "dnqp_figuresstamp"  # dnqp.models.FiguresStamp: one row (id 1), written only while the cache is down

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "DNQP_REPORT_CACHE", False))


def timeout() -> int:
    """Seconds a figure is kept at most (``DNQP_REPORT_CACHE_SECONDS``)."""
    return getattr(settings, "DNQP_REPORT_CACHE_SECONDS", 600)


def _unreachable() -> bool:
    """Whether this thread's latest call to the shared cache failed or was skipped (a local cache never is)."""
    breaker = getattr(cache, "breaker", None)
    return breaker is not None and breaker.last_call_failed()


def database_stamp() -> int:
    """The stamp of the writes made while the cache was down (0 before the first)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT value FROM {STAMP_TABLE} WHERE id = 1")  # noqa: S608 - a constant
        row = cursor.fetchone()
    return row[0] if row else 0


def record_write_in_database() -> None:
    """A new stamp: every figure cached so far is unreachable, whatever the cache holds when it returns.

    A random value, never an earlier one: a database restored from a backup cannot bring back a stamp that
    figures still in the cache were stored with.
    """
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (id, value, recorded_at) VALUES (1, %s, %s) "  # noqa: S608 - a constant
            "ON CONFLICT (id) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at",
            [secrets.randbits(62) + 1, timezone.now()],
        )


def _stamp_pending(using: str | None = None) -> bool:
    """Whether this connection's transaction has a stamp to write at commit (its writes are not in the stamp yet)."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    return connection.in_atomic_block and any(
        entry[1] is record_write_in_database for entry in connection.run_on_commit
    )


def _record_in_database(using: str | None = None) -> None:
    """The stamp moves when the write commits (at once outside a transaction), once per transaction."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    if not _stamp_pending(connection.alias):
        transaction.on_commit(record_write_in_database, using=connection.alias)


def _move_generation() -> bool:
    """Move the shared cache's generation on; False when the cache did not answer."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet (or evicted), or the cache did not answer
            if _unreachable():
                return False
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)  # a new one, from the clock, never an earlier one
    except Exception:  # a backend other than dnqp.core.resilient_cache failing
        logger.exception("figures cache: the generation could not be moved on")
        return False
    return not _unreachable()


def invalidate(using: str | None = None) -> None:
    """Move the generation on: every figure cached so far is unreachable.

    When the cache does not answer, the write is recorded in the database instead (:func:`_record_in_database`).
    """
    if enabled() and not _move_generation():
        _record_in_database(using)


def invalidate_now_and_at_commit(using: str | None = None) -> None:
    """:func:`invalidate` now and, inside a transaction, once more when it commits (once per transaction)."""
    invalidate(using)
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and not any(entry[1] is invalidate for entry in connection.run_on_commit):
        transaction.on_commit(invalidate, using=connection.alias)


def cached(key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it gave before under ``key`` if nothing was written since.

    ``key`` must name everything ``compute`` depends on besides the data (the user's scope, the
    parameters, the day, the language). Exceptions (a 404 for another scope) are never cached.
    """
    if not enabled() or _stamp_pending():  # this transaction wrote while the cache was down: not in the stamp yet
        return compute()
    key = f"dnqp:figures:{key}"
    try:
        found = cache.get_many([GENERATION_KEY, key])  # one round trip
    except Exception:
        logger.exception("figures cache: not readable; computing")
        return compute()
    if _unreachable():  # the cache is down: computed, and not even the stamp is read
        return compute()
    stamp = database_stamp()  # read BEFORE computing, as the generation: a write meanwhile orphans the entry
    current = found.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
        if current is None:  # the cache stopped answering
            return compute()
    version = (current, stamp)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    try:
        cache.set(key, (version, value), timeout=timeout())
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
