"""Choice values of the events app (docs/API.md "Fields and values": the values are a contract)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dnqp.core.names import vietnamese_or
from events.currencies import CURRENCIES, USUAL_CURRENCIES


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound (partner visits us)")
    OUTBOUND = "outbound", _("Outbound (our side visits)")


class Purpose(models.TextChoices):
    COURTESY = "courtesy", _("Courtesy visit")
    WORKING = "working", _("Working visit")
    STUDY = "study", _("Study and training")
    EXCHANGE = "exchange", _("Exchange")
    BORDER_MEETING = "border_meeting", _("Border meeting")
    CEREMONY = "ceremony", _("Ceremony")
    HUMANITARIAN = "humanitarian", _("Humanitarian")
    REMAINS_SEARCH = "remains_search", _("Remains search")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityKind(models.TextChoices):
    BORDER_MEETING = "border_meeting", _("Border liaison meeting")
    EXCHANGE = "exchange", _("Cultural or sports exchange")
    JOINT_EXERCISE = "joint_exercise", _("Joint exercise")
    HUMANITARIAN = "humanitarian", _("Humanitarian (medical care, medicine)")
    TRAINING = "training", _("Training course")
    CEREMONY = "ceremony", _("Ceremony or anniversary")
    REMAINS_SEARCH = "remains_search", _("Remains search")
    OTHER = "other", _("Other")


class Category(models.TextChoices):
    FUNDS = "funds", _("Funds")
    MATERIALS = "materials", _("Materials and equipment")
    MEDICAL = "medical", _("Medical supplies")
    CONSTRUCTION = "construction", _("Construction")
    GIFTS = "gifts", _("Gifts")
    TRAINING = "training", _("Training support")
    HOSPITALITY = "hospitality", _("Hospitality")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Government")
    DEFENCE_MINISTRY = "defence_ministry", _("Ministry of Defence")
    MILITARY_REGION = "military_region", _("Military region")
    PROVINCE = "province", _("Provincial People's Committee")
    UNIT = "unit", pgettext_lazy("funding source", "Unit")  # the unit's own funds, not a command level
    OTHER = "other", _("Other")


# ISO 4217 codes in circulation (events/currencies.py; withdrawn codes such as ADP or HRK are refused).
# CURRENCY_CODES (by code) is what the database's CHECK constraint allows; CURRENCY_CHOICES is what the picker
# offers: "KHR — Riel Campuchia", the currencies these users meet first, then the rest by code.
CURRENCY_CODES = sorted(code for code, _english, _vietnamese in CURRENCIES)
_NAMES = {code: (english, vietnamese) for code, english, vietnamese in CURRENCIES}
CURRENCY_CHOICES = [
    (code, vietnamese_or(f"{code} — {_NAMES[code][1]}", f"{code} — {_NAMES[code][0]}"))
    for code in [*USUAL_CURRENCIES, *(code for code in CURRENCY_CODES if code not in USUAL_CURRENCIES)]
]


class PlanMetric(models.TextChoices):
    """The figures an annual plan sets targets for (the yearly report's metrics of the same names)."""

    AGREEMENTS_SIGNED = "agreements_signed", _("Agreements signed")
    DELEGATIONS_INBOUND = "delegations_inbound", _("Inbound delegations")
    DELEGATIONS_OUTBOUND = "delegations_outbound", _("Outbound delegations")
    ACTIVITIES = "activities", _("Activities")
    EXPENDITURE_VND = "expenditure_vnd", _("Support (VND)")
