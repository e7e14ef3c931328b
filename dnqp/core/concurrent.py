"""A report's independent queries run side by side, each on a connection of its own (PostgreSQL).

A dashboard runs fifteen independent read queries; one after the other, PostgreSQL works on one core
while the other waits. :func:`run_all` runs the report's callables on a small pool of threads per
process (``DNQP_QUERY_THREADS``), each thread with its own persistent connection, the calling thread
taking its share: on two cores the dashboard's SQL finishes in a little over half the time.

Run side by side only when it is safe and visible to nobody but the clock; otherwise one after the
other in the calling thread, as plain code would:

- PostgreSQL only (SQLite serialises its readers anyway), with persistent connections
  (``CONN_MAX_AGE``: a pool thread opening a connection per call would lose more than it saves);
- never inside a transaction (``atomic``): other connections would not see its uncommitted writes, and
  a test's data lives in one;
- never while queries are being captured or logged (``DEBUG``, ``assertNumQueries``,
  ``CaptureQueriesContext``): every query stays on the connection being watched, so counts stay exact;
- never from inside a pool thread (no nesting).

Each callable runs with a copy of the caller's context (:mod:`contextvars`: the read replica routing,
:func:`dnqp.core.routers.reporting_reads`, follows it) and the caller's active language. Every statement of
autocommit READ COMMITTED reads its own snapshot, one after the other or side by side alike, so the figures are those
the same queries give in sequence. A callable that has not started when the caller comes for its result
is taken back and run by the caller (a busy pool never makes a page slower than running in sequence).
An exception is raised in the caller, as if the callable had run there.
"""

from __future__ import annotations

import contextvars
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, close_old_connections, connections
from django.utils import translation

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_size = 0
_pool_lock = threading.Lock()
_in_pool = threading.local()
# A pool thread's connections are checked again (close_old_connections) when its last call ended longer
# ago than this, or failed.
FRESH_SECONDS = 1.0
# Calls the busy pool has not started are taken back by the caller (tests turn it off to pin every call
# but the first on the pool, whatever the machine's load).
TAKE_BACK = True


def threads() -> int:
    """Pool threads per process (``DNQP_QUERY_THREADS``; 0: every query in the calling thread)."""
    return int(getattr(settings, "DNQP_QUERY_THREADS", 0) or 0)


def _executor() -> ThreadPoolExecutor:
    """This process's pool, created on first use (gunicorn preloads the app, then forks: never inherited)."""
    global _pool, _pool_pid, _pool_size
    pid = os.getpid()
    if _pool is None or _pool_pid != pid:
        with _pool_lock:
            if _pool is None or _pool_pid != pid:
                _pool_size = threads()
                _pool = ThreadPoolExecutor(max_workers=_pool_size, thread_name_prefix="dnqp-query")
                _pool_pid = pid
    return _pool


def side_by_side(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True if :func:`run_all` would run callables on the pool for database ``alias`` right now."""
    if threads() <= 0 or getattr(_in_pool, "active", False):
        return False
    connection = connections[alias]
    if connection.vendor != "postgresql" or connection.queries_logged:
        return False
    if not connection.settings_dict.get("CONN_MAX_AGE"):
        return False  # a new connection per call would cost more than the queries save
    # The caller's own connections: inside a transaction on either, other connections would not see it.
    return not any(connections[name].in_atomic_block for name in {alias, DEFAULT_DB_ALIAS})


def _in_thread(context: contextvars.Context, language: str | None, call: Callable[[], Any]) -> Any:
    """Run ``call`` on a pool thread, on that thread's connection, as Django runs a request on its own."""
    # What Django does for a request's thread when a request starts: drop the thread's connections that
    # are broken or past CONN_MAX_AGE, and health-check a persistent one (CONN_HEALTH_CHECKS) before its
    # first query. Calls that follow a successful one within FRESH_SECONDS are as one request: no check
    # (each was a SELECT 1 round trip before the query: 3 of them per yearly report, 13 per dashboard).
    # A connection that went away meanwhile (a database restart) fails the unchecked call: it is checked
    # (and replaced) and the call run again, as a checked one would have run (the calls are reads).
    checked = time.monotonic() >= getattr(_in_pool, "fresh_until", 0.0)
    if checked:
        close_old_connections()
    _in_pool.active = True
    _in_pool.fresh_until = 0.0
    try:
        try:
            result = context.run(_in_language, language, call)
        except (OperationalError, InterfaceError):
            if checked:
                raise
            close_old_connections()
            result = context.run(_in_language, language, call)
    finally:
        _in_pool.active = False
    _in_pool.fresh_until = time.monotonic() + FRESH_SECONDS
    return result


def _in_language(language: str | None, call: Callable[[], Any]) -> Any:
    # Django keeps the active language per thread (asgiref's Local ignores what a context copied into
    # another thread holds): the caller's is activated again, inside the copied context, for the call.
    with translation.override(language):
        return call()


def run_all(calls: Sequence[Callable[[], Any]], *, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """``[call() for call in calls]``, side by side on database ``using`` when :func:`side_by_side`.

    The calls must be independent reads: no writes, no results shared between them.
    """
    if len(calls) < 2 or not side_by_side(using):
        return [call() for call in calls]
    pool = _executor()
    language = translation.get_language()
    futures = [pool.submit(_in_thread, contextvars.copy_context(), language, call) for call in calls[1:]]
    results = [calls[0]()]
    try:
        for call, future in zip(calls[1:], futures, strict=True):
            # Not started yet (the pool is busy): taken back and run here instead of waiting for a thread.
            results.append(call() if TAKE_BACK and future.cancel() else future.result())
    finally:
        for future in futures:  # after an exception: nothing left queued that nobody waits for
            future.cancel()
    return results


def shutdown() -> None:
    """Close every pool thread's connections, then stop the pool (the next :func:`run_all` starts a new one).

    For tests and tools that drop or recreate the database; a serving process keeps its pool.
    """
    global _pool, _pool_pid
    with _pool_lock:
        pool, size, _pool, _pool_pid = _pool, _pool_size, None, None
    if pool is None:
        return
    barrier = threading.Barrier(size)

    def close_here():
        barrier.wait(timeout=10)  # one task per thread: each waits until every thread holds one
        connections.close_all()

    futures = [pool.submit(close_here) for _ in range(size)]
    for future in futures:
        future.result()
    pool.shutdown(wait=True)
