"""Cached report figures (dashboard, yearly summary), dropped on every write that can change them.

Every entry is tied to a *generation*: a counter in the shared cache that each write bumps. A write
never deletes entries; it makes every earlier one stale (they expire on their own). The cached HTML
fragments hold the generation in their key; the figures (:func:`cached`) and whole pages
(:func:`cached_page`) hold it in the entry, so that one round trip reads the entry and the counter
together, and an entry of another generation is never used. The counter is bumped:

- by the ``post_save``/``post_delete``/``m2m_changed`` signals of every model the reports read
  (units, agreements, delegations, activities, support and their partner links), once right away
  and once more when the transaction commits — so a figure computed by another request from data
  before the commit, and stored after the first bump, is orphaned by the second;
- by :class:`InvalidateOnWriteMiddleware` after every request with an unsafe method (POST, PUT,
  PATCH, DELETE), which also covers writes that send no signal (``QuerySet.update()``,
  ``bulk_create()``);
- by :func:`invalidate`, for code that writes around both (``seed_scale``).

The key also holds the user's scope root (``all`` or their command), the report's own parameters,
today's date and the active language, so two users share an entry only when they are entitled to
the same figures.

Whole pages (the dashboard, :func:`cached_page`) are cached per user, their CSRF token filled in on
every request.

Caching is only correct when every worker sees the same counter: it is on when the cache is shared
(``REDIS_URL``), off with the per-process default cache (``DNQP_REPORT_CACHE`` overrides).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

GENERATION_KEY = "dnqp:reports:generation"
# The command tree's own generation (dnqp/access/tree.py): bumped by writes to commands only.
TREE_GENERATION_KEY = "dnqp:reports:tree-generation"
# Inside a request (InvalidateOnWriteMiddleware), the counters read so far, both read in one round trip at
# the first need: a report page needs both, some of them twice. Reading them once per request is reading
# them at its start, as a computation reads its generation before it starts; a bump (a write of this
# request) forgets what was read, so the request's own writes are seen at once.
_request_counters: contextvars.ContextVar[dict | None] = contextvars.ContextVar("dnqp_counters", default=None)
# Inside a request, the entries computed for the cache, stored once the response has been delivered
# (:func:`store`): {key: value}.
_request_stores: contextvars.ContextVar[dict | None] = contextvars.ContextVar("dnqp_stores", default=None)

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "DNQP_REPORT_CACHE", False))


def counter(key: str) -> int:
    """The current value of the generation counter ``key`` (created on first use); inside a request, as read
    at its first need (:data:`_request_counters`)."""
    read = _request_counters.get()
    if read is not None:
        if key not in read:
            found = cache.get_many([GENERATION_KEY, TREE_GENERATION_KEY])
            read.update((name, int(value)) for name, value in found.items())
        if key in read:
            return read[key]
    value = cache.get(key)
    if value is None:
        # A fresh counter starts from the clock, never from a number an evicted counter already used.
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    if read is not None:
        read[key] = int(value)
    return int(value)


def bump(key: str) -> None:
    """Move the generation counter ``key`` on: every entry keyed by its earlier value is unreachable."""
    try:
        cache.incr(key)
    except ValueError:  # no counter yet (or evicted): start a new one
        cache.set(key, time.time_ns(), timeout=None)
    read = _request_counters.get()
    if read is not None:
        read.pop(key, None)


@contextlib.contextmanager
def counters_read_once():
    """Inside, each generation counter is read from the cache once (both in one round trip), until bumped."""
    token = _request_counters.set({})
    try:
        yield
    finally:
        _request_counters.reset(token)


def timeout() -> int:
    """Seconds a cached figure, fragment or page is kept (``DNQP_REPORT_CACHE_SECONDS``)."""
    return getattr(settings, "DNQP_REPORT_CACHE_SECONDS", 600)


def store(key: str, value: Any) -> None:
    """Put ``value`` in the cache at ``key``: inside a request (:func:`stores_after_response`) once its response
    has been delivered, otherwise now.

    The entry holds (or its key holds) the generation read before ``value`` was computed, so storing it a
    moment later stores the same thing: a write meanwhile has made it stale for every reader either way.
    Until then :func:`cached` finds it among the request's entries, so the request never computes it twice.
    """
    pending = _request_stores.get()
    if pending is None:
        cache.set(key, value, timeout=timeout())
    else:
        pending[key] = value


@contextlib.contextmanager
def stores_after_response():
    """Inside, :func:`store` keeps its entries; yields the function that writes them (one round trip).

    The figures and pages a report request computes are written after the user has the page (a Redis write
    and the pickling of the figures, and of a whole dashboard page, no longer before the response).
    """
    pending: dict = {}
    token = _request_stores.set(pending)

    def write() -> None:
        if not pending:
            return
        entries = dict(pending)
        pending.clear()
        try:
            cache.set_many(entries, timeout=timeout())
        except Exception:  # the user has the page: an entry not written is computed again next time
            logger.exception("report cache: %d entries not written", len(entries))

    try:
        yield write
    finally:
        _request_stores.reset(token)


def bump_now_and_at_commit(func, using=None) -> None:
    """Call ``func`` now and, inside a transaction, once more when it commits (once per transaction: an
    import of 10,000 rows queues one callback, not 10,000). A figure computed by another request from data
    before the commit, and stored after the first call, is orphaned by the second. (Django drops the
    callbacks of a rolled-back savepoint, so a later write registers again.)"""
    func()
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.in_atomic_block and not any(entry[1] is func for entry in connection.run_on_commit):
        transaction.on_commit(func, using=connection.alias)


def generation() -> int:
    """The current generation of the cached figures."""
    return counter(GENERATION_KEY)


def invalidate() -> None:
    """Make every cached figure unreachable."""
    bump(GENERATION_KEY)


def _scope_identity(user) -> str:
    from dnqp.access import scoping

    root = scoping.scope_root_id(user)
    if root == scoping.ALL:
        return "all"
    return "none" if root is None else f"c{root}"


def scope_is_empty(user) -> bool:
    """True if ``user`` sees no command at all (no command and no administrator role)."""
    return _scope_identity(user) == "none"


def key_for(name: str, user, params: Any) -> str:
    parts = repr((name, _scope_identity(user), params, translation.get_language()))
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"dnqp:reports:{generation()}:{name}:{digest}"


def entry_key(name: str, user, params: Any) -> str:
    """Where :func:`cached` keeps ``name``'s figures for ``user``'s scope and ``params``: the entry holds the
    generation it was computed in, so that one round trip reads the entry and the counters together."""
    parts = repr((name, _scope_identity(user), params, translation.get_language()))
    return f"dnqp:reports:entry:{name}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"


def _read_with_counters(key: str) -> Any:
    """The cache's value at ``key``; inside a request that has not read the generation counters yet, read in
    the same round trip as them (Redis reads the three at one moment)."""
    read = _request_counters.get()
    if read is None or (GENERATION_KEY in read and TREE_GENERATION_KEY in read):
        return cache.get(key)
    found = cache.get_many([GENERATION_KEY, TREE_GENERATION_KEY, key])
    read.update((name, int(found[name])) for name in (GENERATION_KEY, TREE_GENERATION_KEY) if name in found)
    return found.get(key)


def cached(name: str, user, params: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its result from the cache for the same user scope, ``params`` and data.

    ``params`` must hold everything ``compute`` depends on besides the user's scope and the data
    (year, command, country, mode, today). Exceptions (404 for another scope) are never cached.
    """
    if not enabled():
        return compute()
    key = entry_key(name, user, params)
    pending = _request_stores.get()
    entry = pending[key] if pending is not None and key in pending else _read_with_counters(key)
    # The generation is read BEFORE computing (with the entry, in a request): a write during the computation
    # leaves the entry stored under the generation before it, which no later read accepts.
    current = generation()
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    store(key, (current, value))
    return value


