"""Who may see and change what: the one module every page, API route, export and download goes through.

A user belongs to one command (``Profile.command``) and sees the records of that command and its whole
subtree, including the commands merged into it in 2025 and their subtrees (``Command.successor``: the
successor answers for its predecessors' records). Superusers and administrators are not limited.
A user with neither a command nor an administrator role sees no records at all (fail closed).

Records are scoped through their ``command`` (agreements, delegations, activities, support) or, for
attached documents, through the record they are attached to. Units (commands, partner units) are
reference data that every logged-in user may read.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connections, models, router

from dnqp.core.db import AnyOf, IdArray
from dnqp.models import ROLE_GROUPS, Role
from partnerships.models import Command

ALL = "all"


_ROLE_OF_GROUP = {name: code for code, name in ROLE_GROUPS.items()}


def role_codes(group_names) -> set[str]:
    """The role codes among ``group_names`` (groups that are no role are left out; None is no group)."""
    return {_ROLE_OF_GROUP[name] for name in group_names if name in _ROLE_OF_GROUP}


def roles(user) -> set[str]:
    """The role codes of ``user`` (from group membership)."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_dnqp_roles", None)
    if cached is None:
        cached = role_codes(user.groups.values_list("name", flat=True))
        user._dnqp_roles = cached
    return cached


def is_unlimited(user) -> bool:
    """Superusers and administrators see every command's records."""
    return bool(user and user.is_authenticated and (user.is_superuser or Role.ADMIN in roles(user)))


def user_command(user) -> Command | None:
    """The command ``user`` belongs to, or None."""
    if not user or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    cached = getattr(user, "_dnqp_command", False)
    if cached is False:
        command_id = getattr(user, "_dnqp_command_id", False)  # known when loaded by load_user()
        if command_id is None:
            cached = None
        elif command_id is False:
            cached = Command.objects.filter(members__user=user).first()
        else:
            cached = Command.objects.filter(pk=command_id).first()
        user._dnqp_command = cached
    return cached


def scope_root(user):
    """``ALL`` for unlimited users, else the user's command (None: sees nothing)."""
    if is_unlimited(user):
        return ALL
    return user_command(user)


def _sql_of(query, alias: str, what: str) -> str:
    """The SQL of ``query`` (built for user 0) on database ``alias``, checked to take the user's id as its one
    parameter: compiled once per process by the callers (compiling took six times as long as running)."""
    sql, params = query.get_compiler(alias).as_sql()
    if tuple(params) != (0,):
        raise RuntimeError(f"unexpected parameters of the {what} query: {params!r}")
    return sql


@functools.cache
def _root_id_sql(alias: str) -> str:
    """The SQL of :func:`scope_root_id`'s query (its one parameter: the user's id); the page cache runs it
    on every request for users not loaded by :func:`load_user` (API tokens)."""
    query = get_user_model().objects.filter(pk=0).values_list("groups__name", "profile__command_id").query
    return _sql_of(query, alias, "scope")


def scope_root_id(user):
    """What :func:`scope_root` answers, the command as its id: ``ALL``, a command id, or None (sees nothing).

    For cache keys read on every request: roles and command in one query (none for a superuser); the
    roles are kept on the user as :func:`roles` keeps them, the command is not loaded.
    """
    if not user or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ALL
    if getattr(user, "_dnqp_roles", None) is not None:  # roles loaded already: the usual way
        if Role.ADMIN in user._dnqp_roles:
            return ALL
        command_id = getattr(user, "_dnqp_command_id", False)
        if command_id is not False:  # loaded with the user (load_user): no query
            return command_id
        root = scope_root(user)
        return root if root in (ALL, None) else root.pk
    alias = router.db_for_read(get_user_model())
    with connections[alias].cursor() as cursor:
        cursor.execute(_root_id_sql(alias), [user.pk])
        rows = cursor.fetchall()
    user._dnqp_roles = role_codes(group for group, _command in rows)
    if Role.ADMIN in user._dnqp_roles:
        return ALL
    return rows[0][1] if rows else None  # a user has one profile (one-to-one): the same command on every row


@functools.cache
def _user_sql(alias: str) -> str:
    """The SQL of :func:`load_user`'s query (its one parameter: the user's id).

    Every column of the user, plus one role group's name and the profile's command per row (a row per
    group; LEFT JOINs, so a user with neither still has one row).
    """
    model = get_user_model()
    query = (
        model._default_manager.filter(pk=0)
        .annotate(dnqp_group=models.F("groups__name"), dnqp_command_id=models.F("profile__command_id"))
        .query
    )
    return _sql_of(query, alias, "user")


def load_user(user_id):
    """The user ``user_id`` (None if there is none) with what its scope needs, in ONE query.

    The role groups and the command are read with the user (:func:`roles`, :func:`scope_root_id` then
    need no query of their own), on every request as before: a change of role or command shows at the
    next request. Used by :class:`dnqp.access.accounts.ScopedModelBackend` to load ``request.user``.
    """
    model = get_user_model()
    alias = router.db_for_read(model)
    rows = list(model._default_manager.raw(_user_sql(alias), [user_id]).using(alias))
    if not rows:
        return None
    user = rows[0]
    user._dnqp_roles = role_codes(row.dnqp_group for row in rows)
    user._dnqp_command_id = user.dnqp_command_id  # a user has one profile (one-to-one): the same on every row
    del user.dnqp_group, user.dnqp_command_id
    return user


