"""The shared cache (Redis) as an optional helper: when it cannot be reached, the application works without it.

:class:`ResilientRedisCache` is Django's Redis backend in which a call that fails (connection refused, a
timeout, any Redis error) is *skipped*: ``get`` answers its default, ``add``/``delete``/``has_key`` answer
False, ``set`` stores nothing, ``incr`` raises the ``ValueError`` Django documents for a counter it cannot move.
Nothing that reads or writes the cache can then fail a request; what needs to know (the figures cache,
``dnqp.core.cache``; the health check) asks :data:`breaker`.

The :class:`Breaker` (one per process) turns an outage into one log line, not one per call: the first
failure is logged as an error and opens a back-off of ``DNQP_CACHE_RETRY_SECONDS`` (5 s) during which no call
goes to the network at all; the first call after it tries again, and the first that succeeds logs "cache
back". With the short socket timeouts of :func:`redis_cache`, a cache that is down costs a request at most
one timeout every few seconds per process, and nothing needs a restart when it returns.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# A cache on the local network answers in a millisecond; waiting longer than this only delays the page.
CONNECT_TIMEOUT_SECONDS = 0.5
SOCKET_TIMEOUT_SECONDS = 0.5
DEFAULT_RETRY_SECONDS = 5


def redis_cache(url: str) -> dict:
    """The ``CACHES`` entry for the shared cache at ``url`` (settings, and the tests that point it elsewhere)."""
    return {
        "BACKEND": "dnqp.core.resilient_cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
        },
    }


def retry_seconds() -> float:
    """How long the cache is left alone after a failure (``DNQP_CACHE_RETRY_SECONDS``)."""
    return getattr(settings, "DNQP_CACHE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)


def describe(url: str) -> str:
    """``host:port/db`` of a cache URL, never its password (it goes to the log)."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"
    except ValueError:
        return "the cache"


class Breaker:
    """Whether this process's shared cache is working, and when to try it again after a failure."""

    def __init__(self):
        self._lock = threading.Lock()
        self._down_since: float | None = None  # time.monotonic() of the failure that began the outage
        self._failed_at = 0.0  # time.monotonic() of the latest failure
        self._where = ""
        self._local = threading.local()  # per thread: did this thread's last call fail or get skipped?

    def is_down(self) -> bool:
        return self._down_since is not None

    def may_call(self) -> bool:
        """False during the back-off that follows a failure: the call is skipped without touching the network."""
        if self._down_since is None or time.monotonic() >= self._failed_at + retry_seconds():
            return True
        self._local.failed = True
        return False

    def last_call_failed(self) -> bool:
        """Whether this thread's latest call did not reach the cache (failed, or skipped during the back-off)."""
        return getattr(self._local, "failed", False)

    def failed(self, exc: BaseException, where: str) -> None:
        self._local.failed = True
        with self._lock:
            self._failed_at = time.monotonic()
            if self._down_since is not None:
                return  # the same outage: logged when it began
            self._down_since = time.monotonic()
            self._where = where
        logger.error(
            "cache unreachable at %s (%s: %s): working without it (figures computed, nothing cached); "
            "trying again every %s s",
            where,
            type(exc).__name__,
            exc,
            retry_seconds(),
        )

    def succeeded(self) -> None:
        self._local.failed = False
        if self._down_since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            if self._down_since is None:
                return
            seconds = time.monotonic() - self._down_since
            where, self._down_since = self._where, None
        logger.warning("cache back at %s after %.0f s: using it again", where, seconds)

    def reset(self) -> None:
        """Forget any outage (tests)."""
        with self._lock:
            self._down_since, self._failed_at, self._where = None, 0.0, ""
        self._local.failed = False


breaker = Breaker()  # one per process: the project has one shared cache (``REDIS_URL``)

_SKIPPED = object()


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client whose every call goes through :data:`breaker`."""

    def _guarded(self, call, fallback, *args, force: bool = False):
        if not force and not breaker.may_call():
            return fallback
        try:
            result = call(*args)
        except self._lib.RedisError as exc:  # ConnectionError, TimeoutError, a protocol error...
            breaker.failed(exc, describe(self._servers[0]))
            return fallback
        except Exception:
            breaker.succeeded()  # the server answered (``incr`` of a missing key raises ValueError)
            raise
        breaker.succeeded()
        return result

    def add(self, key, value, timeout):
        return self._guarded(super().add, False, key, value, timeout)

    def get(self, key, default):
        return self._guarded(super().get, default, key, default)

    def set(self, key, value, timeout):
        self._guarded(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded(super().touch, False, key, timeout)

    def delete(self, key):
        return self._guarded(super().delete, False, key)

    def get_many(self, keys):
        return self._guarded(super().get_many, {}, keys)

    def has_key(self, key):
        return self._guarded(super().has_key, False, key)

    def incr(self, key, delta):
        result = self._guarded(super().incr, _SKIPPED, key, delta)
        if result is _SKIPPED:
            raise ValueError(f"Key '{key}' could not be incremented: the cache is unavailable.")
        return result

    def set_many(self, data, timeout):
        self._guarded(super().set_many, None, data, timeout)

    def delete_many(self, keys):
        self._guarded(super().delete_many, None, keys)

    def clear(self):
        return self._guarded(super().clear, False)

    def ping(self) -> bool:
        """Ask the server now, even during the back-off (the health check): True when it answered."""
        return bool(self._guarded(lambda: self.get_client(None, write=True).ping(), False, force=True))


class ResilientRedisCache(RedisCache):
    """``CACHES`` backend: Redis, or nothing while Redis cannot be reached (see the module's docstring)."""

    breaker = breaker

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        return self._cache.ping()


def cache_state(alias: str = "default") -> str:
    """``/healthz``'s word for the cache: ``ok`` (a shared cache that answers now), ``down`` (one that does not),
    ``none`` (no shared cache configured: each process keeps its own, which cannot fail)."""
    ping = getattr(caches[alias], "ping", None)
    if ping is None:
        return "none"
    return "ok" if ping() else "down"
