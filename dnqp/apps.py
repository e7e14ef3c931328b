from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DnqpConfig(AppConfig):
    name = "dnqp"
    verbose_name = _("Users, documents and logs")

    def ready(self):
        from dnqp.access import tree
        from dnqp.core import cache
        from dnqp.core import history as signals  # noqa: F401  (registers SQLite functions and signal handlers)

        cache.connect_signals()
        tree.connect_signals()  # the cached command tree (dnqp/access/tree.py)
