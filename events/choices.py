"""Choice values of the events app (docs/API.md "Fields and values": the values are a contract)."""

from babel.numbers import list_currencies
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    UNIT = "unit", _("Unit")
    OTHER = "other", _("Other")


# ISO 4217 codes that are in use (Babel's CLDR list, historical codes excluded).
CURRENCY_CODES = sorted(c for c in list_currencies() if len(c) == 3 and c.isalpha() and c.isupper())
CURRENCY_CHOICES = [(code, code) for code in CURRENCY_CODES]
