"""The parameters of the reports, validated the same way for pages and the API."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.choices import COUNTRY_CODES

BY_CHOICES = [("recorded", _("As recorded")), ("current", _("By current organisation"))]


DATE_ERRORS = {"invalid": _("Write the date as dd/mm/yyyy (or yyyy-mm-dd).")}


class YearlyReportParams(forms.Form):
    """``year``, ``year_to`` (or ``date_from`` and ``date_to``), ``command``, ``country``, ``by`` of the yearly
    summary (docs/REPORTS.md)."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "required": _("Give the year of the report."),
            "invalid": _("The year must be a whole number, e.g. 2022."),
            "min_value": _("The year must be between 1900 and 2100."),
            "max_value": _("The year must be between 1900 and 2100."),
        },
    )
    year_to = forms.IntegerField(
        label=_("To year"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("The last year must be a whole number, e.g. 2031."),
            "min_value": _("The year must be between 1900 and 2100."),
            "max_value": _("The year must be between 1900 and 2100."),
        },
    )
    date_from = forms.DateField(
        label=_("From"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    date_to = forms.DateField(
        label=_("To (cut-off date)"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages=DATE_ERRORS
    )
    command = forms.IntegerField(
        label=_("Command"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("The command must be given by its number (id)."),
            "min_value": _("The command must be given by its number (id)."),
        },
    )
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    by = forms.ChoiceField(
        label=_("Count"),
        required=False,
        choices=BY_CHOICES,
        error_messages={"invalid_choice": _("Choose “recorded” or “current”.")},
    )

    def clean_country(self):
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if country and country not in COUNTRY_CODES:
            raise forms.ValidationError(_("Unknown country code: use a two-letter ISO code such as KH or LA."))
        return country or None

    def clean_by(self):
        return self.cleaned_data.get("by") or "recorded"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from or date_to or self.errors.get("date_from") or self.errors.get("date_to"):
            # Exactly those days, in place of the years.
            if date_from and not date_to and "date_to" not in self.errors:
                self.add_error("date_to", _("Give the last day of the period as well."))
            elif date_to and not date_from and "date_from" not in self.errors:
                self.add_error("date_from", _("Give the first day of the period as well."))
            elif date_from and date_to:
                if date_to < date_from:
                    self.add_error("date_to", _("The last day cannot be before the first day."))
                elif date_to.year > date_from.year + 50:
                    self.add_error("date_to", _("A report covers at most 50 years."))
                else:
                    cleaned["year"], cleaned["year_to"] = None, None
            return cleaned
        if cleaned.get("year") is None and "year" not in self.errors:
            self.add_error("year", _("Give the year of the report."))
        year, year_to = cleaned.get("year"), cleaned.get("year_to")
        if year is not None and year_to is not None:
            if year_to < year:
                self.add_error("year_to", _("The last year cannot be before the first year."))
            elif year_to > year + 50:
                self.add_error("year_to", _("A report covers at most 50 years."))
        return cleaned


class BorderMeetingsParams(forms.Form):
    """``year`` and ``command`` of the border-meetings report."""

    year = copy.deepcopy(YearlyReportParams.base_fields["year"])
    year.required = True  # the yearly summary may take dates instead; this report is one year
    command = copy.deepcopy(YearlyReportParams.base_fields["command"])
