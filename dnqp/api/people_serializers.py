"""API representation of people: a person and their positions, written together in one request, all or nothing."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dnqp.access import scoping
from dnqp.api.mixins import ModelRulesSerializer, field_errors, refused_as_400
from partnerships.models import Command, PartnerUnit, Person, Position

NO_POSITION = _("Give at least one position: the post in which the person is known.")
UNKNOWN_POSITION = _("This person has no position with this id that you may see.")
POSITION_TWICE = _("The same position appears twice.")
COMMAND_OUT_OF_SCOPE = _("You may only record data for your own command and its sub-commands.")
SIDE_KEPT = _("The person's positions are in units of the other side: change them with the side.")


class PositionSerializer(serializers.ModelSerializer):
    """One position; ``id`` names an existing position of the person to change (none: a new one)."""

    id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Existing position to change; omit for a new one."),
    )
    command = serializers.PrimaryKeyRelatedField(
        queryset=Command.objects.all(), required=False, allow_null=True, help_text=_("Id of the command (our side).")
    )
    partner_unit = serializers.PrimaryKeyRelatedField(
        queryset=PartnerUnit.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the partner unit (partner side)."),
    )

    class Meta:
        model = Position
        fields = ["id", "command", "partner_unit", "title", "rank", "valid_from", "valid_until"]

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class PersonSerializer(ModelRulesSerializer):
    positions = PositionSerializer(
        many=True,
        required=False,
        help_text=_(
            "The person's positions (at least one). Sent with an update, they replace the positions you may see: "
            "a position with an id is changed, one without is added, one left out is deleted."
        ),
    )
    # Not a model field: kept off the candidate the model's rules check, written by write_positions().
    m2m_fields = ("positions",)

    class Meta:
        model = Person
        fields = ["id", "name", "name_original", "side", "notes", "positions", "version"]
        extra_kwargs = {"name": {"allow_blank": False}}

    def user(self):
        return getattr(self.context.get("request"), "user", None)

    def visible_positions(self):
        """The stored positions of the person that the user may see (and so replace), by id."""
        if self.instance is None:
            return {}
        return {p.pk: p for p in scoping.scope_positions(self.user(), self.instance.positions.all())}

    def validate(self, attrs):
        attrs = super().validate(attrs)  # the person's own rules and the version
        positions = attrs.get("positions")
        if positions is None:
            if self.instance is None:
                raise serializers.ValidationError({"positions": [NO_POSITION]})
            side = attrs.get("side", self.instance.side)
            if side != self.instance.side and any(not p.fits_side(side) for p in self.instance.positions.all()):
                raise serializers.ValidationError({"side": [SIDE_KEPT]})
            return attrs
        candidate = Person(
            pk=getattr(self.instance, "pk", None), side=attrs.get("side", getattr(self.instance, "side", ""))
        )
        visible = self.visible_positions()
        kept = 0
        if self.instance is not None:  # positions the user may not see stay as they are
            hidden = self.instance.positions.exclude(pk__in=list(visible)).select_related("command")
            kept = len(hidden)
            if any(not p.fits_side(candidate.side) for p in hidden):
                raise serializers.ValidationError({"side": [SIDE_KEPT]})
        if not positions and not kept:
            raise serializers.ValidationError({"positions": [NO_POSITION]})
        # As DRF reports a nested list's own errors: by the position's index, only the positions in error.
        errors, seen = {}, set()
        for index, item in enumerate(positions):
            if found := self.position_errors(item, candidate, visible, seen):
                errors[index] = found
        if errors:
            raise serializers.ValidationError({"positions": errors})
        return attrs

    def position_errors(self, item: dict, candidate: Person, visible: dict, seen: set) -> dict:
        """The errors of one position of the request ({} when valid), checked by the model's own rules."""
        pk = item.get("id")
        if pk is not None and pk not in visible:
            return {"id": [UNKNOWN_POSITION]}
        if pk is not None and pk in seen:
            return {"id": [POSITION_TWICE]}
        seen.add(pk)
        position = Position(person=candidate, **{k: v for k, v in item.items() if k != "id"})
        errors = {}
        try:
            position.full_clean(exclude=["person"])
        except DjangoValidationError as exc:
            errors = field_errors(exc)
        if position.command_id and not scoping.command_in_scope(self.user(), position.command_id):
            errors.setdefault("command", []).append(COMMAND_OUT_OF_SCOPE)
        return errors

    def create(self, validated_data):
        positions = validated_data.pop("positions", None)
        with transaction.atomic():
            person = super().create(validated_data)
            self.write_positions(person, positions or [], {})
        return person

    def update(self, instance, validated_data):
        positions = validated_data.pop("positions", None)
        visible = self.visible_positions()
        with transaction.atomic():
            person = super().update(instance, validated_data)
            if positions is not None:
                self.write_positions(person, positions, visible)
        return person

    def write_positions(self, person: Person, positions: list[dict], visible: dict) -> None:
        """Change, add and delete the positions the user may see (inside the caller's transaction)."""
        given = {item["id"] for item in positions if item.get("id") is not None}
        with refused_as_400(person):
            for pk, position in visible.items():
                if pk not in given:
                    position.delete()
            for item in positions:
                values = {k: v for k, v in item.items() if k != "id"}
                position = visible[item["id"]] if item.get("id") is not None else Position(person=person)
                for name in ("command", "partner_unit", "rank", "valid_until"):
                    values.setdefault(name, None if name != "rank" else "")
                for name, value in values.items():
                    setattr(position, name, value)
                position.save()
        if hasattr(person, "_prefetched_objects_cache"):
            person._prefetched_objects_cache.pop("positions", None)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not hasattr(instance, "_prefetched_objects_cache") or "positions" not in instance._prefetched_objects_cache:
            shown = scoping.scope_positions(self.user(), instance.positions.all())
            data["positions"] = PositionSerializer(shown, many=True).data
        return data
