"""Users, roles and the audit trail: one place that gives a user a role and records why a record changed.

Who may *see* what is decided in ``dnqp.access.scoping``; this module only writes role membership and offers
the admin a "reason for the change" field that lands in the record's history (django-simple-history).
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext_lazy as _

from dnqp.access import scoping
from dnqp.models import ROLE_GROUPS, Profile, Role

# Roles that work in the admin (data entry, user management); commanders and analysts use the pages and API.
ADMIN_SITE_ROLES = {Role.ADMIN, Role.STAFF}


def user_role(user) -> str | None:
    """The role code of ``user``'s role group (the most powerful one if, unusually, there are several)."""
    names = set(user.groups.values_list("name", flat=True)) if user.pk else set()
    for code, name in ROLE_GROUPS.items():  # ordered from most to least powerful
        if name in names:
            return code.value
    return None


@transaction.atomic
def set_user_role(user, role: str | None, command=None) -> None:
    """Save ``user`` with exactly one role group (or none), its command, and the admin access the role needs.

    ``is_staff`` (entry to the admin site) follows the role: administrators and data-entry staff get it,
    commanders and analysts do not (superusers keep it).
    """
    user.save()
    apply_role(user, role)
    Profile.objects.update_or_create(user=user, defaults={"command": command})
    forget_scope(user)


def apply_role(user, role: str | None) -> None:
    """Make ``role`` the only role group of the saved ``user`` and set ``is_staff`` to match."""
    is_staff = role in ADMIN_SITE_ROLES or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()))
    if role:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role(role)]))
    forget_scope(user)


def forget_scope(user) -> None:
    """Drop what ``user`` keeps of its roles, command and permissions (read again at next use)."""
    for cached in (
        "_dnqp_roles",
        "_dnqp_command",
        "_dnqp_command_id",
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
    ):
        user.__dict__.pop(cached, None)


# --- Interface language ----------------------------------------------------------------------------


def offered_language(code) -> str | None:
    """``code`` if it is one of the languages offered (``settings.LANGUAGES``), else None."""
    return code if code in dict(settings.LANGUAGES) else None


def interface_language(user) -> str:
    """The language of ``user``'s pages, admin and API answers: the one they picked in the page header
    (``Profile.language``), else Vietnamese (``settings.LANGUAGE_CODE``); never what the browser asks for.

    No query for a user loaded by :func:`dnqp.access.scoping.load_user` (every logged-in page) or read with
    its profile (an API token's user); otherwise one, kept on the user.
    """
    picked = getattr(user, "_dnqp_language", None)
    if picked is None:
        try:
            picked = user.profile.language
        except ObjectDoesNotExist:  # a user without a profile has picked nothing
            picked = ""
        user._dnqp_language = picked
    return offered_language(picked) or settings.LANGUAGE_CODE


class ScopedModelBackend(ModelBackend):
    """Django's ModelBackend, loading the session's user with its role groups and command in one query.

    Every page reads the user's scope (:mod:`dnqp.access.scoping`); loaded with the user
    (:func:`dnqp.access.scoping.load_user`) it costs no query of its own, and it is still read on every request.
    """

    def get_user(self, user_id):
        user = scoping.load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


# --- Reason for a change (audit trail) -----------------------------------------------------------

CHANGE_REASON_FIELD = "change_reason"


class ChangeReasonForm(forms.Form):
    """Adds the optional "reason for the change" that simple-history stores as ``history_change_reason``."""

    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,  # simple-history's history_change_reason column
        help_text=_("Optional; kept in the record's change history."),
    )


class ChangeReasonAdminMixin:
    """ModelAdmin mixin: a "Reason for the change" field on the change form, saved into the history row.

    Put it before ``SimpleHistoryAdmin`` (``class AgreementAdmin(ChangeReasonAdminMixin, SimpleHistoryAdmin)``).
    The reason appears in the "Change reason" column of the record's history page.
    """

    change_reason_fieldset = (_("Audit"), {"fields": [CHANGE_REASON_FIELD]})

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if CHANGE_REASON_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        # A user who may only read the record has no change to give a reason for.
        may_write = self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request)
        return [*fieldsets, self.change_reason_fieldset] if may_write else fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The reason is not a model field: keep it out of the ModelForm's fields, then add it to the class.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"]:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != CHANGE_REASON_FIELD]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form, ChangeReasonForm), {})

    def save_model(self, request, obj, form, change):
        set_change_reason(obj, form.cleaned_data.get(CHANGE_REASON_FIELD))
        super().save_model(request, obj, form, change)


def set_change_reason(obj, reason: str | None) -> None:
    """Have the next save (or delete) of ``obj`` record ``reason`` in its history row (API, services)."""
    reason = (reason or "").strip()[:100]
    if reason:
        obj._change_reason = reason


# --- Login lockout (django-axes) -----------------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """The page shown when django-axes locks a login out: in the user's language, HTTP 429, never a 500."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "login_url": resolve_url(settings.LOGIN_URL),
    }
    return render(request, "axes/lockout.html", context, status=429)


def client_ip(request) -> str | None:
    """The address django-axes counts failed logins by and logs.

    Directly exposed, ``REMOTE_ADDR``. Behind the TLS proxy (``DJANGO_BEHIND_PROXY``), every client would
    share the proxy's address, so the right-most ``X-Forwarded-For`` entry is used: the one the proxy
    appended. Entries further left are whatever the client sent and could be forged to dodge a lockout.
    """
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
