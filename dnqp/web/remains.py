"""The remains-search page: one dry season (October to May) of one command's scope (dnqp/reports/remains.py)."""

import copy

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.reports.params import YearlyReportParams
from dnqp.reports.remains import remains_season, season_of
from dnqp.web.report_views import scope_widget


class SeasonParams(forms.Form):
    season = forms.IntegerField(
        label=_("Dry season starting in"),
        min_value=1900,
        max_value=2100,
        help_text=_("A season runs from 1 October to 31 May of the next year."),
        error_messages={
            "min_value": _("Enter a year between 1900 and 2100."),
            "max_value": _("Enter a year between 1900 and 2100."),
        },
    )
    command = copy.deepcopy(YearlyReportParams.base_fields["command"])


class RemainsSeasonView(LoginRequiredMixin, TemplateView):
    template_name = "pages/remains_report.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        if not data.get("season"):
            data["season"] = str(season_of(timezone.localdate()))
        form = SeasonParams(data)
        scope_widget(form, request.user, _("My whole scope"))
        context = {"form": form, "title": _("Remains search by dry season")}
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        try:
            report = remains_season(
                user=request.user, season=form.cleaned_data["season"], command=form.cleaned_data["command"]
            )
        except Http404:
            if form.cleaned_data["command"] is not None:
                raise
            context["no_scope"] = True
            return self.render_to_response(context)
        season = report["season"]
        context.update(report=report, previous=season - 1, next=season + 1)
        return self.render_to_response(context)
