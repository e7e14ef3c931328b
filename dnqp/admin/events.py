"""Admin of delegations, activities and support (partner units and support lines as inlines) and of annual plans."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dnqp.access.accounts import set_change_reason
from dnqp.admin.base import (
    AttachmentInline,
    ParentScopedInlineMixin,
    RecordAdmin,
    VersionedInlineFormSet,
    VersionedInlineMixin,
)
from dnqp.admin.event_forms import ExpenditureForm
from dnqp.admin.units import COUNTRY_NAMES, CommandSubtreeFilter, CountryFilter, PartnerCountryFilter
from dnqp.core.money import format_vnd
from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.imports import SpreadsheetAdminMixin
from dnqp.spreadsheets.plan_resources import AnnualPlanResource
from events.models import (
    Activity,
    ActivityPartner,
    AnnualPlan,
    Delegation,
    DelegationMember,
    DelegationPartner,
    Expenditure,
    PlanTarget,
)
from partnerships.choices import country_sort_key


class DelegationPartnerInline(ParentScopedInlineMixin, admin.TabularInline):
    model = DelegationPartner
    autocomplete_fields = ["partner_unit"]
    extra = 1


class ActivityPartnerInline(ParentScopedInlineMixin, admin.TabularInline):
    model = ActivityPartner
    autocomplete_fields = ["partner_unit"]
    extra = 1


MORE_MEMBERS_THAN_COUNT = _("%(listed)s members are listed, more than the delegation's %(count)s members.")


class DelegationMemberFormSet(BaseInlineFormSet):
    """No more members listed than the delegation's number of members."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        listed = sum(
            1 for form in self.forms if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        )
        count = self.instance.member_count
        if count is not None and listed > count:
            raise ValidationError(MORE_MEMBERS_THAN_COUNT % {"listed": listed, "count": count})