def fragment(name: str, user, params: Any) -> dict:
    """Context for a ``{% cache fragment_timeout name fragment_key %}`` block of a report page.

    The rendered HTML of the figures is cached like the figures themselves (same scope, generation,
    day and language in the key, so a write drops it too). ``params``: everything else the block
    shows (the query string). With the report cache off the timeout is 0: nothing is stored.
    """
    if not enabled():
        return {"fragment_timeout": 0, "fragment_key": "off"}
    return {
        "fragment_timeout": timeout(),
        "fragment_key": key_for(name, user, (params, timezone.localdate(), html_version())),
    }


def form_fragment(name: str, request) -> dict:
    """Context for the ``{% cache form_timeout report-form form_key using="report_forms" %}`` block of a
    report's parameter form.

    The form shows no record: only the scopes the user may pick (commands of the user's scope, from the
    command tree), the parameters of the query string and their errors. So its HTML is kept per scope,
    command tree generation (dnqp/access/tree.py: every write to a command moves it on), query string,
    day (the default year) and language, and a write to records keeps it: a report recomputed after a
    write renders its form, and runs the query of the scope picker, only when the commands changed.

    It is kept in each process's memory (the ``report_forms`` cache, settings.py), not in Redis: the tree's
    generation in the key is read from the shared cache on every request, so a write to a command reaches
    every process at once, and the page saves a round trip (a form costs one query to render again).
    """
    if not enabled():
        return {"form_timeout": 0, "form_key": "off"}
    from dnqp.access.tree import tree_generation

    parts = repr(
        (
            name,
            _scope_identity(request.user),
            tree_generation(),
            request.GET.urlencode(),
            timezone.localdate(),
            translation.get_language(),
            html_version(),
        )
    )
    return {
        "form_timeout": timeout(),
        "form_key": f"{name}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}",
    }


