"""The admin (data entry): every ModelAdmin of DNQP, registered when Django's admin autodiscovers ``dnqp.admin``."""

from dnqp.admin import events, units, users  # noqa: F401 (registers the ModelAdmins)
