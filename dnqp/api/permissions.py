"""Who may call which API method: the model permissions of the role groups (migration dnqp 0002)."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Reads need the ``view`` permission, writes ``add``/``change``/``delete``; a role without them gets 403.

    Which records a user may read or write is decided by :mod:`dnqp.access.scoping` in the views.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class UnitPermissions(ModelPermissions):
    """Units are reference data every logged-in user may read; writing them needs the model permission."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)
