from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DnqpConfig(AppConfig):
    name = "dnqp"
    verbose_name = _("Users, documents and logs")

    def ready(self):
        from dnqp import cache, db, signals  # noqa: F401  (registers SQLite functions and signal handlers)
        from dnqp.reports import tree

        cache.connect_signals()
        tree.connect_signals()  # the cached command tree (dnqp/reports/tree.py)