def visible_commands(user) -> models.QuerySet:
    """Commands whose records ``user`` may see: their command's subtree (all commands if unlimited)."""
    root = scope_root_id(user)
    if root == ALL:
        return Command.objects.all()
    if root is None:
        return Command.objects.none()
    return Command.objects.organisation(root)


def command_in_scope(user, command, organisation=None) -> bool:
    """True if ``command`` (instance or id) lies in ``user``'s subtree.

    ``organisation``: ``root_id → ids of its organisation`` when the caller holds the command tree already
    (the reports): then no query (see :func:`organisation_ids`).
    """
    if command is None:
        return False
    root = scope_root_id(user)
    if root == ALL:
        return True
    if root is None:
        return False
    pk = getattr(command, "pk", command)
    if organisation is not None:
        return int(pk) in organisation(root)
    return Command.objects.organisation(root).filter(pk=pk).exists()


def scope_records(user, queryset: models.QuerySet, command_field: str = "command") -> models.QuerySet:
    """``queryset`` narrowed to the records ``user`` may see, through ``command_field``."""
    root = scope_root_id(user)
    if root == ALL:
        return queryset
    if root is None:
        return queryset.none()
    cached = cached_organisation(root)
    if cached is not None:  # the same ids as the recursive subquery, as one array parameter
        return queryset.filter(**{f"{command_field}__{AnyOf.lookup_name}": IdArray(cached)})
    subtree = Command.objects.organisation(root).values("pk")
    return queryset.filter(**{f"{command_field}__in": subtree})


def cached_organisation(root_id: int) -> frozenset[int] | None:
    """The ids of ``root_id``'s organisation from the cached command tree, or None when there is none.

    With the shared report cache on (production: Redis), the command tree is cached per tree generation
    (dnqp/access/tree.py: every write to a command drops it), so the organisation costs no query; the
    record queries then carry the ids instead of a recursive subquery each. Without the shared cache,
    :func:`scope_records` keeps the subquery.
    """
    from dnqp.core import cache as report_cache

    if not report_cache.enabled():
        return None
    from dnqp.access.tree import Tree

    return Tree.load().organisation(int(root_id))


def organisation_ids(root_ids, links) -> set[int]:
    """In Python, what ``Command.objects.organisation(*root_ids)`` selects in SQL.

    ``links``: ``(id, parent_id, successor_id)`` of every command (the reports' tree already holds
    them). The roots, their subtrees, and every command merged into one of them, with its subtree.
    """
    below: dict[int, list[int]] = {}
    for pk, parent_id, successor_id in links:
        for up in (parent_id, successor_id):
            if up is not None:
                below.setdefault(up, []).append(pk)
    known = {pk for pk, _parent, _successor in links}
    seen = {int(pk) for pk in root_ids if int(pk) in known}
    todo = list(seen)
    while todo:
        for child in below.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def allowed_among(user, command_ids, organisation):
    """The ids of ``command_ids`` (None: every command) whose records ``user`` may see, as a sorted tuple;
    None when nothing needs filtering (an unlimited user, every command), ``()`` when nothing is seen.

    ``organisation(root_id)`` gives the ids of a root's organisation from the caller's command tree
    (:func:`organisation_ids`).
    """
    root = scope_root_id(user)
    if root is None:
        return ()
    if root == ALL:
        return None if command_ids is None else tuple(sorted(set(command_ids)))
    allowed = organisation(root)
    if command_ids is not None:
        allowed = allowed.intersection(command_ids)
    return tuple(sorted(allowed))


def scope_records_among(
    user, queryset: models.QuerySet, command_ids, organisation, command_field: str = "command", allowed=False
):
    """``queryset`` narrowed to the records of ``command_ids`` (None: every command) that ``user`` may see.

    For reports, which load the command tree anyway: ``organisation(root_id)`` gives the ids of a root's
    organisation from that tree (:func:`organisation_ids`), and the filter is a plain list of ids instead
    of the recursive subquery of :func:`scope_records` repeated in each of a report's queries. Same records.
    ``allowed``: what :func:`allowed_among` answers for these arguments, when the caller kept it.
    """
    if allowed is False:
        allowed = allowed_among(user, command_ids, organisation)
    if allowed is None:
        return queryset
    if not allowed:
        return queryset.none()
    return queryset.filter(**{f"{command_field}__{AnyOf.lookup_name}": IdArray(allowed)})  # one array parameter


def record_in_scope(user, record) -> bool:
    """True if ``user`` may see ``record`` (any scoped model or a unit)."""
    from partnerships.models import PartnerUnit

    if isinstance(record, (Command, PartnerUnit)):
        return bool(user and user.is_authenticated)
    command_id = getattr(record, "command_id", None)
    if command_id is None:
        return is_unlimited(user)
    return command_in_scope(user, command_id)


def scope_attachments(user, queryset: models.QuerySet) -> models.QuerySet:
    """Attachments whose record ``user`` may see."""
    from django.contrib.contenttypes.models import ContentType

    from events.models import Activity, Delegation, Expenditure
    from partnerships.models import Agreement, PartnerUnit

    if is_unlimited(user):
        return queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    allowed = models.Q(content_type=ContentType.objects.get_for_model(Command)) | models.Q(
        content_type=ContentType.objects.get_for_model(PartnerUnit)
    )
    for model in (Agreement, Delegation, Activity, Expenditure):
        ids = scope_records(user, model.objects.all()).values("pk")
        allowed |= models.Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return queryset.filter(allowed)


def can_write(user, model) -> bool:
    """True if ``user``'s role may add/change/delete ``model`` at all (scope is checked per record)."""
    if not user or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
