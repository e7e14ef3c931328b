"""Report figures through the figures cache (``dnqp.core.cache``), and the writes that drop them."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from dnqp.access import scoping
from dnqp.core import cache
from events.models import (
    Activity,
    ActivityPartner,
    AnnualPlan,
    Delegation,
    DelegationPartner,
    Expenditure,
    PlanTarget,
)
from partnerships.models import Agreement, Command, PartnerUnit

# The code that shapes the figures: a new release computes them afresh instead of reading what the one before it
# cached in another shape (the cache outlives a deploy).
CODE_VERSION = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).resolve().parent.glob("*.py")))
).hexdigest()[:12]


def scope_identity(user) -> str:
    """What a user's figures depend on: everything, one command's organisation, or nothing."""
    root = scoping.scope_root_id(user)
    if root == scoping.ALL:
        return "all"
    return "none" if root is None else f"c{root}"


def cached_report(name: str):
    """Decorator for a report function called with keyword arguments only (``user=`` and its parameters).

    Two users share an entry only when they see the same commands. The key holds every parameter (a model
    instance by its id), today's date (reports are computed as of today), the active language and the version
    of the reports' code (:data:`CODE_VERSION`).
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*, user, **kwargs):
            params = tuple(sorted((k, getattr(v, "pk", v)) for k, v in kwargs.items()))
            parts = repr(
                (name, CODE_VERSION, scope_identity(user), params, timezone.localdate(), translation.get_language())
            )
            key = f"{name}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"
            return cache.cached(key, lambda: func(user=user, **kwargs))

        return wrapper

    return decorator


def _on_write(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures loading: nothing cached yet that they could contradict
        return
    cache.invalidate_now_and_at_commit(kwargs.get("using"))


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def connect_signals() -> None:
    """Every write to a record the reports read drops the cached figures."""
    models = (
        Command,
        PartnerUnit,
        Agreement,
        Delegation,
        DelegationPartner,
        Activity,
        ActivityPartner,
        Expenditure,
        AnnualPlan,
        PlanTarget,
    )
    for model in models:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"dnqp-figures-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"dnqp-figures-delete-{model._meta.label}")
    for through in (Delegation.partner_units.through, Activity.partner_units.through):
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"dnqp-figures-m2m-{through._meta.label}")
