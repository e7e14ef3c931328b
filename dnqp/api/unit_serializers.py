"""API representations of units and agreements: field names of docs/API.md, foreign keys as ids."""

from rest_framework import serializers

from dnqp.api.mixins import ModelRulesSerializer, ScopedPersonField, ScopedRelatedField
from partnerships.choices import AgreementStatus
from partnerships.models import Agreement, Command, PartnerUnit


class CommandSerializer(ModelRulesSerializer):
    class Meta:
        model = Command
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "level",
            "parent",
            "province_name",
            "is_border",
            "border_countries",
            "valid_from",
            "valid_until",
            "successor",
            "sort_order",
            "latitude",
            "longitude",
            "version",
        ]


class PartnerUnitSerializer(ModelRulesSerializer):
    class Meta:
        model = PartnerUnit
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "name_original",
            "aliases",
            "country",
            "province_name",
            "level",
            "parent",
            "latitude",
            "longitude",
            "version",
        ]


class AgreementSerializer(ModelRulesSerializer):
    status = serializers.ChoiceField(choices=AgreementStatus.choices, read_only=True)
    renews = ScopedRelatedField(Agreement, required=False, allow_null=True)
    our_signatory_person = ScopedPersonField(required=False, allow_null=True)
    partner_signatory_person = ScopedPersonField(required=False, allow_null=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "reference",
            "title",
            "kind",
            "command",
            "partner_unit",
            "signed_on",
            "valid_from",
            "valid_until",
            "terminated_on",
            "renews",
            "status",
            "signatory_vn_name",
            "signatory_vn_rank",
            "signatory_vn_title",
            "signatory_partner_name",
            "signatory_partner_rank",
            "signatory_partner_title",
            "our_signatory_person",
            "partner_signatory_person",
            "notes",
            "version",
        ]

    def prepare_candidate(self, candidate, attrs):
        # As Agreement.save() does: in force from the signing, and a corrected signing date moves a defaulted
        # first day in force along.
        candidate.valid_from = candidate.default_valid_from(candidate.signed_on, candidate.valid_from)

    def after_clean(self, candidate, attrs):
        attrs["valid_from"] = candidate.valid_from
