"""API viewset of people: a person with their positions, read and written per role and scope (docs/API.md)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from dnqp.access import scoping
from dnqp.api.mixins import RecordViewSetMixin
from dnqp.api.people_serializers import PersonSerializer
from dnqp.lists.people_filters import PersonFilterSet
from partnerships.models import Person, Position

HIDDEN_POSITIONS = _(
    "This person also held posts outside your scope: they may be deleted only by a user who sees all their posts, "
    "such as an administrator."
)


class PersonViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """People of both sides with their positions over time (who held which post in which unit, when).

    ``?partner_unit=ID&on=YYYY-MM-DD`` (or ``command=ID``) answers who held a post in that unit on that day.
    ``positions`` sent with a create or an update are written with the person in one transaction: all or
    nothing. A user sees the people of the partner side and those of our side who held a post in their
    organisation, and of anyone only the positions they may see (docs/SECURITY.md, "People").
    """

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def base_queryset(self):
        positions = scoping.scope_positions(self.request.user, Position.objects.all())
        return Person.objects.prefetch_related(Prefetch("positions", queryset=positions))

    def get_queryset(self):
        return scoping.scope_persons(self.request.user, self.base_queryset())

    def perform_destroy(self, instance):
        # Deleting a person deletes all their positions: only a user who sees every one of them may.
        if not scoping.sees_every_position(self.request.user, instance):
            raise PermissionDenied(HIDDEN_POSITIONS)
        super().perform_destroy(instance)
