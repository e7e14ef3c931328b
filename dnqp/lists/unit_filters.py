"""FilterSets of units and agreements, shared by the HTML lists and the API."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dnqp.lists.filters import IdFilter, SearchFilter, SubtreeFilter, YearFilter, country_filter
from partnerships.choices import AgreementKind, AgreementStatus, CommandLevel, PartnerLevel
from partnerships.models import Agreement, Command, PartnerUnit


class CommandFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    command = SubtreeFilter(field_name="pk", label=_("Within command"))
    level = django_filters.ChoiceFilter(choices=CommandLevel.choices, label=_("Level"))
    parent = IdFilter(field_name="parent_id", label=_("Reports to"))
    is_border = django_filters.BooleanFilter(label=_("On the border"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name"), ("level", "level")))

    class Meta:
        model = Command
        fields = ["q", "command", "level", "parent", "is_border"]


class PartnerUnitFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    country = country_filter("country")
    level = django_filters.ChoiceFilter(choices=PartnerLevel.choices, label=_("Level"))
    parent = IdFilter(field_name="parent_id", label=_("Parent unit"))
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name"), ("country", "country")))

    class Meta:
        model = PartnerUnit
        fields = ["q", "country", "level", "parent"]


class AgreementFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    command = SubtreeFilter()
    partner_unit = IdFilter(field_name="partner_unit_id", label=_("Partner unit"))
    country = country_filter("partner_unit__country")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, method="filter_status", label=_("Status"))
    signed_year = YearFilter("signed_on", label=_("Signed in year"))
    in_force_year = django_filters.NumberFilter(
        method="filter_in_force_year", min_value=1900, max_value=2100, label=_("In force during year")
    )
    in_force_on = django_filters.DateFilter(method="filter_in_force_on", label=_("In force on"))
    signed_after = django_filters.DateFilter(field_name="signed_on", lookup_expr="gte", label=_("Signed on or after"))
    signed_before = django_filters.DateFilter(field_name="signed_on", lookup_expr="lte", label=_("Signed on or before"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("signed_on", "signed_on"),
            ("valid_until", "valid_until"),
            ("reference", "reference"),
            ("command__code", "command"),
            ("partner_unit__code", "partner_unit"),
            ("kind", "kind"),
        )
    )

    class Meta:
        model = Agreement
        fields = [
            "q",
            "command",
            "partner_unit",
            "country",
            "kind",
            "status",
            "signed_year",
            "in_force_year",
            "in_force_on",
        ]

    def filter_status(self, qs, name, value):
        return qs.with_status_value(value, timezone.localdate()) if value else qs

    def filter_in_force_year(self, qs, name, value):
        if value in (None, ""):
            return qs
        year = int(value)
        return qs.in_force(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def filter_in_force_on(self, qs, name, value):
        return qs.in_force(value) if value else qs
