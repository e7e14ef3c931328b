"""Report pages: the dashboard, the yearly summary (screen, print, CSV/XLSX) and the border-meetings report.

The figures come from ``dnqp.reports`` only (the same functions as the API); these views validate the
parameters, pick the scope among the user's visible commands and render.
"""

import calendar
import contextlib
import datetime
import functools
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.access import scoping
from dnqp.reports.border_meetings import border_meetings_report, export_border_meetings
from dnqp.reports.dashboard import LIST_LIMIT, dashboard_data
from dnqp.reports.official_document import export_official_document
from dnqp.reports.params import (
    PERIOD_PRESETS,
    BorderMeetingsParams,
    OfficialDocumentParams,
    YearlyReportParams,
    period_preset,
    preset_bounds,
)
from dnqp.reports.yearly import export_yearly_report, yearly_report
from dnqp.web.lists import EXPORT_FORMATS, UnitSelect, unit_choices
from events.choices import Category, Direction, EventStatus
from partnerships.choices import COUNTRY_CHOICES, CommandLevel

# The status the reports count (revision 2: done, not scheduled): the lists behind a figure filter on it.
COUNTED = [EventStatus.COMPLETED.value]
# The dashboard lists this many pairs behind on border meetings; the border-meetings report has them all.
BEHIND_LIMIT = LIST_LIMIT  # the pairs behind on border meetings listed (dashboard_data keeps no more)
LIST_URL_NAMES = ("agreement-list", "delegation-list", "activity-list", "expenditure-list", "partner-unit-list")
CATEGORY_LABELS = dict(Category.choices)  # labels translated when shown
COUNTRY_NAMES = dict(COUNTRY_CHOICES)


# The scope pickers leave out the lowest levels of a wide scope: a region's analyst is offered the region,
# its provinces and districts (~110 commands, not its ~550 communes); an administrator the regions, provinces
# and units. A deeper scope stays reachable through ?command= (profile pages link to it) and is then offered.
HIDDEN_LEVELS = {
    "all": [CommandLevel.DISTRICT, CommandLevel.COMMUNE],
    CommandLevel.MILITARY_REGION: [CommandLevel.COMMUNE],
}


def scope_choices(user, selected=None):
    """``(id, code, name)`` of the commands the scope picker offers ``user``, in the official order (one query)."""
    root = scoping.scope_root(user)
    hidden = HIDDEN_LEVELS.get("all" if root == scoping.ALL else getattr(root, "level", None), [])
    shown = ~Q(level__in=hidden)
    with contextlib.suppress(TypeError, ValueError):  # the chosen scope, when it is a deeper one
        shown |= Q(pk=int(selected))
    return scoping.visible_commands(user).filter(shown).order_by("sort_order", "code").values_list("pk", "code", "name")


def scope_widget(form, user, empty_label):
    """Turn the ``command`` number field into a select of the scopes offered to the user (:func:`scope_choices`)."""
    selected = form.data.get("command") if form.is_bound else None
    # Choices are worked out when the select is rendered (one query).
    form.fields["command"].widget = UnitSelect(
        choices=functools.cache(lambda: unit_choices(scope_choices(user, selected), empty_label))
    )


class DashboardParams(forms.Form):
    """The dashboard's year (default: this year) and scope (default: the user's own command)."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    command = forms.IntegerField(label=_("Scope"), min_value=1, required=False)


def list_query(**params) -> str:
    """The query string of the list behind a figure (lists of values repeat the key; empty values left out)."""
    return urlencode({key: value for key, value in params.items() if value not in (None, "", [])}, doseq=True)


def partner_units_query(data: dict, **extra) -> str:
    """The partner units with an agreement in force in the dashboard's year, of its scope (and ``extra``)."""
    return list_query(agreement_in_force_year=data["year"], agreement_command=data["scope"]["command"], **extra)


def dashboard_links(data: dict) -> dict:
    """The list behind every figure of the dashboard, filters in the query string: each opens exactly the
    records the figure counts (partner units are counted, so the partner-units card opens partner units)."""
    year = data["year"]
    scope = data["scope"]["command"]
    base = {"command": scope}
    links = {
        "agreements_in_force": ("agreement-list", list_query(in_force_year=year, **base)),
        "partners_total": ("partner-unit-list", partner_units_query(data)),
        "partners_twinned": ("partner-unit-list", partner_units_query(data, agreement_kind="twinning")),
        "agreements_signed": ("agreement-list", list_query(signed_year=year, **base)),
        "delegations_inbound": (
            "delegation-list",
            list_query(year=year, direction=Direction.INBOUND.value, status=COUNTED, **base),
        ),
        "delegations_outbound": (
            "delegation-list",
            list_query(year=year, direction=Direction.OUTBOUND.value, status=COUNTED, **base),
        ),
        "activities": ("activity-list", list_query(year=year, status=COUNTED, **base)),
        "expenditure_vnd": ("expenditure-list", list_query(year=year, **base)),
    }
    links["delegations_inbound_members"] = links["delegations_inbound"]
    links["delegations_outbound_members"] = links["delegations_outbound"]
    return links


