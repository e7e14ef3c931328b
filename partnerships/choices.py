"""Choice values of the partnerships app (docs/API.md "Fields and values": the values are a contract)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.data import COUNTRIES


class CommandLevel(models.TextChoices):
    MILITARY_REGION = "military_region", _("Military region")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    UNIT = "unit", _("Unit")


class PartnerLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    UNIT = "unit", _("Unit")


class AgreementKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning")
    COOPERATION = "cooperation", _("Cooperation")
    ANNUAL_PLAN = "annual_plan", _("Annual cooperation plan")
    COORDINATION = "coordination", _("Coordination")
    MEMORANDUM = "memorandum", _("Memorandum")
    OTHER = "other", _("Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# ISO 3166-1 alpha-2: only officially assigned codes (django-countries' list), so "XX" is refused.
COUNTRY_CODES = sorted(COUNTRIES)
COUNTRY_CHOICES = [(code, COUNTRIES[code]) for code in COUNTRY_CODES]
