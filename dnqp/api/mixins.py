"""The pieces every API viewset and serializer share: scoping, stable order, model rules, edit versions."""

import contextlib
import copy
from collections.abc import Mapping

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.settings import api_settings

from dnqp.access import scoping
from dnqp.api.permissions import ModelPermissions, UnitPermissions
from dnqp.core.versioning import EditConflict, claim_version, refusal_error
from partnerships.models import Person

UNIQUE_KEYS = {"id", "-id", "pk", "-pk"}


class Conflict(APIException):
    """409: the record changed since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record was changed by someone else. Reload it and apply your changes again.")
    default_code = "conflict"


def field_errors(exc: DjangoValidationError) -> dict:
    """A Django ``ValidationError`` as DRF's ``{"field": ["message"]}``."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


class StableOrderingMixin:
    """Every list ends its ORDER BY with the primary key, so pages never skip or repeat a record."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if not UNIQUE_KEYS.intersection(str(key) for key in ordering):
            queryset = queryset.order_by(*ordering, "-id")
        return queryset


class TranslatedNotFoundMixin:
    """An unknown id (or one outside the user's scope) is DRF's "Not found.", which the catalogue translates.

    Django's ``get_object_or_404`` says "No Agreement matches the given query.": English in every language,
    since Django never marks that sentence for translation.
    """

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise NotFound() from None


class UnitViewSetMixin(TranslatedNotFoundMixin, StableOrderingMixin):
    """Commands and partner units: readable by every logged-in user, written per model permission."""

    permission_classes = [UnitPermissions]

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


class RecordViewSetMixin(TranslatedNotFoundMixin, StableOrderingMixin):
    """Agreements, delegations, activities, support: narrowed to the user's subtree by :mod:`dnqp.access.scoping`."""

    permission_classes = [ModelPermissions]

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return scoping.scope_records(self.request.user, self.base_queryset())

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A link to another record the user may see (an unknown or out-of-scope id is "does not exist")."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return scoping.scope_records(user, self.model.objects.all())


class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    """A link to a person the user may see (an unknown or hidden id is "does not exist"); the record's own
    rules say when the person is of the wrong side."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Id of the person (optional)."))
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return scoping.scope_persons(getattr(request, "user", None), Person.objects.all())


class ModelRulesSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (fields, ``clean()``, database constraints) before any write.

    Every rule the database enforces is checked here first, so a bad write is a 400 with a message per
    field, never an IntegrityError. Writes carry the record's ``version``: an update based on a stale
    version is refused with 409 instead of silently overwriting someone else's change.
    """

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("Edit counter. Send the value you read with an update: a stale value is refused with 409."),
    )
    stale_message = _("This record was changed by someone else since you read it (now version %(version)s).")

    #: Many-to-many fields, written with ``.set()`` after the record is saved.
    m2m_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        # A misspelt field name ("partner_unit" for "partner_units") must not be dropped without a word.
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)

    def validate_command(self, command):
        request = self.context.get("request")
        if command is not None and not scoping.command_in_scope(getattr(request, "user", None), command):
            raise serializers.ValidationError(_("You may only record data for your own command and its sub-commands."))
        return command

    def validate_partner_units(self, units):
        unique = list(dict.fromkeys(units))  # the same unit twice would break the through table's unique pair
        return unique

    def prepare_candidate(self, candidate, attrs):
        """Hook: adjust the unsaved record before its rules run (e.g. compute derived fields)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        version = attrs.get("version")
        if self.instance is not None and version is not None and version != self.instance.version:
            raise Conflict({"version": [self.stale_message % {"version": self.instance.version}]})
        candidate = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            if name not in self.m2m_fields and name != "version":
                setattr(candidate, name, value)
        self.prepare_candidate(candidate, attrs)
        try:
            candidate.full_clean(exclude=[*self.m2m_fields, "version"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError(field_errors(exc)) from None
        self.after_clean(candidate, attrs)
        return attrs

    def after_clean(self, candidate, attrs):
        """Hook: copy values the model's ``clean()`` derived back into the data to save."""

    def create(self, validated_data):
        validated_data.pop("version", None)
        m2m = {name: validated_data.pop(name) for name in self.m2m_fields if name in validated_data}
        instance = self.Meta.model(**validated_data)
        with refused_as_400(instance):
            instance.save()
            for name, value in m2m.items():
                getattr(instance, name).set(value)
        return instance

    def update(self, instance, validated_data):
        expected = validated_data.pop("version", None) or instance.version
        m2m = {name: validated_data.pop(name) for name in self.m2m_fields if name in validated_data}
        with refused_as_400(instance):
            # The check and the increment are one UPDATE … WHERE version = expected (dnqp.core.versioning, shared
            # with the admin): of two concurrent saves based on the same version, only one goes through.
            try:
                claim_version(instance, expected)
            except EditConflict as exc:
                raise Conflict({"version": [self.stale_message % {"version": exc.current}]}) from None
            for name, value in validated_data.items():
                setattr(instance, name, value)
            instance.save()
            for name, value in m2m.items():
                getattr(instance, name).set(value)
        return instance


@contextlib.contextmanager
def refused_as_400(instance):
    """One transaction for a write; a database refusal (a unique value taken meanwhile) is a 400, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        if instance._state.adding:
            instance.pk = None
        raise serializers.ValidationError(field_errors(refusal_error(instance))) from None
