"""FilterSets of delegations, activities and support, shared by the HTML lists and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dnqp.lists.filters import (
    IdFilter,
    M2MCountryFilter,
    M2MPartnerFilter,
    OrderedDatesFilterSet,
    SearchFilter,
    SubtreeFilter,
    YearFilter,
    country_filter,
)
from events.choices import ActivityKind, Category, Direction, EventStatus, FundingSource, Purpose
from events.models import Activity, Delegation, Expenditure


class DelegationFilterSet(OrderedDatesFilterSet):
    q = SearchFilter()
    command = SubtreeFilter()
    partner_unit = M2MPartnerFilter(label=_("Partner unit"))
    country = country_filter("country")
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label=_("Purpose"))
    # Several values may be given (?status=planned&status=completed): the records reports count.
    status = django_filters.MultipleChoiceFilter(choices=EventStatus.choices, label=_("Status"), distinct=False)
    year = YearFilter("start_date")
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Starts on or after"))
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Starts on or before"))
    # ?report=overdue: completed outbound trips whose report on the results is past due (docs/REPORTS.md).
    report = django_filters.ChoiceFilter(
        choices=[("overdue", _("Report overdue"))], method="filter_report", label=_("Report on the trip")
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("start_date", "start_date"),
            ("member_count", "member_count"),
            ("command__code", "command"),
            ("report_due_on", "report_due_on"),
        )
    )

    class Meta:
        model = Delegation
        fields = ["q", "command", "partner_unit", "country", "direction", "purpose", "status", "year", "report"]

    def filter_report(self, qs, name, value):
        return qs.report_overdue(timezone.localdate()) if value == "overdue" else qs


class ActivityFilterSet(OrderedDatesFilterSet):
    q = SearchFilter()
    command = SubtreeFilter()
    partner_unit = M2MPartnerFilter(label=_("Partner unit"))
    country = M2MCountryFilter()
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Kind"))
    # Several values may be given (?status=planned&status=completed): the records reports count.
    status = django_filters.MultipleChoiceFilter(choices=EventStatus.choices, label=_("Status"), distinct=False)
    year = YearFilter("start_date")
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Starts on or after"))
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label=_("Starts on or before"))
    ordering = django_filters.OrderingFilter(
        fields=(("start_date", "start_date"), ("participant_count", "participant_count"), ("command__code", "command"))
    )

    class Meta:
        model = Activity
        fields = ["q", "command", "partner_unit", "country", "kind", "status", "year"]


class ExpenditureFilterSet(OrderedDatesFilterSet):
    q = SearchFilter()
    command = SubtreeFilter()
    partner_unit = IdFilter(field_name="partner_unit_id", label=_("Partner unit"))
    country = country_filter("partner_unit__country")
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    funding_source = django_filters.ChoiceFilter(choices=FundingSource.choices, label=_("Funding source"))
    year = YearFilter("date")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("On or after"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("On or before"))
    agreement = IdFilter(field_name="agreement_id", label=_("Agreement"))
    delegation = IdFilter(field_name="delegation_id", label=_("Delegation"))
    activity = IdFilter(field_name="activity_id", label=_("Activity"))
    ordering = django_filters.OrderingFilter(
        fields=(("date", "date"), ("amount_vnd", "amount_vnd"), ("command__code", "command"), ("category", "category"))
    )

    class Meta:
        model = Expenditure
        fields = [
            "q",
            "command",
            "partner_unit",
            "country",
            "category",
            "funding_source",
            "year",
            "date_after",
            "date_before",
            "agreement",
            "delegation",
            "activity",
        ]