def cached_fragment(fragment_name: str, context: dict):
    """The HTML a ``{% cache %}`` block named ``fragment_name`` stored under ``context``'s fragment key, or None.

    A view that finds it skips building what only the block shows, and puts it in the page as it is.
    """
    from django.core.cache.utils import make_template_fragment_key
    from django.utils.safestring import mark_safe

    if not context.get("fragment_timeout"):
        return None
    html = cache.get(make_template_fragment_key(fragment_name, [context["fragment_key"]]))
    return None if html is None else mark_safe(html)  # noqa: S308 (our own rendered template output)


# --- whole pages ----------------------------------------------------------------------------------
# A logged-in page is cached whole, per user: besides the figures it shows the user's name and menu
# (per user, in the key) and a CSRF token (per request: stored as a random slot and filled on every
# request). The key holds the user's scope (read from the database on every request, so a change of role
# or command shows at once), the path with its query string, the language, the day and the static files'
# version (a deploy changes the hashed file names the page links to); the entry holds the generation it
# was rendered in, compared with the current one.


def _static_version() -> str:
    from django.contrib.staticfiles.storage import staticfiles_storage

    return getattr(staticfiles_storage, "manifest_hash", "") or ""


@functools.cache
def _templates_version() -> str:
    """A digest of the project's templates and Django's version, worked out once per process.

    In the keys of cached HTML (pages, figures, forms): a deploy that changes a template never serves
    HTML rendered by the former one; servers running the same code share their entries.
    """
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def html_version() -> str:
    """What cached HTML depends on besides its data: the templates and the static files it links to."""
    return f"{_templates_version()}:{_static_version()}"


def pending_messages(request) -> bool:
    """True if ``request`` has messages (django.contrib.messages) to show: such a page is never cached.

    ``len()`` loads the stored messages without marking them read.
    """
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _page_key(name: str, request) -> str:
    user = request.user
    parts = repr(
        (
            name,
            _scope_identity(user),
            # What the page's header shows of the user (templates/base.html).
            user.pk,
            user.get_username(),
            user.get_full_name(),
            user.is_staff,
            request.get_full_path(),
            translation.get_language(),
            timezone.localdate(),
            html_version(),
        )
    )
    return f"dnqp:reports:page:{name}:{hashlib.sha256(parts.encode()).hexdigest()[:40]}"


