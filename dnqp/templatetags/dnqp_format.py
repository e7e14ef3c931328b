"""Template filters for money and numbers (written by ``dnqp.core.money``), and query-string helpers for lists."""

import datetime

from django import template
from django.utils.http import urlencode

from dnqp.core.money import format_ty_dong, format_vnd, group_digits, percent_of
from dnqp.reports.border_meetings import periods_display

register = template.Library()


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
    try:
        return format_vnd(None if value in (None, "") else int(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def ty_dong(value, places: int = 1) -> str:
    """Đồng as billions: 560_500_000_000 → "560,5 tỷ đồng" (one decimal place by default)."""
    try:
        return format_ty_dong(None if value in (None, "") else int(value), places)
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def day_after(day):
    """The day after ``day`` (a command dissolved after 30/06/2025 is merged from 01/07/2025); None stays None."""
    return day + datetime.timedelta(days=1) if day else day


@register.filter
def periods(labels) -> str:
    """Border-meeting period labels as written in Vietnamese: ["2026-Q1", "2026-Q2"] → "quý I/2026, quý II/2026"."""
    return periods_display(labels or [])


@register.filter
def percent_of_target(done, target) -> str:
    """The rate after a target, " (120 %)": ``done`` as a whole per cent of ``target``; empty without a target."""
    try:
        return f" ({group_digits(percent_of(int(done or 0), int(target)))} %)" if target else ""
    except (TypeError, ValueError):
        return ""


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
