"""Base pieces of the FilterSets shared by the HTML lists and the API (one FilterSet per model)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.choices import COUNTRY_CHOICES
from partnerships.models import Command


class SearchFilter(django_filters.CharFilter):
    """``q``: accent-insensitive search over the model's QuerySet ``search()`` method."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.search(value)


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number within the id column's range (anything else is a form error, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class SubtreeFilter(IdFilter):
    """``command``: records of that command and its whole subtree."""

    def __init__(self, field_name="command", **kwargs):
        kwargs.setdefault("label", _("Command (with sub-commands)"))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__in": Command.objects.subtree(int(value)).values("pk")})


class YearFilter(django_filters.NumberFilter):
    """``year``: records whose date field falls in that calendar year."""

    field_class = forms.IntegerField

    def __init__(self, field_name, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__year": int(value)})


def country_filter(field_name: str, label=None) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=field_name, choices=COUNTRY_CHOICES, label=label or _("Country"))


class M2MPartnerFilter(IdFilter):
    """Records that include a given partner unit (without duplicating rows)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        through = qs.model.partner_units.through
        own_fk = qs.model._meta.model_name
        ids = through.objects.filter(partner_unit_id=int(value)).values(own_fk)
        return qs.filter(pk__in=ids)


class M2MCountryFilter(django_filters.ChoiceFilter):
    """Records with a partner unit of the given country."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", COUNTRY_CHOICES)
        kwargs.setdefault("label", _("Country"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        through = qs.model.partner_units.through
        own_fk = qs.model._meta.model_name
        ids = through.objects.filter(partner_unit__country=value).values(own_fk)
        return qs.filter(pk__in=ids)


class OrderedDatesFilterSet(django_filters.FilterSet):
    """A FilterSet whose "from" and "to" days of one date (a ``gte`` and an ``lte`` DateFilter on the same field)
    must be in order: reversed, the "to" day is a form error (a 400 in the API), not an empty list that says
    nothing."""

    def get_form_class(self):
        form_class = super().get_form_class()
        ends: dict[str, dict[str, str]] = {}
        for name, each in self.filters.items():
            if isinstance(each, django_filters.DateFilter) and each.lookup_expr in ("gte", "lte"):
                ends.setdefault(each.field_name, {})[each.lookup_expr] = name
        ranges = [(pair["gte"], pair["lte"]) for pair in ends.values() if len(pair) == 2]

        def clean(form):
            data = super(checked, form).clean()
            for first, last in ranges:
                if data.get(first) and data.get(last) and data[last] < data[first]:
                    form.add_error(
                        last, _("This day is before the one in “%(first)s”.") % {"first": form.fields[first].label}
                    )
            return data

        checked = type(form_class.__name__, (form_class,), {"clean": clean})
        return checked


__all__ = [
    "IdFilter",
    "SearchFilter",
    "SubtreeFilter",
    "YearFilter",
    "country_filter",
    "M2MPartnerFilter",
    "M2MCountryFilter",
    "OrderedDatesFilterSet",
    "Q",
]
