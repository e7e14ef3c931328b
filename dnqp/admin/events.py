"""Admin of delegations, activities and support: partner units and support lines as inlines."""

from __future__ import annotations

from django.contrib import admin
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from dnqp.admin.base import (
    AttachmentInline,
    ParentScopedInlineMixin,
    RecordAdmin,
    VersionedInlineFormSet,
    VersionedInlineMixin,
)
from dnqp.admin.event_forms import ExpenditureForm
from dnqp.admin.units import CommandSubtreeFilter, CountryFilter, PartnerCountryFilter
from dnqp.core.money import format_vnd
from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.imports import SpreadsheetAdminMixin
from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure


class DelegationPartnerInline(ParentScopedInlineMixin, admin.TabularInline):
    model = DelegationPartner
    autocomplete_fields = ["partner_unit"]
    extra = 1


class ActivityPartnerInline(ParentScopedInlineMixin, admin.TabularInline):
    model = ActivityPartner
    autocomplete_fields = ["partner_unit"]
    extra = 1


class ExpenditureInline(VersionedInlineMixin, ParentScopedInlineMixin, admin.TabularInline):
    """Support lines spent on a delegation or an activity (e.g. receiving a delegation, gifts)."""

    model = Expenditure
    form = ExpenditureForm
    formset = VersionedInlineFormSet
    extra = 0
    autocomplete_fields = ["command", "partner_unit"]
    fields = [
        "date",
        "command",
        "partner_unit",
        "category",
        "funding_source",
        "amount_vnd",
        "currency",
        "amount_original",
        "exchange_rate",
        "beneficiary",
        "voucher",
        "version",
    ]
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("command", "partner_unit")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "command" in formset.form.base_fields:
            # A new support line usually comes from the command that hosted or sent the delegation.
            formset.form.base_fields["command"].initial = obj.command_id
        return formset


class DelegationExpenditureInline(ExpenditureInline):
    fk_name = "delegation"


class ActivityExpenditureInline(ExpenditureInline):
    fk_name = "activity"


class DelegationCountryFilter(CountryFilter):
    """The delegation's own country (a delegation may come from a country with no partner unit)."""

    def lookups(self, request, model_admin):
        from dnqp.admin.units import COUNTRY_NAMES

        codes = Delegation.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, COUNTRY_NAMES.get(code, code)) for code in codes), key=lambda c: str(c[1]))


@admin.register(Delegation)
class DelegationAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [DelegationResource]
    list_display = [
        "start_date",
        "end_date",
        "direction",
        "purpose",
        "command",
        "country",
        "leader_name",
        "member_count",
        "status",
    ]
    list_display_links = ["start_date", "direction"]
    list_filter = ["direction", "purpose", "status", CommandSubtreeFilter, DelegationCountryFilter]
    list_select_related = ["command"]
    search_fields = ["leader_name", "leader_title", "location", "command__name"]
    search_help_text = _("Leader, location or command; accents optional.")
    autocomplete_fields = ["command", "agreement"]
    date_hierarchy = "start_date"
    inlines = [DelegationPartnerInline, DelegationExpenditureInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["direction", "purpose", "status", "command", "country", "agreement", "version"]}),
        (_("Leader"), {"fields": [("leader_name", "leader_rank", "leader_title"), "member_count"]}),
        (_("When and where"), {"fields": [("start_date", "end_date"), "location"]}),
        (None, {"fields": ["notes"]}),
    ]


@admin.register(Activity)
class ActivityAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [ActivityResource]
    list_display = ["start_date", "title", "kind", "command", "participant_count", "location", "status"]
    list_display_links = ["start_date", "title"]
    list_filter = ["kind", "status", CommandSubtreeFilter]
    list_select_related = ["command"]
    search_fields = ["title", "location", "command__name"]
    search_help_text = _("Title, location or command; accents optional.")
    autocomplete_fields = ["command"]
    date_hierarchy = "start_date"
    inlines = [ActivityPartnerInline, ActivityExpenditureInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "status", "command", "version"]}),
        (_("When and where"), {"fields": [("start_date", "end_date"), "location", "participant_count"]}),
        (None, {"fields": ["notes"]}),
    ]


@admin.register(Expenditure)
class ExpenditureAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [ExpenditureResource]
    form = ExpenditureForm
    list_display = ["date", "command", "partner_unit", "category", "funding_source", "amount", "original_amount"]
    list_display_links = ["date"]
    list_filter = ["category", "funding_source", CommandSubtreeFilter, PartnerCountryFilter]
    list_select_related = ["command", "partner_unit"]
    search_fields = ["beneficiary", "description", "voucher", "command__name", "partner_unit__name"]
    search_help_text = _("Beneficiary, description, voucher, command or partner unit; accents optional.")
    autocomplete_fields = ["command", "partner_unit", "agreement", "delegation", "activity"]
    date_hierarchy = "date"
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["date", "command", "partner_unit", "beneficiary", "version"]}),
        (None, {"fields": ["category", "funding_source"]}),
        (_("Amount"), {"fields": ["amount_vnd", ("currency", "amount_original", "exchange_rate")]}),
        (_("Linked records"), {"fields": ["agreement", "delegation", "activity"]}),
        (None, {"fields": ["voucher", "description"]}),
    ]

    @admin.display(description=_("amount"), ordering="amount_vnd")
    def amount(self, obj):
        return format_vnd(obj.amount_vnd)

    @admin.display(description=_("paid in"))
    def original_amount(self, obj):
        if not obj.currency:
            return "—"
        return f"{number_format(obj.amount_original, decimal_pos=2, force_grouping=True)} {obj.currency}"
