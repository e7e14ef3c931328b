"""API representations of delegations, activities and support: field names of docs/API.md, links as ids."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dnqp.api.mixins import ModelRulesSerializer, ScopedPersonField, ScopedRelatedField, field_errors
from events.models import Activity, Delegation, DelegationMember, Expenditure, amount_in_vnd
from partnerships.models import Agreement, PartnerUnit

BIGINT_MAX = 9_223_372_036_854_775_807
INT_MAX = 2_147_483_647  # PostgreSQL integer: the same limit on SQLite


def partner_units_field():
    return serializers.PrimaryKeyRelatedField(
        queryset=PartnerUnit.objects.all(), many=True, required=False, help_text=_("Ids of the partner units.")
    )


MORE_MEMBERS_THAN_COUNT = _("%(listed)s members are listed, more than the delegation's %(count)s members.")


class DelegationMemberSerializer(serializers.ModelSerializer):
    """One member of a delegation: name, rank, title, and the person when there is one."""

    person = ScopedPersonField(required=False, allow_null=True)

    class Meta:
        model = DelegationMember
        fields = ["name", "rank", "title", "person"]
        extra_kwargs = {"name": {"required": False}}

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class DelegationSerializer(ModelRulesSerializer):
    partner_units = partner_units_field()
    agreement = ScopedRelatedField(Agreement, required=False, allow_null=True)
    leader_person = ScopedPersonField(required=False, allow_null=True)
    members = DelegationMemberSerializer(
        many=True,
        required=False,
        help_text=_("The members by name. Sent with an update, they replace all the delegation's members."),
    )
    # ``members`` is no model field either: kept off the candidate, written by write_members().
    m2m_fields = ("partner_units", "members")

    class Meta:
        model = Delegation
        fields = [
            "id",
            "direction",
            "purpose",
            "command",
            "partner_units",
            "country",
            "leader_name",
            "leader_rank",
            "leader_title",
            "leader_person",
            "member_count",
            "members",
            "start_date",
            "end_date",
            "location",
            "agreement",
            "status",
            "notes",
            "approval_reference",
            "approved_on",
            "report_due_on",
            "reported_on",
            "version",
        ]
        extra_kwargs = {"member_count": {"min_value": 1, "max_value": INT_MAX}}

    def after_clean(self, candidate, attrs):
        members = attrs.get("members")
        if members is None:
            return
        errors = {}  # by the member's index, as DRF reports a nested list's own errors
        for index, item in enumerate(members):
            member = DelegationMember(delegation=candidate, **item)
            try:
                member.full_clean(exclude=["delegation"])
                item["name"] = member.name  # taken from the person when left empty
            except DjangoValidationError as exc:
                errors[index] = field_errors(exc)
        if errors:
            raise serializers.ValidationError({"members": errors})
        if candidate.member_count is not None and len(members) > candidate.member_count:
            message = MORE_MEMBERS_THAN_COUNT % {"listed": len(members), "count": candidate.member_count}
            raise serializers.ValidationError({"members": [message]})

    def validate_member_count(self, value):
        if self.instance is not None and "members" not in self.initial_data:
            listed = self.instance.members.count()
            if value is not None and listed > value:
                raise serializers.ValidationError(MORE_MEMBERS_THAN_COUNT % {"listed": listed, "count": value})
        return value

    def create(self, validated_data):
        members = validated_data.pop("members", None)
        with transaction.atomic():
            delegation = super().create(validated_data)
            if members is not None:
                write_members(delegation, members)
        return delegation

    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        with transaction.atomic():
            delegation = super().update(instance, validated_data)
            if members is not None:
                write_members(delegation, members)
        return delegation


def write_members(delegation: Delegation, members: list[dict]) -> None:
    """Replace all of ``delegation``'s members (inside the caller's transaction: all or nothing)."""
    delegation.members.all().delete()
    DelegationMember.objects.bulk_create([DelegationMember(delegation=delegation, **item) for item in members])
    if hasattr(delegation, "_prefetched_objects_cache"):
        delegation._prefetched_objects_cache.pop("members", None)


class ActivitySerializer(ModelRulesSerializer):
    partner_units = partner_units_field()
    m2m_fields = ("partner_units",)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "command",
            "partner_units",
            "start_date",
            "end_date",
            "participant_count",
            "location",
            "status",
            "notes",
            "remains_found",
            "remains_repatriated",
            "version",
        ]
        extra_kwargs = {
            "participant_count": {"min_value": 1, "max_value": INT_MAX},
            "remains_found": {"max_value": INT_MAX},
            "remains_repatriated": {"max_value": INT_MAX},
        }


class ExpenditureSerializer(ModelRulesSerializer):
    agreement = ScopedRelatedField(Agreement, required=False, allow_null=True)
    delegation = ScopedRelatedField(Delegation, required=False, allow_null=True)
    activity = ScopedRelatedField(Activity, required=False, allow_null=True)

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "date",
            "command",
            "partner_unit",
            "beneficiary",
            "category",
            "funding_source",
            "amount_vnd",
            "currency",
            "amount_original",
            "exchange_rate",
            "agreement",
            "delegation",
            "activity",
            "voucher",
            "description",
            "version",
        ]
        extra_kwargs = {
            "amount_vnd": {
                "required": False,
                "min_value": 1,
                "max_value": BIGINT_MAX,
                "help_text": _(
                    "Whole đồng. May be omitted for support paid in another currency: the server computes it."
                ),
            },
        }

    def prepare_candidate(self, candidate, attrs):
        if candidate.currency == "":
            candidate.currency = None
        foreign_changed = {"currency", "amount_original", "exchange_rate"} & attrs.keys()
        if candidate.currency and "amount_vnd" not in attrs and (foreign_changed or candidate.amount_vnd is None):
            candidate.amount_vnd = None  # recomputed by clean() from the original amount and the rate
        original, rate = candidate.amount_original, candidate.exchange_rate
        if original and rate and original > 0 and rate > 0 and amount_in_vnd(original, rate) > BIGINT_MAX:
            raise serializers.ValidationError(
                {"amount_original": [_("The amount in đồng (original × rate) is too large.")]}
            )

    def after_clean(self, candidate, attrs):
        attrs["amount_vnd"] = candidate.amount_vnd
        if "currency" in attrs and attrs["currency"] == "":
            attrs["currency"] = None
