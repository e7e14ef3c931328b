"""Admin of units and agreements: the data-entry tool, with the one-step signing ceremony."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dnqp.access.scoping import command_in_scope, visible_commands
from dnqp.admin.base import AttachmentInline, RecordAdmin, UnitAdmin
from dnqp.admin.unit_forms import CEREMONY_MAX_ROWS, AgreementForm, CeremonyForm, ceremony_pair_formset
from dnqp.spreadsheets.imports import SpreadsheetAdminMixin
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource
from partnerships.choices import COUNTRY_CHOICES, AgreementStatus, CommandLevel, country_sort_key
from partnerships.models import Agreement, Command, PartnerUnit
from partnerships.services import CeremonyError, agreements_sign_ceremony

# A ceremony form's submission is remembered this long (seconds): posted again within it, nothing is recorded again.
CEREMONY_SUBMISSION_SECONDS = 24 * 3600
CEREMONY_PENDING = "pending"

COUNTRY_NAMES = dict(COUNTRY_CHOICES)
COORDINATES_HELP = _(
    "Where the unit is shown on the map (/map/): its headquarters, in decimal degrees, e.g. latitude 10.49611 and "
    "longitude 107.16861 for Bà Rịa. Leave both empty to keep it off the map."
)


# --- List filters ---------------------------------------------------------------------------


class CountryFilter(admin.SimpleListFilter):
    """Only the countries that have partner units (not the 249 of ISO 3166), in the pickers' order."""

    title = _("country")
    parameter_name = "country"
    field_path = "country"

    def lookups(self, request, model_admin):
        codes = PartnerUnit.objects.order_by().values_list("country", flat=True).distinct()
        return [(code, COUNTRY_NAMES.get(code, code)) for code in sorted(codes, key=country_sort_key)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_path: self.value()})
        return queryset


class PartnerCountryFilter(CountryFilter):
    field_path = "partner_unit__country"


