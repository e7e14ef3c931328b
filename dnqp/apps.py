from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DnqpConfig(AppConfig):
    default = True  # the module holds other configurations too (django-axes' below)
    name = "dnqp"
    verbose_name = _("Users, documents and logs")

    def ready(self):
        from dnqp.core import history, lookups, money, text  # noqa: F401  (register SQLite functions and signal handlers)
        from dnqp.reports import caching

        caching.connect_signals()  # writes drop the cached figures


class LoginLogConfig(AxesAppConfig):
    """django-axes (login attempts and lockouts) under a Vietnamese name in the admin: it has none of its own."""

    default = False
    verbose_name = _("Login log")
