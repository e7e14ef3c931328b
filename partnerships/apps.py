from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Units and agreements")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from partnerships.models import Command

        post_save.connect(_rebuild_scopes, sender=Command, dispatch_uid="partnerships-command-scopes-save")
        post_delete.connect(_rebuild_scopes, sender=Command, dispatch_uid="partnerships-command-scopes-delete")


def _rebuild_scopes(sender, instance, raw=False, using="default", update_fields=None, **kwargs):
    """Every write to a command rebuilds the table of which commands count under which (partnerships.models)."""
    if raw:  # fixtures and restores rebuild once at the end
        return
    if update_fields is not None and not {"parent", "successor"} & set(update_fields):
        return
    from partnerships.models import rebuild_command_scopes

    rebuild_command_scopes(using=using)