class CommandSubtreeFilter(admin.SimpleListFilter):
    """A command and its whole subtree; the choices are the region and provinces the user may see (a short list)."""

    title = _("command (with sub-commands)")
    parameter_name = "command"
    levels = [CommandLevel.MILITARY_REGION, CommandLevel.PROVINCE]

    def lookups(self, request, model_admin):
        commands = visible_commands(request.user).filter(level__in=self.levels).order_by("sort_order", "code")
        return [(str(c.pk), f"{c.code} – {c.name}") for c in commands.only("pk", "code", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(command__in=Command.objects.subtree(int(value)).values("pk"))


class AgreementStatusFilter(admin.SimpleListFilter):
    """The derived status as of today (never stored)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AgreementStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AgreementStatus.values:
            return queryset.with_status_value(self.value())
        return queryset


# --- Units ----------------------------------------------------------------------------------


@admin.register(Command)
class CommandAdmin(SpreadsheetAdminMixin, UnitAdmin):
    resource_classes = [CommandResource]
    list_display = ["code", "name", "level", "parent", "province_name", "is_border", "valid_until", "successor"]
    list_display_links = ["code", "name"]
    list_filter = ["level", "is_border", ("valid_until", admin.EmptyFieldListFilter)]
    list_select_related = ["parent", "successor"]
    search_fields = ["code", "name", "name_en", "province_name"]
    search_help_text = _("Code, name or province; accents optional (“chau duc” finds “Châu Đức”).")
    autocomplete_fields = ["parent", "successor"]
    ordering = ["sort_order", "code"]  # the official order (the autocomplete too)
    inlines = [AttachmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "name_en",
                    "level",
                    "parent",
                    "province_name",
                    "is_border",
                    "border_countries",
                    "version",
                ]
            },
        ),
        (_("Lineage"), {"fields": ["valid_from", "valid_until", "successor"]}),
        (_("Position on the map"), {"fields": [("latitude", "longitude")], "description": COORDINATES_HELP}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if self._autocomplete_for_record(request):
            # Picking the command of a record: only commands inside the user's own subtree.
            queryset = queryset.filter(pk__in=visible_commands(request.user).values("pk"))
        return queryset, may_have_duplicates

    @staticmethod
    def _autocomplete_for_record(request) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "autocomplete":
            return False
        # Only a command's own parent/successor may name any command (and only administrators write commands).
        return (request.GET.get("app_label"), request.GET.get("model_name")) != ("partnerships", "command")


@admin.register(PartnerUnit)
class PartnerUnitAdmin(SpreadsheetAdminMixin, UnitAdmin):
    resource_classes = [PartnerUnitResource]
    list_display = ["code", "name", "name_en", "country", "level", "parent", "province_name"]
    list_display_links = ["code", "name"]
    list_filter = [CountryFilter, "level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "name_en", "province_name"]
    search_help_text = _("Code, name or province; accents optional.")
    autocomplete_fields = ["parent"]
    ordering = ["country", "code"]
    inlines = [AttachmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "name_en",
                    "name_original",
                    "country",
                    "level",
                    "parent",
                    "province_name",
                    "version",
                ]
            },
        ),
        (_("Position on the map"), {"fields": [("latitude", "longitude")], "description": COORDINATES_HELP}),
    ]


# --- Agreements -----------------------------------------------------------------------------

SIGNATORIES_HELP = _(
    "Pick the signatory among the people when they are recorded (their page then lists what they signed); the "
    "name is filled in from the person when left empty. Older records keep the name alone."
)


@admin.register(Agreement)
class AgreementAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_classes = [AgreementResource]
    form = AgreementForm
    list_display = [
        "reference",
        "title",
        "command",
        "partner_unit",
        "kind",
        "signed_on",
        "valid_until",
        "status_display",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [AgreementStatusFilter, "kind", CommandSubtreeFilter, PartnerCountryFilter]
    list_select_related = ["command", "partner_unit"]
    search_fields = ["reference", "title", "command__name", "partner_unit__name"]
    search_help_text = _(
        "Document number, title, notes, command or partner unit (any name or spelling); accents optional."
    )
    autocomplete_fields = ["command", "partner_unit", "renews", "our_signatory_person", "partner_signatory_person"]
    date_hierarchy = "signed_on"
    readonly_fields = ["status_display"]
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["reference", "title", "kind", "command", "partner_unit", "renews", "version"]}),
        (
            _("Period of validity"),
            {"fields": ["signed_on", "valid_from", "valid_until", "terminated_on", "status_display"]},
        ),
        (
            _("Signatories"),
            {
                "fields": [
                    "our_signatory_person",
                    ("signatory_vn_name", "signatory_vn_rank", "signatory_vn_title"),
                    "partner_signatory_person",
                    ("signatory_partner_name", "signatory_partner_rank", "signatory_partner_title"),
                ],
                "description": SIGNATORIES_HELP,
            },
        ),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status"), ordering="current_status")
    def status_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return AgreementStatus(obj.status).label

    # --- The signing ceremony: several pairs in one step ---------------------------------

    def get_urls(self):
        urls = super().get_urls()
        ceremony = path(
            "ceremony/",
            self.admin_site.admin_view(self.ceremony_view),
            name="partnerships_agreement_ceremony",
        )
        return [ceremony, *urls]

    def ceremony_view(self, request):
        """One form for a ceremony: shared fields once, one row per command/partner pair; all or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        FormSet = ceremony_pair_formset()
        form_kwargs = {"user": request.user, "admin_site": self.admin_site}
        show_errors = request.method == "POST" and "_more_rows" not in request.POST
        if request.method == "POST":
            data = request.POST
            if "_more_rows" in data:
                # Five more blank rows; the input so far is kept (and not validated yet).
                data = data.copy()
                total = data.get("pairs-TOTAL_FORMS", "")
                data["pairs-TOTAL_FORMS"] = str(min((int(total) if total.isdigit() else 0) + 5, CEREMONY_MAX_ROWS))
            form = CeremonyForm(data)
            formset = FormSet(data, prefix="pairs", form_kwargs=form_kwargs)
            if show_errors and form.is_valid() and formset.is_valid():
                response = self._sign_ceremony(request, form, formset)
                if response is not None:
                    return response
        else:
            form = CeremonyForm()
            formset = FormSet(prefix="pairs", form_kwargs=form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a signing ceremony"),
            "opts": self.opts,
            "form": form,
            "formset": formset,
            "show_errors": show_errors,
            "media": self.media + form.media + formset.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/partnerships/agreement/ceremony.html", context)

    def _sign_ceremony(self, request, form, formset):
        """Create the agreements (all or none); a redirect on success, None with the errors put on the forms.

        A ceremony form posted again after it was recorded (a second click, Back and submit) records nothing
        more: its ``submission`` value is claimed in the shared cache (an atomic add, across servers) before
        the agreements are written, and released when they are not.
        """
        shared = dict(form.cleaned_data)
        claim = self._claim_submission(request, shared.pop("submission", ""))
        if claim is not None and not cache.add(claim, CEREMONY_PENDING, timeout=CEREMONY_SUBMISSION_SECONDS):
            recorded = cache.get(claim)
            if recorded is not None:
                return self._already_recorded(recorded, request)
            # Not claimed and nothing there: the cache is down (dnqp/core/resilient_cache.py). The ceremony is
            # recorded all the same; only the guard against a second post is off until the cache returns.
        pair_forms = formset.pair_forms()
        try:
            agreements = agreements_sign_ceremony(
                command_pairs=[pair_form.as_pair() for pair_form in pair_forms],
                may_record=lambda command: command_in_scope(request.user, command),
                **shared,
            )
        except (CeremonyError, ValidationError, IntegrityError) as exc:
            if claim is not None:
                cache.delete(claim)  # nothing was recorded: the corrected form may be posted again
            if isinstance(exc, CeremonyError):
                for index, error in exc.row_errors.items():
                    self._add_row_error(pair_forms[index], error)
            elif isinstance(exc, ValidationError):
                form.add_error(None, exc)
            else:
                form.add_error(None, _("The agreements could not be saved; nothing was recorded. Check the rows."))
            return None
        if claim is not None:
            cache.set(claim, [agreement.pk for agreement in agreements], timeout=CEREMONY_SUBMISSION_SECONDS)
        for agreement in agreements:
            self.log_addition(request, agreement, [{"added": {}}])
        count = len(agreements)
        message = ngettext(
            "%(count)d agreement recorded for the ceremony.",
            "%(count)d agreements recorded for the ceremony.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        return self._to_agreements([agreement.pk for agreement in agreements])

    @staticmethod
    def _claim_submission(request, submission: str) -> str | None:
        """The cache key that claims this ceremony form's submission for its user (None: a form without one)."""
        return f"dnqp:ceremony:{request.user.pk}:{submission}" if submission else None

    def _already_recorded(self, recorded, request):
        """The answer to a ceremony form posted again: its agreements (or the list, while the first post runs)."""
        self.message_user(
            request,
            _("This ceremony form was already submitted; nothing was recorded again."),
            messages.WARNING,
        )
        return self._to_agreements(recorded if isinstance(recorded, list) else [])

    @staticmethod
    def _to_agreements(ids: list[int]):
        url = reverse("admin:partnerships_agreement_changelist")
        return HttpResponseRedirect(url + ("?id__in=" + ",".join(map(str, ids)) if ids else ""))

    @staticmethod
    def _add_row_error(form, error: ValidationError) -> None:
        for field, messages_ in error.update_error_dict({}).items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target, message)

    def lookup_allowed(self, lookup, value, request=None):
        # The ceremony redirects to the changelist filtered on the new agreements (?id__in=…): ids only, each
        # within the id column (a longer number crashed SQLite; a refused lookup is Django's 400).
        if lookup == "id__in":
            ids = str(value).split(",")
            return all(i.isdigit() and int(i) < 2**63 for i in ids)
        return super().lookup_allowed(lookup, value, request)
