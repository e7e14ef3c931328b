"""FilterSets of units and agreements, shared by the HTML lists and the API."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dnqp.access import scoping
from dnqp.lists.filters import (
    IdFilter,
    OrderedDatesFilterSet,
    SearchFilter,
    SubtreeFilter,
    YearFilter,
    country_filter,
)
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
    # Partner units with an agreement that the user may see: of this command or its sub-commands, in force during
    # this year, of this kind, or all at once (the same agreement): the dashboard's partner-unit figures.
    agreement_command = IdFilter(method="keep", label=_("With an agreement of command (with sub-commands)"))
    agreement_in_force_year = django_filters.NumberFilter(
        method="keep", min_value=1900, max_value=2100, label=_("With an agreement in force during year")
    )
    agreement_kind = django_filters.ChoiceFilter(
        choices=AgreementKind.choices, method="keep", label=_("With an agreement of kind")
    )
    ordering = django_filters.OrderingFilter(fields=(("code", "code"), ("name", "name"), ("country", "country")))

    class Meta:
        model = PartnerUnit
        fields = ["q", "country", "level", "parent", "agreement_command", "agreement_in_force_year", "agreement_kind"]

    def keep(self, qs, name, value):
        """The agreement filters act together, in :meth:`filter_queryset` (one agreement must meet them all)."""
        return qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        command = self.form.cleaned_data.get("agreement_command")
        year = self.form.cleaned_data.get("agreement_in_force_year")
        kind = self.form.cleaned_data.get("agreement_kind")
        if command is None and year is None and not kind:
            return queryset
        agreements = Agreement.objects.all()
        if kind:
            agreements = agreements.filter(kind=kind)
        if command is not None:
            agreements = agreements.within(int(command))
        if year is not None:
            agreements = agreements.in_force(datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31))
        user = getattr(self.request, "user", None)
        agreements = scoping.scope_records(user, agreements)  # only agreements the user may see
        return queryset.filter(pk__in=agreements.values("partner_unit_id"))


class AgreementFilterSet(OrderedDatesFilterSet):
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
