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

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dnqp.models import ROLE_GROUPS, Role
from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, CommandScope, PartnerUnit, Person, Position

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


def scope_root_id(user):
    """What :func:`scope_root` answers, the command as its id: ``ALL``, a command id, or None (sees nothing).

    No query for a user loaded by :func:`load_user` (every logged-in page); otherwise (an API token's
    user) the roles and the command in one query, kept on the user.
    """
    if not user or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ALL
    if getattr(user, "_dnqp_roles", None) is None or getattr(user, "_dnqp_command_id", False) is False:
        rows = get_user_model()._default_manager.filter(pk=user.pk).values_list("groups__name", "profile__command_id")
        rows = list(rows)
        user._dnqp_roles = role_codes(group for group, _command in rows)
        user._dnqp_command_id = rows[0][1] if rows else None  # one profile per user: the same on every row
    if Role.ADMIN in user._dnqp_roles:
        return ALL
    return user._dnqp_command_id


def load_user(user_id):
    """The user ``user_id`` (None if there is none) with its roles, command and interface language, in ONE query.

    One row per role group (LEFT JOINs: a user with neither still has one row), each with the profile's
    command and language (``dnqp.access.accounts.interface_language``). Used by
    :class:`dnqp.access.accounts.ScopedModelBackend` to load ``request.user``: a change of role or command
    shows at the next request.
    """
    rows = list(
        get_user_model()
        ._default_manager.filter(pk=user_id)
        .annotate(
            dnqp_group=models.F("groups__name"),
            dnqp_command_id=models.F("profile__command_id"),
            dnqp_language=models.F("profile__language"),
        )
    )
    if not rows:
        return None
    user = rows[0]
    user._dnqp_roles = role_codes(row.dnqp_group for row in rows)
    user._dnqp_command_id = user.dnqp_command_id  # a user has one profile (one-to-one): the same on every row
    user._dnqp_language = user.dnqp_language or ""  # no profile: none picked
    del user.dnqp_group, user.dnqp_command_id, user.dnqp_language
    return user


def visible_commands(user) -> models.QuerySet:
    """Commands whose records ``user`` may see: their command's organisation, i.e. its subtree and the
    commands merged into it with their subtrees (all commands if unlimited)."""
    root = scope_root_id(user)
    if root == ALL:
        return Command.objects.all()
    if root is None:
        return Command.objects.none()
    return Command.objects.organisation(root)


def command_in_scope(user, command) -> bool:
    """True if ``command`` (instance or id) lies in ``user``'s organisation (:func:`visible_commands`)."""
    if command is None:
        return False
    root = scope_root_id(user)
    if root == ALL:
        return True
    if root is None:
        return False
    pk = getattr(command, "pk", command)
    return CommandScope.objects.filter(ancestor_id=root, command_id=pk).exists()


def scope_records(user, queryset: models.QuerySet, command_field: str = "command") -> models.QuerySet:
    """``queryset`` narrowed to the records ``user`` may see, through ``command_field``."""
    root = scope_root_id(user)
    if root == ALL:
        return queryset
    if root is None:
        return queryset.none()
    return queryset.filter(**{f"{command_field}__in": _organisation_ids(root)})


def _organisation_ids(root, *, follow_mergers: bool = True) -> models.QuerySet:
    """The ids of ``root``'s organisation (or of its subtree only), as a subquery of :class:`CommandScope`."""
    scopes = CommandScope.objects.filter(ancestor_id=getattr(root, "pk", root))
    if not follow_mergers:
        scopes = scopes.filter(merged=False)
    return scopes.values("command_id")


def commands_under(user, command, *, follow_mergers: bool) -> models.QuerySet | None:
    """The ids of the commands whose records count under ``command`` and that ``user`` may see, as a subquery:
    ``command``'s subtree, with the commands merged into it if ``follow_mergers``. None: no limit (an
    unlimited user's whole tree, ``command`` None). For reports, which filter several queries by it."""
    root = scope_root_id(user)
    if command is None:
        return None if root == ALL else _organisation_ids(root)
    ids = _organisation_ids(command, follow_mergers=follow_mergers)
    # A user's organisation holds the subtree of each of its commands and the commands merged into them: a
    # command inside it needs no second filter. (A report by current organisation may stand for a successor
    # outside it: then only what the user sees of it.)
    if root == ALL or root == getattr(command, "pk", command) or command_in_scope(user, command):
        return ids
    return ids.filter(command_id__in=_organisation_ids(root))


def record_in_scope(user, record) -> bool:
    """True if ``user`` may see ``record`` (any scoped model, a unit or a person)."""
    if isinstance(record, (Command, PartnerUnit)):
        return bool(user and user.is_authenticated)
    if isinstance(record, Person):
        return record.pk is not None and scope_persons(user, Person.objects.filter(pk=record.pk)).exists()
    command_id = getattr(record, "command_id", None)
    if command_id is None:
        return is_unlimited(user)
    return command_in_scope(user, command_id)


def scope_attachments(user, queryset: models.QuerySet) -> models.QuerySet:
    """Attachments whose record ``user`` may see."""
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


# --- People ------------------------------------------------------------------------------------


def scope_positions(user, queryset: models.QuerySet) -> models.QuerySet:
    """Positions ``user`` may see: every position in a partner unit (partner units and the posts in them are
    reference data, like the partner's profile), and positions in the commands of the user's organisation.
    Unlimited users see all; a user with neither a command nor an administrator role sees none."""
    root = scope_root_id(user)
    if root == ALL:
        return queryset
    if root is None:
        return queryset.none()
    return queryset.filter(models.Q(partner_unit__isnull=False) | models.Q(command__in=_organisation_ids(root)))


def scope_persons(user, queryset: models.QuerySet) -> models.QuerySet:
    """People ``user`` may see: those with a position ``user`` may see (:func:`scope_positions`), i.e. every
    person of the partner side and the people of our side who held a post in the user's organisation."""
    root = scope_root_id(user)
    if root == ALL:
        return queryset
    if root is None:
        return queryset.none()
    return queryset.filter(pk__in=scope_positions(user, Position.objects.all()).values("person_id"))


def sees_every_position(user, person) -> bool:
    """True if ``user`` may see every position of ``person`` (one query). Deleting a person deletes all their
    positions: a user who cannot see one of them (a post in another organisation) may not delete the person."""
    positions = Position.objects.filter(person=person)
    return not positions.exclude(pk__in=scope_positions(user, positions).values("pk")).exists()


def position_unit_in_scope(user, position) -> bool:
    """True if ``user`` may record ``position``: any partner unit, or a command of the user's organisation."""
    if position.partner_unit_id and not position.command_id:
        return scope_root_id(user) is not None
    return command_in_scope(user, position.command_id)
