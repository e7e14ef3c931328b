"""API viewsets of delegations, activities and support: a queryset, a serializer and the shared FilterSet each."""

from django.db.models import Prefetch
from rest_framework import viewsets

from dnqp.api.event_serializers import ActivitySerializer, DelegationSerializer, ExpenditureSerializer
from dnqp.api.mixins import RecordViewSetMixin
from dnqp.lists.event_filters import ActivityFilterSet, DelegationFilterSet, ExpenditureFilterSet
from events.models import Activity, Delegation, Expenditure
from partnerships.models import PartnerUnit


def partner_ids():
    return Prefetch("partner_units", queryset=PartnerUnit.objects.only("id"))


class DelegationViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """Delegations between the sides (đoàn vào / đoàn ra)."""

    queryset = Delegation.objects.all()
    serializer_class = DelegationSerializer
    filterset_class = DelegationFilterSet

    def base_queryset(self):
        return Delegation.objects.prefetch_related(partner_ids(), "members")


class ActivityViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """Joint activities that are not trips: border meetings, exchanges, exercises, medical aid."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def base_queryset(self):
        return Activity.objects.prefetch_related(partner_ids())


class ExpenditureViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """Support given to the partner side (chi hỗ trợ), in whole đồng."""

    queryset = Expenditure.objects.all()
    serializer_class = ExpenditureSerializer
    filterset_class = ExpenditureFilterSet

    def base_queryset(self):
        return Expenditure.objects.all()
