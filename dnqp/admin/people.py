"""Admin of people (both sides) with their positions over time as an inline, scoped like the pages and the API.

A user sees the people of the partner side and those of our side who held a post in their organisation
(:func:`dnqp.access.scoping.scope_persons`), and of each person only the positions they may see: positions in
commands of another organisation are neither shown nor changed. The people are the choices (with
autocomplete) of the signatories of agreements and the leaders and members of delegations.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dnqp.access.scoping import scope_persons, scope_positions, sees_every_position
from dnqp.admin.base import BaseAdmin, NotFoundMixin, ParentScopedInlineMixin, in_scope
from partnerships.models import Person, Position

NO_POSITION = _("Give at least one position: the post in which the person is known.")


class PositionFormSet(BaseInlineFormSet):
    """At least one position stays (a person is known by a post), counting the ones this user cannot see."""

    hidden_count = 0

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not (self.can_delete and self._should_delete_form(f)) and f.cleaned_data]
        if not kept and not self.hidden_count:
            raise ValidationError(NO_POSITION)


class PositionInline(ParentScopedInlineMixin, admin.TabularInline):
    """The person's posts; the command picker offers the user's scope, the partner unit picker every unit."""

    model = Position
    formset = PositionFormSet
    autocomplete_fields = ["command", "partner_unit"]
    fields = ["title", "rank", "command", "partner_unit", "valid_from", "valid_until"]
    extra = 1

    def get_queryset(self, request):
        # Not scope_records(): a position in a partner unit has no command, and is visible to everyone.
        queryset = admin.TabularInline.get_queryset(self, request)
        return scope_positions(request.user, queryset).select_related("command", "partner_unit")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        hidden = 0
        if obj is not None and obj.pk is not None:
            hidden = obj.positions.count() - scope_positions(request.user, obj.positions.all()).count()
        return type(formset.__name__, (formset,), {"hidden_count": hidden})


class CurrentPostFilter(admin.SimpleListFilter):
    """People holding a post today, or not."""

    title = _("in a post today")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        holding = Position.objects.held_on(timezone.localdate()).values("person_id")
        return queryset.filter(pk__in=holding) if self.value() == "yes" else queryset.exclude(pk__in=holding)


@admin.register(Person)
class PersonAdmin(NotFoundMixin, BaseAdmin):
    list_display = ["name", "name_original", "side", "posts"]
    list_display_links = ["name"]
    list_filter = ["side", CurrentPostFilter]
    search_fields = ["name", "name_original"]
    search_help_text = _("Name, in Vietnamese spelling or in the original script; accents optional.")
    ordering = ["name", "id"]
    inlines = [PositionInline]
    fieldsets = [(None, {"fields": ["name", "name_original", "side", "notes", "version"]})]

    def get_queryset(self, request):
        positions = scope_positions(request.user, Position.objects.select_related("command", "partner_unit"))
        queryset = super().get_queryset(request).prefetch_related(Prefetch("positions", queryset=positions))
        return scope_persons(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        # Deleting a person deletes all their positions: only a user who sees every one of them may.
        return super().has_delete_permission(request, obj) and (
            obj is None or (in_scope(request, obj) and sees_every_position(request.user, obj))
        )

    def history_view(self, request, object_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id if str(object_id).isdigit() else 0).exists():
            raise Http404(_("No such record."))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id if str(object_id).isdigit() else 0).exists():
            raise Http404(_("No such record."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("positions"))
    def posts(self, obj):
        parts = []
        for position in obj.positions.all():  # prefetched: no query per row
            until = date_format(position.valid_until, "SHORT_DATE_FORMAT") if position.valid_until else "…"
            since = date_format(position.valid_from, "SHORT_DATE_FORMAT")
            parts.append(f"{position} ({since}–{until})")
        return "; ".join(parts) or "—"