class DelegationMemberInline(ParentScopedInlineMixin, admin.TabularInline):
    """The members by name; the person (autocomplete) when they are recorded."""

    model = DelegationMember
    formset = DelegationMemberFormSet
    autocomplete_fields = ["person"]
    fields = ["name", "rank", "title", "person"]
    extra = 0
    classes = ["collapse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class ReportOverdueFilter(admin.SimpleListFilter):
    """Completed outbound trips whose report on the results is past due (as the list page's ``?report=overdue``)."""

    title = _("report on the trip")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        return [("overdue", _("Report overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.report_overdue(timezone.localdate())
        return queryset


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
        codes = Delegation.objects.order_by().values_list("country", flat=True).distinct()
        return [(code, COUNTRY_NAMES.get(code, code)) for code in sorted(codes, key=country_sort_key)]


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
    list_filter = ["direction", "purpose", "status", CommandSubtreeFilter, DelegationCountryFilter, ReportOverdueFilter]
    list_select_related = ["command"]
    search_fields = ["leader_name", "leader_title", "location", "command__name"]
    search_help_text = _("Leader, location, notes, command or partner unit (any name or spelling); accents optional.")
    autocomplete_fields = ["command", "agreement", "leader_person"]
    date_hierarchy = "start_date"
    inlines = [DelegationPartnerInline, DelegationExpenditureInline, DelegationMemberInline, AttachmentInline]
    fieldsets = [
        (None, {"fields": ["direction", "purpose", "status", "command", "country", "agreement", "version"]}),
        (
            _("Leader"),
            {"fields": ["leader_person", ("leader_name", "leader_rank", "leader_title"), "member_count"]},
        ),
        (_("When and where"), {"fields": [("start_date", "end_date"), "location"]}),
        (
            _("Outbound trip: decision and report"),
            {"fields": [("approval_reference", "approved_on"), ("report_due_on", "reported_on")]},
        ),
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
    search_help_text = _("Title, location, notes, command or partner unit (any name or spelling); accents optional.")
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
    search_help_text = _(
        "Beneficiary, description, voucher, command or partner unit (any name or spelling); accents optional."
    )
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


# --- Annual plans ----------------------------------------------------------------------------

PLAN_EXISTS = _("%(command)s already has a plan for %(year)s: nothing was copied.")
PLAN_NOT_COPIED = _("The plan of %(year)s of %(command)s could not be copied: %(errors)s")
COPY_REASON = _("Copied from the plan of %(year)s.")
PLANS_IMPORTED = _(
    "Import finished. Plans: %(created)s new, %(changed)s changed, %(unchanged)s unchanged. Targets: %(added)s "
    "added, %(updated)s changed, %(removed)s removed, %(same)s unchanged."
)
PLAN_IMPORT_LOG = _("Imported from a spreadsheet.")


class PlanTargetInline(ParentScopedInlineMixin, admin.TabularInline):
    """The targets of a plan, written with it; editable where the plan itself may be changed."""

    model = PlanTarget
    autocomplete_fields = ["partner_unit"]
    fields = ["metric", "activity_kind", "partner_unit", "target", "note"]
    extra = 1


class PlanApprovedFilter(admin.SimpleListFilter):
    """Approved plans (the ones the yearly report counts) or drafts."""

    title = _("approved")
    parameter_name = "approved"

    def lookups(self, request, model_admin):
        return [("yes", _("Approved")), ("no", _("Draft"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(approved_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(approved_on__isnull=True)
        return queryset


@admin.register(AnnualPlan)
class AnnualPlanAdmin(SpreadsheetAdminMixin, RecordAdmin):
    """Annual plans with their targets, scoped like every record of their command; imported and exported one row
    per target (dnqp/spreadsheets/plan_resources.py)."""

    resource_classes = [AnnualPlanResource]

    list_display = ["year", "command", "reference", "approved_on"]
    list_display_links = ["year", "command"]
    list_filter = ["year", PlanApprovedFilter, CommandSubtreeFilter]
    list_select_related = ["command"]
    autocomplete_fields = ["command"]
    inlines = [PlanTargetInline]
    actions = ["copy_to_next_year"]
    fieldsets = [
        (None, {"fields": ["command", "year", "version"]}),
        (_("Approval"), {"fields": ["reference", "approved_on", "approved_by"]}),
        (None, {"fields": ["notes"]}),
    ]

    def generate_log_entries(self, result, request):
        """One entry per plan the import created or changed (a file has one row per target)."""
        for plans, flag in ((result.plans_created, ADDITION), (result.plans_changed, CHANGE)):
            if plans:
                LogEntry.objects.log_actions(
                    request.user.pk, plans, flag, change_message=str(PLAN_IMPORT_LOG), single_object=len(plans) == 1
                )

    def add_success_message(self, result, request):
        targets = result.targets
        counts = {
            "created": len(result.plans_created),
            "changed": len(result.plans_changed),
            "unchanged": result.plans_unchanged,
            "added": targets["new"],
            "updated": targets["update"],
            "removed": targets["delete"],
            "same": targets["skip"],
        }
        self.message_user(request, PLANS_IMPORTED % counts, messages.SUCCESS)

    @admin.action(description=_("Copy last year's plan (a draft for the next year)"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        """For each selected plan, a draft plan of the next year for the same command, with the same targets."""
        for plan in queryset.select_related("command").prefetch_related("targets"):
            names = {"command": plan.command.name, "year": plan.year + 1}
            if AnnualPlan.objects.filter(command_id=plan.command_id, year=plan.year + 1).exists():
                self.message_user(request, PLAN_EXISTS % names, messages.WARNING)
                continue
            copy = AnnualPlan(command=plan.command, year=plan.year + 1)
            targets = [
                PlanTarget(
                    metric=t.metric,
                    activity_kind=t.activity_kind,
                    partner_unit_id=t.partner_unit_id,
                    target=t.target,
                    note=t.note,
                )
                for t in plan.targets.all()
            ]
            try:
                copy.full_clean()
                with transaction.atomic():
                    set_change_reason(copy, str(COPY_REASON % {"year": plan.year}))
                    copy.save()
                    for target in targets:
                        target.plan = copy
                    PlanTarget.objects.bulk_create(targets)
            except ValidationError as exc:
                errors = " ".join(exc.messages)
                self.message_user(
                    request, PLAN_NOT_COPIED % {**names, "year": plan.year, "errors": errors}, messages.ERROR
                )
                continue
            except IntegrityError:  # the same plan copied by someone else meanwhile
                self.message_user(request, PLAN_EXISTS % names, messages.WARNING)
                continue
            self.log_addition(request, copy, [{"added": {}}])
            copied = ngettext(
                "Draft plan %(year)s of %(command)s created with %(count)d target: check it and have it approved.",
                "Draft plan %(year)s of %(command)s created with %(count)d targets: check it and have it approved.",
                len(targets),
            )
            self.message_user(request, copied % {**names, "count": len(targets)}, messages.SUCCESS)