def chart_links(data: dict, urls: dict) -> dict:
    """Per chart point, the URL of the list behind it (read by static/js/dashboard.js on click)."""
    year = data["year"]
    scope = data["scope"]["command"]
    months = []
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        window = {"start_after": f"{year}-{month:02d}-01", "start_before": f"{year}-{month:02d}-{last:02d}"}
        months.append(
            {
                direction: urls["delegation-list"]
                + "?"
                + list_query(direction=direction, status=COUNTED, command=scope, **window)
                for direction in (Direction.INBOUND.value, Direction.OUTBOUND.value)
            }
        )
    categories = [
        urls["expenditure-list"] + "?" + list_query(year=year, category=item["category"], command=scope)
        for item in data["charts"]["support_by_category"]
    ]
    trend = [
        {
            "delegations": urls["delegation-list"] + "?" + list_query(year=y, status=COUNTED, command=scope),
            "support": urls["expenditure-list"] + "?" + list_query(year=y, command=scope),
        }
        for y in data["charts"]["trend"]["years"]
    ]
    countries = [
        urls["partner-unit-list"] + "?" + partner_units_query(data, country=item["country"])
        for item in data["charts"]["partners_by_country"]
    ]
    return {"months": months, "categories": categories, "trend": trend, "countries": countries}


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "pages/dashboard.html"

    def get(self, request, *args, **kwargs):
        params = request.GET.copy()
        if not params.get("year"):
            params["year"] = str(timezone.localdate().year)  # the year shown is the year in the box
        form = DashboardParams(params)
        scope_widget(form, request.user, _("My whole scope"))
        context = {"form": form, "title": _("Dashboard")}
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        year = form.cleaned_data["year"] or timezone.localdate().year
        command = form.cleaned_data["command"]
        try:
            data = dashboard_data(user=request.user, year=year, command=command)
        except Http404:
            if command is not None:
                raise  # another scope's command: 404, like every scoped record
            # The user has no command and no administrator role: explain instead of a bare 404.
            context["no_scope"] = True
            return self.render_to_response(context)
        urls = {name: reverse(name) for name in LIST_URL_NAMES}
        links = {key: f"{urls[name]}?{query}" for key, (name, query) in dashboard_links(data).items()}
        chart = {
            "labels": {
                "months": [f"{m:02d}" for m in data["charts"]["delegations_per_month"]["months"]],
                "inbound": str(Direction.INBOUND.label),
                "outbound": str(Direction.OUTBOUND.label),
                "delegations": str(_("Delegations")),
                "support": str(_("Support (VND)")),
            },
            "per_month": data["charts"]["delegations_per_month"],
            "categories": data["charts"]["support_by_category"],
            "trend": data["charts"]["trend"],
            "countries": data["charts"]["partners_by_country"],
            "links": chart_links(data, urls),
        }
        context.update(
            data=data,
            has_figures=True,
            cards=data["cards"],
            links=links,
            # Results against the year's plan, each "done" opening the records it counts.
            plan=[{**p, "url": links[p["metric"]], "money": p["metric"] == "expenditure_vnd"} for p in data["plan"]],
            chart=chart,
            year=year,
            scope=data["scope"],
            behind=[
                {
                    **row,
                    "url": urls["activity-list"]
                    + "?"
                    + list_query(
                        kind="border_meeting",
                        command=row["command"],
                        partner_unit=row["partner_unit"],
                        year=year,
                        status=COUNTED,
                    ),
                }
                for row in data["behind_border_meetings"]
            ],
            behind_more=data["behind_border_meetings_more"],
            category_labels=CATEGORY_LABELS,
            # The tables beside the charts: each row links to the list behind it, as a click on the chart does.
            category_rows=list(zip(chart["categories"], chart["links"]["categories"], strict=True)),
            country_rows=list(zip(chart["countries"], chart["links"]["countries"], strict=True)),
        )
        return self.render_to_response(context)


# --- yearly summary ------------------------------------------------------------------------
DOCX = "docx"  # the official report document (dnqp/reports/official_document.py)
YEARLY_FORMATS = (*EXPORT_FORMATS, DOCX)
# Parameters a preset link leaves out: the period it replaces, the download, the document form's fields.
NOT_IN_PRESET_LINKS = ("format", "year_to", "date_from", "date_to", *OfficialDocumentParams.base_fields)


def period_presets(request, report: dict) -> list[dict]:
    """The quick links of the page: each quarter, the first 6 and 9 months and the whole of the report's (first)
    year, with the page's other parameters (scope, country, count) kept."""
    year = report["year"]
    start, end = (datetime.date.fromisoformat(report[key]) for key in ("date_from", "date_to"))
    chosen = period_preset(start, end)
    links = []
    for key, label, *_days in PERIOD_PRESETS:
        first, last = preset_bounds(key, year)
        query = request.GET.copy()
        for name in NOT_IN_PRESET_LINKS:
            query.pop(name, None)
        query["year"] = str(year)
        query["date_from"], query["date_to"] = first.isoformat(), last.isoformat()
        links.append({"key": key, "label": label, "url": "?" + query.urlencode(), "active": key == chosen})
    return links


