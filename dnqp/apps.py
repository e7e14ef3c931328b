from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DnqpConfig(AppConfig):
    name = "dnqp"
    verbose_name = _("Users, documents and logs")

    def ready(self):
        from dnqp.core import history, lookups, money, text  # noqa: F401  (register SQLite functions and signal handlers)
        from dnqp.reports import caching

        caching.connect_signals()  # writes drop the cached figures
