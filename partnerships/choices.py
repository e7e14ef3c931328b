"""Choice values of the partnerships app (docs/API.md "Fields and values": the values are a contract)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.data import COUNTRIES as ENGLISH_NAMES

from dnqp.core.names import vietnamese_or
from dnqp.core.text import fold
from partnerships.countries import PARTNER_COUNTRIES, VIETNAMESE_NAMES


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


class PersonSide(models.TextChoices):
    OURS = "ours", _("Our side")
    PARTNER = "partner", _("Partner side")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# ISO 3166-1 alpha-2: only officially assigned codes (partnerships/countries.py), so "XX" is refused.
# COUNTRY_CODES (by code) is what the database's CHECK constraints allow; COUNTRY_CHOICES is what the pickers
# offer: the partners' countries first, then the rest by Vietnamese name, accents aside ("Đức" among the D).
COUNTRY_CODES = sorted(VIETNAMESE_NAMES)
COUNTRY_ORDER = [
    *PARTNER_COUNTRIES,
    *sorted(
        (code for code in COUNTRY_CODES if code not in PARTNER_COUNTRIES),
        key=lambda code: (fold(VIETNAMESE_NAMES[code]), VIETNAMESE_NAMES[code]),
    ),
]
COUNTRY_CHOICES = [(code, vietnamese_or(VIETNAMESE_NAMES[code], ENGLISH_NAMES[code])) for code in COUNTRY_ORDER]


def country_sort_key(code: str) -> int:
    """Where ``code`` comes in the pickers (unknown codes last): for lists of some of the countries."""
    return _POSITION.get(code, len(_POSITION))


_POSITION = {code: i for i, code in enumerate(COUNTRY_ORDER)}


# The countries a border command's area borders (``Command.border_countries``): Việt Nam's land neighbours,
# alone or the two a province may touch at once (Kon Tum: Laos and Cambodia; Điện Biên: China and Laos).
# Border meetings are owed only to partner units of those countries (docs/REPORTS.md, "Border-meetings report").
BORDER_COUNTRY_SETS = (("KH",), ("LA",), ("CN",), ("KH", "LA"), ("CN", "LA"))
BORDER_COUNTRY_CHOICES = [
    (
        ",".join(codes),
        vietnamese_or(
            " và ".join(VIETNAMESE_NAMES[c] for c in codes),
            format_lazy(" and ".join(["{}"] * len(codes)), *(ENGLISH_NAMES[c] for c in codes)),
        ),
    )
    for codes in BORDER_COUNTRY_SETS
]
BORDER_COUNTRY_VALUES = [value for value, _label in BORDER_COUNTRY_CHOICES]
