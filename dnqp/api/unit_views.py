"""API viewsets of units and agreements: a queryset, a serializer and the shared FilterSet each."""

from rest_framework import viewsets

from dnqp.api.mixins import RecordViewSetMixin, UnitViewSetMixin
from dnqp.api.unit_serializers import AgreementSerializer, CommandSerializer, PartnerUnitSerializer
from dnqp.lists.unit_filters import AgreementFilterSet, CommandFilterSet, PartnerUnitFilterSet
from partnerships.models import Agreement, Command, PartnerUnit


class CommandViewSet(UnitViewSetMixin, viewsets.ModelViewSet):
    """Commands of the Vietnamese side (đơn vị ta). Written by administrators only."""

    queryset = Command.objects.all()
    serializer_class = CommandSerializer
    filterset_class = CommandFilterSet


class PartnerUnitViewSet(UnitViewSetMixin, viewsets.ModelViewSet):
    """Units of the partner side (đơn vị bạn). Written by administrators and data-entry staff."""

    queryset = PartnerUnit.objects.all()
    serializer_class = PartnerUnitSerializer
    filterset_class = PartnerUnitFilterSet


class AgreementViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """Signed twinning and cooperation documents; ``status`` is derived from the dates as of today."""

    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet

    def base_queryset(self):
        return Agreement.objects.with_status()