def cached_page(name: str, request):
    """``(entry, response)``: page ``name`` for ``request``'s user and URL from the cache, or None.

    ``response``: the stored page with the request's own CSRF token filled in, when it was stored in
    the current generation. ``entry``: where :func:`store_page` stores the page once rendered; None when
    the page must not be cached (report cache off, or messages waiting to be shown). Costs the scope's
    query (roles and command, :func:`dnqp.access.scoping.scope_root_id`) and one cache round trip: the entry
    holds its generation, read together with the current counters (:func:`_read_with_counters`).
    """
    if not enabled() or pending_messages(request):
        return None, None
    key = _page_key(name, request)
    stored = _read_with_counters(key)
    current = generation()
    if stored is None or stored[0] != current:
        # The generation is read BEFORE rendering: a write meanwhile makes the stored page stale at once.
        return (key, current), None
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    # get_token(): a token masked afresh, and the CSRF cookie set or refreshed, as {% csrf_token %} does.
    return (key, current), HttpResponse(get_token(request).encode().join(stored[1]))


def store_page(entry, request, response) -> None:
    """Render the TemplateResponse ``response`` and, when it answers 200, store it at ``entry``.

    The page is rendered with a random slot in place of the CSRF token; the stored page is cut at the
    slots and the response gets the request's own token there, exactly as a page served from the cache.
    """
    if entry is None or response.status_code != 200 or response.is_rendered:
        return
    from django.middleware.csrf import get_token

    key, generation_read = entry
    slot = f"csrf-slot-{secrets.token_hex(16)}"
    response.context_data["csrf_token"] = slot
    response.render()
    parts = tuple(response.content.split(slot.encode()))
    # A slot of another render (a token inside a cached fragment) would be served as it is: never stored.
    if not any(b"csrf-slot-" in part for part in parts):
        store(key, (generation_read, parts))
    response.content = get_token(request).encode().join(parts)


def cached_report(name: str):
    """Decorator for a report function called with keyword arguments only (``user=`` and its parameters).

    The key holds every parameter (a model instance by its id) and today's date, since reports are
    computed as of today even when ``today`` is not passed.
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*, user, **kwargs):
            params = tuple(sorted((k, getattr(v, "pk", v)) for k, v in kwargs.items()))
            params += (("as_of", timezone.localdate()),)
            return cached(name, user, params, lambda: func(user=user, **kwargs))

        return wrapper

    return decorator


# --- invalidation ----------------------------------------------------------------------------------
def _on_write(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures loading: nothing cached yet that they could contradict
        return
    bump_now_and_at_commit(invalidate, kwargs.get("using"))


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def connect_signals() -> None:
    from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure
    from partnerships.models import Agreement, Command, PartnerUnit

    for model in (Command, PartnerUnit, Agreement, Delegation, DelegationPartner, Activity, ActivityPartner):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"dnqp-cache-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"dnqp-cache-delete-{model._meta.label}")
    post_save.connect(_on_write, sender=Expenditure, dispatch_uid="dnqp-cache-save-expenditure")
    post_delete.connect(_on_write, sender=Expenditure, dispatch_uid="dnqp-cache-delete-expenditure")
    for through in (Delegation.partner_units.through, Activity.partner_units.through):
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"dnqp-cache-m2m-{through._meta.label}")


class InvalidateOnWriteMiddleware:
    """After any request that may have written (unsafe method), drop the cached figures; during the request,
    read the generation counters once (:func:`counters_read_once`).

    Covers writes that send no model signal (``QuerySet.update()``, ``bulk_create()``, imports).
    """

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with counters_read_once(), stores_after_response() as write_stored:
            response = self.get_response(request)
        if request.method in self.UNSAFE and enabled():
            invalidate()
        after_response(response, write_stored)
        return response


def after_response(response, func: Callable[[], None]) -> None:
    """Call ``func`` when the server has delivered ``response`` and closes it (WSGI ``close()``; Django's test
    client closes every response too), as Django closes a streamed file."""
    closers = getattr(response, "_resource_closers", None)
    if closers is None:  # not a Django response: no later moment to wait for
        func()
    else:
        closers.append(func)
