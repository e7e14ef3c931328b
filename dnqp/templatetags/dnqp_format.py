"""Template filters for Vietnamese money and number formatting, and query-string helpers for lists.

Money is whole đồng: "1.234.567 ₫" in Vietnamese ("1,234,567 ₫" in English), large totals also in
"560,5 tỷ đồng" ("560.5 billion đồng"). Separators come from the active language's format module
(``dnqp/formats``), so the same filter serves both languages.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import get_language

register = template.Library()

BILLION = 1_000_000_000

# The unit word of the "tỷ đồng" figure per language (a format, like the date format, not a message:
# it must read correctly even before a translation catalogue is compiled).
BILLION_UNIT = {"vi": "tỷ đồng", "en": "billion đồng"}


def _separators() -> tuple[str, str]:
    # Once per language (a report page formats a few hundred figures; get_format looks the language up).
    return _separators_of(get_language())


@functools.lru_cache(maxsize=16)
def _separators_of(language: str | None) -> tuple[str, str]:
    return formats.get_format("THOUSAND_SEPARATOR", language), formats.get_format("DECIMAL_SEPARATOR", language)


@receiver(setting_changed)
def _forget_separators(**kwargs):
    _separators_of.cache_clear()  # as Django forgets its own format cache (tests overriding format settings)


def group_digits(value: int, thousands: str | None = None) -> str:
    """``1234567`` → ``"1.234.567"`` (Vietnamese) with the active language's thousand separator."""
    if thousands is None:
        thousands, _decimal = _separators()
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", thousands)


@register.filter
def num(value) -> str:
    """A whole number with thousand separators; empty for None."""
    if value in (None, ""):
        return ""
    try:
        return group_digits(int(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def vnd(value) -> str:
    """Whole đồng as "1.234.567 ₫"; empty for None."""
    if value in (None, ""):
        return ""
    try:
        return f"{group_digits(int(value))} ₫"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def ty_dong(value, places: int = 1) -> str:
    """Đồng as billions: 560_500_000_000 → "560,5 tỷ đồng" (one decimal place by default, trailing zero dropped)."""
    if value in (None, ""):
        return ""
    try:
        billions = (Decimal(int(value)) / BILLION).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)
    thousands, decimal = _separators()
    whole, _dot, fraction = f"{abs(billions):f}".partition(".")
    fraction = fraction.rstrip("0")
    text = ("-" if billions < 0 else "") + f"{int(whole):,}".replace(",", thousands)
    if fraction:
        text += decimal + fraction
    unit = BILLION_UNIT.get((get_language() or "vi").split("-")[0], BILLION_UNIT["en"])
    return f"{text} {unit}"


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with ``changes`` applied (a value of None removes the key); starts with "?"."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_without(context, key: str) -> str:
    """The current query string without ``key`` (and back to page 1)."""
    params = context["request"].GET.copy()
    params.pop(key, None)
    params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_query(context, field: str) -> str:
    """Query string that sorts a list by ``field``, toggling ascending/descending, and returns to page 1."""
    params = context["request"].GET.copy()
    current = params.get("ordering", "")
    params["ordering"] = f"-{field}" if current == field else field
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, field: str) -> str:
    """ "asc", "desc" or "" for the column ``field`` under the current ``ordering``."""
    current = context["request"].GET.get("ordering", "")
    if current == field:
        return "asc"
    if current == f"-{field}":
        return "desc"
    return ""


@register.simple_tag
def link_query(**params) -> str:
    """A query string from keyword arguments, skipping empty values: the filters behind a dashboard figure."""
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(clean) if clean else ""


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
