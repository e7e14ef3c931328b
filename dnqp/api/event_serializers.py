"""API representations of delegations, activities and support: field names of docs/API.md, links as ids."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dnqp.api.mixins import ModelRulesSerializer, ScopedRelatedField
from events.models import Activity, Delegation, Expenditure, amount_in_vnd
from partnerships.models import Agreement, PartnerUnit

BIGINT_MAX = 9_223_372_036_854_775_807
INT_MAX = 2_147_483_647  # PostgreSQL integer: the same limit on SQLite


def partner_units_field():
    return serializers.PrimaryKeyRelatedField(
        queryset=PartnerUnit.objects.all(), many=True, required=False, help_text=_("Ids of the partner units.")
    )


class DelegationSerializer(ModelRulesSerializer):
    partner_units = partner_units_field()
    agreement = ScopedRelatedField(Agreement, required=False, allow_null=True)
    m2m_fields = ("partner_units",)

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
            "member_count",
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
