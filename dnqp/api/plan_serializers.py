"""API representation of annual plans: the plan and its targets, written together in one request."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dnqp.api.event_serializers import BIGINT_MAX
from dnqp.api.mixins import ModelRulesSerializer, field_errors
from events.models import AnnualPlan, PlanTarget

DUPLICATE_PLAN = _("This command already has a plan for this year: change that plan instead.")
DUPLICATE_TARGET = _("The same figure, activity kind and partner unit appear twice in this plan.")


class PlanTargetSerializer(serializers.ModelSerializer):
    """One target; checked by the model's own rules (an activity kind only for activities, a positive target)."""

    class Meta:
        model = PlanTarget
        fields = ["id", "metric", "activity_kind", "partner_unit", "target", "note"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "target": {"min_value": 1, "max_value": BIGINT_MAX},
            "partner_unit": {"help_text": _("Id of the partner unit (optional).")},
        }

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields or self.fields[name].read_only)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)

    def validate(self, attrs):
        candidate = PlanTarget(**attrs)
        try:
            candidate.full_clean(exclude=["plan"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError(field_errors(exc)) from None
        return attrs


def target_key(attrs) -> tuple:
    unit = attrs.get("partner_unit")
    return attrs["metric"], attrs.get("activity_kind", ""), getattr(unit, "pk", unit)


class AnnualPlanSerializer(ModelRulesSerializer):
    targets = PlanTargetSerializer(
        many=True,
        required=False,
        help_text=_("The plan's targets. Sent with an update, they replace all the plan's targets."),
    )
    # Not a model field: kept off the candidate the model's rules check, written by write_targets().
    m2m_fields = ("targets",)

    class Meta:
        model = AnnualPlan
        fields = ["id", "command", "year", "reference", "approved_on", "approved_by", "notes", "targets", "version"]
        extra_kwargs = {"year": {"min_value": 1975, "max_value": 2100}}
        # No generated unique-together check: validate() says which field and why (DUPLICATE_PLAN).
        validators = []

    def validate_targets(self, targets):
        keys = [target_key(attrs) for attrs in targets]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError(DUPLICATE_TARGET)
        return targets

    def validate(self, attrs):
        command = attrs.get("command", getattr(self.instance, "command", None))
        year = attrs.get("year", getattr(self.instance, "year", None))
        if command is not None and year is not None:
            others = AnnualPlan.objects.filter(command=command, year=year)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise serializers.ValidationError({"year": [DUPLICATE_PLAN]})
        return super().validate(attrs)

    def create(self, validated_data):
        targets = validated_data.pop("targets", None)
        with transaction.atomic():
            plan = super().create(validated_data)
            if targets is not None:
                write_targets(plan, targets)
        return plan

    def update(self, instance, validated_data):
        targets = validated_data.pop("targets", None)
        with transaction.atomic():
            plan = super().update(instance, validated_data)
            if targets is not None:
                write_targets(plan, targets)
        return plan


def write_targets(plan: AnnualPlan, targets: list[dict]) -> None:
    """Replace all of ``plan``'s targets (inside the caller's transaction: all or nothing)."""
    plan.targets.all().delete()
    try:
        with transaction.atomic():
            PlanTarget.objects.bulk_create([PlanTarget(plan=plan, **attrs) for attrs in targets])
    except IntegrityError:
        raise serializers.ValidationError({"targets": [DUPLICATE_TARGET]}) from None
    if hasattr(plan, "_prefetched_objects_cache"):
        plan._prefetched_objects_cache.pop("targets", None)
