"""The FilterSet of people, shared by the page ``/persons/`` and the API ``/api/v1/persons/``.

``partner_unit`` and ``command`` name one unit (not its subtree): the people who held a position there; with
``on`` (a day), the people who held it on that day. ``on`` alone: the people in any post that day. Only the
positions the user may see count (``dnqp.access.scoping.scope_positions``): a post in another command's
organisation never tells that someone held it.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from dnqp.access import scoping
from dnqp.lists.filters import IdFilter, SearchFilter
from partnerships.choices import PersonSide
from partnerships.models import Person, Position


class PersonFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    side = django_filters.ChoiceFilter(choices=PersonSide.choices, label=_("Side"))
    partner_unit = IdFilter(method="keep", label=_("Held a position in partner unit"))
    command = IdFilter(method="keep", label=_("Held a position in command"))
    on = django_filters.DateFilter(method="keep", label=_("On the day"))
    ordering = django_filters.OrderingFilter(fields=(("name", "name"), ("side", "side")))

    class Meta:
        model = Person
        fields = ["q", "side", "partner_unit", "command", "on"]

    def keep(self, qs, name, value):
        """The position filters act together, in :meth:`filter_queryset` (one position must meet them all)."""
        return qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        partner_unit, command, day = data.get("partner_unit"), data.get("command"), data.get("on")
        if partner_unit is None and command is None and day is None:
            return queryset
        user = getattr(self.request, "user", None)
        positions = scoping.scope_positions(user, Position.objects.all())
        if partner_unit is not None:
            positions = positions.filter(partner_unit_id=partner_unit)
        if command is not None:
            positions = positions.filter(command_id=command)
        if day is not None:
            positions = positions.held_on(day)
        return queryset.filter(pk__in=positions.values("person_id"))
