"""The FilterSet of annual plans (API ``plans/``)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from dnqp.lists.filters import SubtreeFilter
from events.models import AnnualPlan


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number (``2022``; ``2022.5`` or ``abc`` is a 400 on the parameter)."""

    field_class = forms.IntegerField


class PlanFilterSet(django_filters.FilterSet):
    command = SubtreeFilter()
    year = WholeNumberFilter(field_name="year", label=_("Year"), min_value=1975, max_value=2100)
    approved = django_filters.BooleanFilter(
        field_name="approved_on", lookup_expr="isnull", exclude=True, label=_("Approved")
    )

    class Meta:
        model = AnnualPlan
        fields = ["command", "year", "approved"]
