"""API viewset of annual plans: a plan with its targets, read and written per role and scope like the records."""

from rest_framework import viewsets

from dnqp.api.mixins import RecordViewSetMixin
from dnqp.api.plan_serializers import AnnualPlanSerializer
from dnqp.lists.plan_filters import PlanFilterSet
from events.models import AnnualPlan


class AnnualPlanViewSet(RecordViewSetMixin, viewsets.ModelViewSet):
    """Annual plans of defence foreign affairs (kế hoạch đối ngoại quốc phòng năm) with their targets.

    Only an approved plan (``approved_on`` set) counts in the yearly report. ``targets`` sent with a create or
    an update replace the plan's targets in the same transaction: all or nothing.
    """

    queryset = AnnualPlan.objects.all()
    serializer_class = AnnualPlanSerializer
    filterset_class = PlanFilterSet

    def base_queryset(self):
        return AnnualPlan.objects.prefetch_related("targets")