class YearlyReportView(LoginRequiredMixin, TemplateView):
    """The yearly summary: form, table and totals; ``?format=csv|xlsx`` downloads the same figures, ``?format=docx``
    the official report document (with the document form's fields: :class:`OfficialDocumentParams`)."""

    template_name = "pages/yearly_report.html"
    print_view = False

    def get_form(self, *, for_page=True):
        data = self.request.GET.copy()
        data.pop("format", None)
        if not data:
            data["year"] = str(timezone.localdate().year)
        form = YearlyReportParams(data)
        if not for_page:  # a download needs no widgets (and so not the query of the scope select)
            return form
        scope_widget(form, self.request.user, _("My whole scope"))
        form.fields["country"].widget = UnitSelect(choices=lambda: [("", _("All countries")), *COUNTRY_CHOICES])
        form.fields["by"].widget = forms.RadioSelect(choices=form.fields["by"].choices)
        if not data.get("by"):
            form.data = form.data.copy()
            form.data["by"] = "recorded"
        return form

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("format")
        # The document form's errors are shown on the page: its widgets are needed then (they run no query
        # unless rendered).
        form = self.get_form(for_page=file_format in (None, "", DOCX))
        if file_format and file_format not in YEARLY_FORMATS:
            return HttpResponseBadRequest(
                _("Unknown export format: choose csv, xlsx or docx."), content_type="text/plain"
            )
        document = OfficialDocumentParams(request.GET if file_format == DOCX else None)
        context = {
            "form": form,
            "document_form": document,
            "title": _("Yearly summary"),
            "printed_on": timezone.localtime(),
        }
        if not form.is_valid():
            if file_format:
                return HttpResponseBadRequest(_("The report parameters are not valid."), content_type="text/plain")
            return self.render_to_response(context, status=400)
        document_ok = file_format != DOCX or document.is_valid()
        params = form.cleaned_data
        try:
            report = yearly_report(
                user=request.user,
                year=params["year"],
                year_to=params["year_to"],
                date_from=params["date_from"],
                date_to=params["date_to"],
                command=params["command"],
                country=params["country"],
                by=params["by"],
            )
        except Http404:
            if params["command"] is not None or file_format:
                raise  # another scope's command: 404, like every scoped record
            context["no_scope"] = True  # a user with no command: explain instead of a bare 404
            return self.render_to_response(context)
        if file_format == DOCX and document_ok:
            return export_official_document(
                report=report, params=document.cleaned_data, user=request.user, filters=params
            )
        if file_format and file_format != DOCX:
            return export_yearly_report(report=report, fmt=file_format, user=request.user, filters=params)
        # The report's support by category holds the categories with support only, in the order of the choices.
        context.update(
            report=report,
            category_labels=CATEGORY_LABELS,
            country_name=COUNTRY_NAMES,
            period_from=datetime.date.fromisoformat(report["date_from"]),
            period_to=datetime.date.fromisoformat(report["date_to"]),
            # The figures run to the period's last day, or to today while the period still runs.
            cutoff=min(datetime.date.fromisoformat(report["date_to"]), timezone.localdate()),
            presets=period_presets(request, report),
        )
        # A document form with errors: the page again, the errors at the form (never a file, never a 500).
        return self.render_to_response(context, status=200 if document_ok else 400)


class YearlyReportPrintView(YearlyReportView):
    """The same summary laid out for A4 paper: no navigation, title, scope, period, table, date printed."""

    template_name = "pages/yearly_report_print.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format"):
            return HttpResponseBadRequest(_("The print view has no downloads."), content_type="text/plain")
        return super().get(request, *args, **kwargs)


# --- border meetings -----------------------------------------------------------------------


class BorderMeetingsView(LoginRequiredMixin, TemplateView):
    template_name = "pages/border_meetings_report.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        data.pop("format", None)
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        form = BorderMeetingsParams(data)
        file_format = request.GET.get("format")
        if not file_format:
            scope_widget(form, request.user, _("My whole scope"))
        if file_format and file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format: choose csv or xlsx."), content_type="text/plain")
        context = {"form": form, "title": _("Border meetings")}
        if not form.is_valid():
            if file_format:
                return HttpResponseBadRequest(_("The report parameters are not valid."), content_type="text/plain")
            return self.render_to_response(context, status=400)
        params = form.cleaned_data
        today = timezone.localdate()  # the day the periods' statuses are measured on, shown above the table
        try:
            report = border_meetings_report(
                user=request.user, year=params["year"], command=params["command"], today=today
            )
        except Http404:
            if params["command"] is not None or file_format:
                raise
            context["no_scope"] = True
            return self.render_to_response(context)
        if file_format:
            return export_border_meetings(report=report, fmt=file_format, user=request.user, filters=params)
        context.update(report=report, today=today, levels=dict(CommandLevel.choices))
        return self.render_to_response(context)
