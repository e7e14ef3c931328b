"""Reporting reads on a PostgreSQL read replica (``DATABASE_REPLICA_URL``), everything else on the primary.

Report code marks its reads with :func:`reporting_reads` (a context manager and a decorator)::

    @reporting_reads()
    def yearly_report(...): ...

Inside it, and only there, :class:`ReplicaRouter` sends reads of every model to the ``replica``
alias; writes always go to ``default``, and so do reads outside reporting code (a page that has
just saved a record reads it back from the primary, never from a replica that lags behind).

Without a replica (no ``replica`` alias, or the router not installed) nothing changes: every read
goes to ``default``.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_reporting = contextvars.ContextVar("dnqp_reporting_reads", default=False)


@contextlib.contextmanager
def reporting_reads():
    """Reads inside go to the replica when one is configured (usable as ``@reporting_reads()``).

    Evaluate querysets inside: a queryset chooses its database when it runs, not when it is built.
    """
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def _router_installed() -> bool:
    return any(path.endswith("routers.ReplicaRouter") for path in getattr(settings, "DATABASE_ROUTERS", []))


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and _router_installed()


class ReplicaRouter:
    """Reads inside :func:`reporting_reads` → ``replica``; all other reads and every write → ``default``."""

    def db_for_read(self, model, **hints):
        if _reporting.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None  # Django's default: the database of a related instance, else ``default``

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema by streaming replication, never by migrate.
        return db == DEFAULT_DB_ALIAS
