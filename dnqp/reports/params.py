"""The parameters of the reports, validated the same way for pages and the API."""

import copy
import datetime
import re

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


# --- period presets of the yearly summary --------------------------------------------------------------------
# (key, label, first day (month, day), last day (month, day)) of a period within one calendar year.
PERIOD_PRESETS = (
    ("q1", _("Quarter I"), (1, 1), (3, 31)),
    ("q2", _("Quarter II"), (4, 1), (6, 30)),
    ("q3", _("Quarter III"), (7, 1), (9, 30)),
    ("q4", _("Quarter IV"), (10, 1), (12, 31)),
    ("h1", _("First 6 months"), (1, 1), (6, 30)),
    ("m9", _("First 9 months"), (1, 1), (9, 30)),
    ("year", _("Whole year"), (1, 1), (12, 31)),
)


def preset_bounds(key: str, year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of preset ``key`` (:data:`PERIOD_PRESETS`) in ``year``."""
    for name, _label, (m1, d1), (m2, d2) in PERIOD_PRESETS:
        if name == key:
            return datetime.date(year, m1, d1), datetime.date(year, m2, d2)
    raise KeyError(key)


def period_preset(start: datetime.date, end: datetime.date) -> str | None:
    """The key of the preset whose days are exactly ``start`` to ``end``, or None."""
    if start.year != end.year:
        return None
    for key, *_rest in PERIOD_PRESETS:
        if preset_bounds(key, start.year) == (start, end):
            return key
    return None


# --- the official report document (format=docx) --------------------------------------------------------------
# One line of text: no control characters and no line break, nor the code points XML refuses (a Word file is XML).
ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A number and symbol as Decree 30/2020/NĐ-CP writes it: "125/BC-BCH" (letters, digits, "/", "-", ".", "…").
DOCUMENT_NUMBER = re.compile(r"^[\w…./\-–]+$")
MAX_RECIPIENTS = 30
TRUE_VALUES = frozenset({"1", "true", "on", "yes"})
FALSE_VALUES = frozenset({"", "0", "false", "off", "no"})


class FlagInput(forms.CheckboxInput):
    """A checkbox whose submitted value reaches the field unconverted, so that a bad value can be refused."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value is True or str(value).lower() in TRUE_VALUES)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """Yes or no: ``1``, ``true``, ``on``, ``yes`` (a ticked box) or ``0``, ``false``, ``off``, ``no``, nothing."""

    widget = FlagInput
    default_error_messages = {"invalid": _("Write 1 (or on) to mark the document, 0 or nothing otherwise.")}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def validate(self, value):
        """Not ticked is an answer too (``required`` would refuse it)."""


def one_line(value: str) -> str:
    """``value`` stripped; a control character or line break → error."""
    value = (value or "").strip()
    if ONE_LINE.search(value):
        raise forms.ValidationError(_("Write this on one line, without special characters."), code="one_line")
    return value


class OfficialDocumentParams(forms.Form):
    """What the official report document (``format=docx`` of the yearly summary) takes besides the report's
    parameters: place, number and date, recipients, signer and the security marking (docs/REPORTS.md
    "The official report document"). Every field may be left empty (defaults in
    ``dnqp.reports.official_document``)."""

    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=100,
        help_text=_("Empty: the province of the command."),
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    number = forms.CharField(
        label=_("Number and symbol"),
        required=False,
        max_length=50,
        help_text=_("E.g. 125/BC-BCH. Empty: …/BC-… to fill in by hand."),
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    issued_on = forms.DateField(
        label=_("Date of the document"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Empty: today."),
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; “Lưu: VT.” is added. Empty: the superior command."),
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        required=False,
        max_length=120,
        help_text=_("E.g. CHỈ HUY TRƯỞNG, or KT. CHỈ HUY TRƯỞNG / PHÓ CHỈ HUY TRƯỞNG on two lines with “/”."),
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    signer_name = forms.CharField(
        label=_("Signer's name"),
        required=False,
        max_length=120,
        help_text=_("Empty: a line to write the name by hand."),
        error_messages={"max_length": _("At most %(limit_value)d characters.")},
    )
    secret = FlagField(label=_("Mark “MẬT” (secret)"), required=False)

    def clean_place(self):
        return one_line(self.cleaned_data.get("place"))

    def clean_signer_title(self):
        return one_line(self.cleaned_data.get("signer_title"))

    def clean_signer_name(self):
        return one_line(self.cleaned_data.get("signer_name"))

    def clean_number(self):
        number = one_line(self.cleaned_data.get("number"))
        if number and not DOCUMENT_NUMBER.match(number):
            raise forms.ValidationError(
                _("Write the number as on the document, e.g. 125/BC-BCH: letters, digits, “/”, “-” and “.” only."),
                code="number",
            )
        return number

    def clean_recipients(self):
        """One recipient per line, without the "-" in front or the ";" or "." after (the document adds them)."""
        lines = []
        for line in (self.cleaned_data.get("recipients") or "").replace("\r\n", "\n").split("\n"):
            line = one_line(line.replace("\t", " ")).lstrip("-–+•* ").rstrip(";.,").strip()
            if line:
                lines.append(line)
        if len(lines) > MAX_RECIPIENTS:
            raise forms.ValidationError(
                _("At most %(limit)d recipients, one per line.") % {"limit": MAX_RECIPIENTS}, code="too_many"
            )
        return lines
