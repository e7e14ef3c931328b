"""Spreadsheet import and export shared by every resource (django-import-export 4).

Columns: every resource is built from the column spec of ``dnqp.spreadsheets.columns`` (the same headers and
values as the page exports), so a file exported from a page or from the admin imports back unchanged.
Exports write units by code, choices by value, dates as dates (ISO in CSV), links to other records by
ID, and every record's own ID.

What imports accept beyond that (spreadsheets kept by hand):

- Headers as exported, as the admin labels the fields (Vietnamese or English), the model field names
  (``signed_on``), or common Vietnamese words (``aliases`` of each resource); case, diacritics, spacing
  and a trailing "*" or ":" do not matter.
- A title row (or several, up to five) above the header row: the header row is the first row that names
  at least two known columns. Row numbers in messages are the rows the user sees in the spreadsheet (a
  header in row 3 makes the first record row 4).
- Dates as dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy, ISO yyyy-mm-dd and real spreadsheet dates).
- Whole numbers with "." or "," thousands separators ("1.234.567", "1.234.567 ₫"); decimals with a
  decimal comma ("23.500,5") or point ("23500.5"); a lone "." followed by three digits is a thousands
  separator ("1.500" is 1500).
- Choices by value, by label in either language, or by a common Vietnamese word ("Kết nghĩa", "Đoàn vào").
- Units by code, never by database id; several partner units as codes joined by ";".
- An agreement by its ID, or by its document number alone: looked up among the agreements of the row's
  command first; a number that several agreements share must be given with its ID ("45/KH-BCH #12").
- Records (agreements, delegations, activities, support) carry an "ID" column: exports write it so that a
  re-import updates the same records; an ID that does not exist is refused (leave it empty to add a
  record). A file without IDs (a spreadsheet kept by hand) is matched by each record type's natural key
  (``natural_key`` on the resource), so importing the same file twice updates instead of duplicating.

All or nothing: every import runs in one transaction that is rolled back if any row is invalid, and
the admin confirms an import only when the preview found no error.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import dataclasses
import datetime
import io
import itertools
import re
import zipfile
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import DatabaseError, IntegrityError, connections, models, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.db.models.functions import Upper
from django.http import Http404, HttpResponseRedirect
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import exceptions as ie_exceptions
from import_export import fields as ie_fields
from import_export import resources, results, widgets
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm, ImportForm
from python_calamine import CalamineWorkbook
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from dnqp.access import scoping
from dnqp.core import cache as figures_cache
from dnqp.core.text import fold
from dnqp.core.versioning import EditConflict, VersionedModel, claim_version, refusal_error
from dnqp.spreadsheets import columns
from dnqp.spreadsheets.exports import export_response, log_export, restore_text
from events import summary
from partnerships.models import Agreement, Person

LANGUAGES = ("vi", "en")
MAX_TITLE_ROWS = 5
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
# Delegations, activities and support are read, looked up and written this many rows at a time: a query per
# kind of lookup and per kind of write for each batch, never one per row (DnqpResource.bulk_writes).
BATCH_ROWS = 1000
PREVIEW_ROWS = 100  # rows the admin's preview shows with their values (every row is still read and checked)
MAX_ROW_ERRORS = 1000  # refused rows kept with their values and reasons; beyond, only counted
NOT_LOOKED_UP = object()  # a row whose natural key was not read in advance
MAX_ID = 2**63 - 1  # a larger "ID" names no record (and the database would refuse to compare it)


OUTSIDE_SCOPE = _("Outside your scope: you may import only records of your command and its sub-commands.")


class ImportRefused(Exception):
    """The whole file is refused (no header row, unknown columns, no right to import): nothing is read."""


def header_key(text) -> str:
    """The form headers are compared in: folded, single-spaced, without a trailing "*" or ":"."""
    text = fold(str(text or "").replace("\ufeff", ""))
    text = re.sub(r"\s+", " ", text).strip().rstrip("*:").strip()
    return text


def in_languages(text) -> set[str]:
    """``text`` (a lazy translation) in every language of the site."""
    out = set()
    for lang in LANGUAGES:
        with translation.override(lang):
            out.add(str(text))
    return out


# --- Values --------------------------------------------------------------------------------------


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value) -> datetime.date | None:
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))  # a date cell read as its serial number
    text = str(value).strip()
    text = re.sub(r"[ T]00:00(:00)?$", "", text)  # a date written with a midnight time
    for usual in _USUAL_DATES:  # the usual forms without strptime (several times slower)
        if match := usual.fullmatch(text):
            with contextlib.suppress(ValueError):
                return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text})


# dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd, as DATE_INPUT_FORMATS read them (one or two digits).
_USUAL_DATES = (
    re.compile(r"(?P<day>\d{1,2})(?P<mark>[/.-])(?P<month>\d{1,2})(?P=mark)(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
)
_CURRENCY_MARKS = re.compile(r"(₫|vnđ|vnd|đồng|đ)$", re.IGNORECASE)


def _number_text(value) -> str:
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    return _CURRENCY_MARKS.sub("", text)


def parse_integer(value) -> int | None:
    """A whole number; "." and "," are thousands separators ("1.234.567")."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if value == int(value):
            return int(value)
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    text = _number_text(value)
    if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"-?\d+([.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})


def parse_decimal(value) -> Decimal | None:
    """A decimal number written the Vietnamese way ("23.500,5") or the English way ("23500.5")."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _number_text(value)
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        text = text.replace(",", "").replace(".", "")  # only thousands separators: "1.500" is 1500
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None


# --- Widgets -------------------------------------------------------------------------------------


class DateWidget(widgets.Widget):
    """dd/mm/yyyy both ways (the way Vietnamese spreadsheets write dates)."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return value if kwargs.get("force_native_type") else value.isoformat()


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_integer(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_decimal(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return Decimal(value) if kwargs.get("force_native_type") else str(value)


class TextWidget(widgets.Widget):
    """Text, trimmed; a number cell ("12") comes back as "12", not "12.0"."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.strftime("%d/%m/%Y")
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NamesWidget(widgets.Widget):
    """A list of names in one cell, joined with ";" (a partner unit's other spellings); empty: none."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return []
        return list(dict.fromkeys(name.strip() for name in str(value).split(columns.MANY_SEPARATOR) if name.strip()))

    def render(self, value, obj=None, **kwargs):
        return columns.normalise(value or [])


class NullableCodeWidget(TextWidget):
    """An optional ISO code stored as NULL when empty (currency)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper() or None


class UpperTextWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value).upper()


class BooleanWidget(widgets.Widget):
    TRUE = {"co", "x", "1", "true", "yes", "y", "dung"}
    FALSE = {"khong", "0", "false", "no", "n", "sai", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        key = header_key(value if value is not None else "")
        if key in self.TRUE:
            return True
        if key in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no: write “Có” or “Không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return int(value) if kwargs.get("force_native_type") else str(int(value))


class ChoiceWidget(widgets.Widget):
    """A choice by its value ("twinning") or its label in any language ("Kết nghĩa", "Twinning")."""

    def __init__(self, choices, blank=False, render_label=False, aliases=None):
        super().__init__()
        self.choices = list(choices)
        self.blank = blank
        self.render_label = render_label
        self.aliases = aliases or {}
        self._table = None
        self._found: dict = {}  # cell as written → choice (a column repeats a few words thousands of times)

    def lookup(self) -> dict[str, str]:
        if self._table is None:
            table = {}
            for value, label in self.choices:
                table[header_key(value)] = value
                for text in in_languages(label):
                    table.setdefault(header_key(text), value)
            for text, value in self.aliases.items():
                table.setdefault(header_key(text), value)
            self._table = table
        return self._table

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return "" if self.blank else None
        found = self._found.get(value) if isinstance(value, str) else None
        if found is None:
            found = self.lookup().get(header_key(value))
            if found is not None and isinstance(value, str):
                self._found[value] = found
        if found is None:
            shown = (
                self.choices if len(self.choices) <= 20 else [(v, v) for v, _label in self.choices[:20]] + [("", "…")]
            )
            allowed = "; ".join(str(label) for _value, label in shown)
            raise ValueError(
                _("“%(value)s” is not one of the choices: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return str(dict(self.choices).get(value, value)) if self.render_label else value


class UnitCodeWidget(widgets.Widget):
    """A command or partner unit by its ``code`` (exact, then case-insensitive)."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self._cache = {}
        self._absent = set()  # codes :meth:`prepare` looked up and did not find

    def prepare(self, values) -> None:
        """Look up the codes of a batch of rows in one query, as :meth:`find` would one by one.

        Only for files that create no unit (records): a code missing now stays missing for the whole file.
        """
        codes = {TextWidget().clean(value) for value in values if not is_empty(value)}
        wanted = {code for code in codes if code and code not in self._cache and code not in self._absent}
        if not wanted:
            return
        units = list(
            self.model.objects.annotate(code_upper=Upper("code")).filter(code_upper__in={c.upper() for c in wanted})
        )
        exact = {unit.code: unit for unit in units}
        folded = {}
        for unit in units:  # in the model's order, as .first() would pick
            folded.setdefault(unit.code.upper(), unit)
        for code in wanted:
            unit = exact.get(code) or folded.get(code.upper())
            if unit is not None:
                self._cache[code] = unit
            elif code.isascii():  # the database's UPPER may leave other letters as they are: asked again one by one
                self._absent.add(code)

    def find(self, code: str):
        if code in self._cache:
            return self._cache[code]
        if code in self._absent:
            return None
        found = self.model.objects.filter(code=code).first() or self.model.objects.filter(code__iexact=code).first()
        if found is not None:  # misses are not cached: a unit may be created by an earlier row of the file
            self._cache[code] = found
        return found

    def clean(self, value, row=None, **kwargs):
        code = TextWidget().clean(value)
        if not code:
            return None
        found = self.find(code)
        if found is None:
            raise ValueError(
                _("No %(model)s has the code “%(code)s”.") % {"model": self.model._meta.verbose_name, "code": code}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class UnitCodesWidget(widgets.ManyToManyWidget):
    """Several partner units as codes joined by ";" (a "," or a line break also separates)."""

    def __init__(self, model):
        super().__init__(model, separator=";", field="code")
        self.one = UnitCodeWidget(model)

    @staticmethod
    def codes(value) -> list[str]:
        return [c.strip() for c in re.split(r"[;,\n]", str(value)) if c.strip()]

    def prepare(self, values) -> None:
        self.one.prepare([code for value in values if not is_empty(value) for code in self.codes(value)])

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return []
        codes = self.codes(value)
        found, missing = [], []
        for code in dict.fromkeys(codes):
            unit = self.one.find(code)
            (found if unit is not None else missing).append(unit or code)
        if missing:
            raise ValueError(
                _("No %(model)s has the code “%(code)s”.")
                % {"model": self.model._meta.verbose_name, "code": "”, “".join(missing)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ";".join(unit.code for unit in value.all())


class RecordWidget(widgets.Widget):
    """A record (delegation, activity) by its ID, as exports write it; restricted to the user's scope."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.user = None  # set by the resource: None means a trusted caller (command line)
        self._found: dict[int, models.Model] = {}  # by ID, from prepare()
        self._absent: set[int] = set()

    def queryset(self):
        qs = self.model.objects.all()
        return qs if self.user is None else scoping.scope_records(self.user, qs)

    @staticmethod
    def id_in(value) -> int | None:
        """The ID a cell names ("12", "#12", "45/KH-BCH #12"), or None."""
        text = TextWidget().clean(value)
        with contextlib.suppress(ValueError):
            return parse_integer(text.lstrip("#"))
        match = re.search(r"#\s*(\d+)\s*$", text)
        return int(match.group(1)) if match else None

    def prepare(self, values) -> None:
        """Look up the records a batch of rows names by ID in one query (within the user's scope)."""
        ids = {self.id_in(value) for value in values if not is_empty(value)}
        ids = {pk for pk in ids if pk is not None and 0 < pk <= MAX_ID}
        ids -= self._found.keys() | self._absent
        if ids:
            found = {record.pk: record for record in self.queryset().filter(pk__in=ids)}
            self._found.update(found)
            self._absent.update(ids - found.keys())

    def by_id(self, pk):
        if pk in self._found:
            return self._found[pk]
        if pk in self._absent or not 0 < pk <= MAX_ID:
            return None
        return self.queryset().filter(pk=pk).first()

    def not_found(self, value):
        return ValueError(
            _("No %(model)s “%(value)s” that you may see.") % {"model": self.model._meta.verbose_name, "value": value}
        )

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        try:
            pk = parse_integer(str(value).strip().lstrip("#"))
        except ValueError:
            raise self.not_found(value) from None
        found = self.by_id(pk)
        if found is None:
            raise self.not_found(value)
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.pk if kwargs.get("force_native_type") else str(value.pk)


class AgreementWidget(RecordWidget):
    """An agreement by its ID (as exports write it), "number #ID", or by document number alone: then among
    the agreements of the row's command first, and it must be the only one with that number."""

    def __init__(self, model, command_column="command", command_widget=None):
        super().__init__(model)
        self.command_column = command_column
        self.command_widget = command_widget
        self._by_reference: dict[str, list] = {}  # document number → the agreements that carry it

    @staticmethod
    def names_id(text) -> re.Match | None:
        return re.fullmatch(r"#?\s*(\d+)", text) or re.search(r"#\s*(\d+)\s*$", text)

    def prepare(self, values) -> None:
        super().prepare(values)
        texts = {TextWidget().clean(value) for value in values if not is_empty(value)}
        texts = {text for text in texts if not self.names_id(text) and text not in self._by_reference}
        if texts:
            for text in texts:
                self._by_reference[text] = []
            for agreement in self.queryset().filter(reference__in=texts):
                self._by_reference[agreement.reference].append(agreement)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        text = TextWidget().clean(value)
        match = self.names_id(text)
        if match:
            return super().clean(match.group(1))
        candidates = self._by_reference.get(text)  # in the model's order
        if candidates is None:  # not prepared (an agreement may be created by an earlier row): asked now
            candidates = list(self.queryset().filter(reference=text))
        command = None
        if row is not None and self.command_widget is not None and self.command_column in row:
            try:
                command = self.command_widget.clean(row[self.command_column])
            except ValueError:
                command = None
        if command is not None and any(a.command_id == command.pk for a in candidates):
            candidates = [a for a in candidates if a.command_id == command.pk]
        found = candidates[:2]
        if not found:
            raise self.not_found(text)
        if len(found) > 1:
            raise ValueError(
                _("Several agreements have the number “%(value)s”: write it with its ID, e.g. “%(value)s #%(id)s”.")
                % {"value": text, "id": found[0].pk}
            )
        return found[0]


class PersonWidget(RecordWidget):
    """A person by ID (as exports write it), "name #ID", or by name alone when exactly one person the user may
    see has it (of the side the column asks for: the signatory columns of agreements name one side)."""

    def __init__(self, model, limit_choices_to=None):
        super().__init__(model)
        self.limit_choices_to = limit_choices_to or {}

    def queryset(self):
        qs = self.model.objects.filter(**self.limit_choices_to)
        return qs if self.user is None else scoping.scope_persons(self.user, qs)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        text = TextWidget().clean(value)
        match = re.fullmatch(r"#?\s*(\d+)", text) or re.search(r"#\s*(\d+)\s*$", text)
        if match:
            return super().clean(match.group(1))
        found = list(self.queryset().filter(name=text)[:2]) or list(self.queryset().filter(name__iexact=text)[:2])
        if not found:
            raise self.not_found(text)
        if len(found) > 1:
            raise ValueError(
                _("Several people are named “%(value)s”: write the name with the ID, e.g. “%(value)s #%(id)s”.")
                % {"value": text, "id": found[0].pk}
            )
        return found[0]


# --- Columns -------------------------------------------------------------------------------------


class ResourceField(ie_fields.Field):
    """A resource field that reads nothing many-to-many from a record not saved yet (its __str__ may fail)."""

    def get_value(self, instance):
        if isinstance(self.widget, widgets.ManyToManyWidget) and getattr(instance, "pk", None) is None:
            return None
        return super().get_value(instance)


class ImportResult(results.Result):
    """The library numbers row errors by position among reported rows; DNQP reports the spreadsheet row.

    The table of invalid rows shows what the user wrote in each cell: the library looks the cells up by the
    headers it shows (Vietnamese), the rows are keyed by field names (``columns``, in the headers' order).

    The results of a big file keep what a page can show: the first :data:`PREVIEW_ROWS` rows (of resources
    with ``bulk_writes``), the first :data:`MAX_ROW_ERRORS` refused rows (``unlisted_invalid`` counts the
    others) and the totals of every row.
    """

    columns: list[str] = []

    def __init__(self):
        super().__init__()
        self.unlisted_invalid = 0

    @property
    def unshown_rows(self) -> int:
        """Valid rows read, checked and counted but not listed (beyond the preview's first rows)."""
        valid = sum(self.totals[kind] for kind in results.RowResult.valid_import_types)
        return max(0, valid - len(self.valid_rows()))

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]

    def append_invalid_row(self, number, row, validation_error):
        if len(self.invalid_rows) >= MAX_ROW_ERRORS:
            self.unlisted_invalid += 1
            return
        values = tuple("" if row.get(name) is None else row.get(name) for name in self.columns)
        self.invalid_rows.append(results.InvalidRow(number=number, validation_error=validation_error, values=values))


@dataclasses.dataclass
class PendingWrite:
    """A row's record waiting for the end of its batch to be written (``DnqpResource.write_batch``)."""

    number: int  # the row's position in the dataset (1 = the first record row)
    instance: models.Model
    is_create: bool
    version: int | None  # the version the row read (an update must find the record still at it)
    many: dict = dataclasses.field(default_factory=dict)  # many-to-many field → the units the row names


def field_name(spec) -> str:
    """The model field a column of ``dnqp.spreadsheets.columns`` holds: "command.code" → command."""
    if spec.path == "pk":
        return "id"
    if spec.readonly:
        return spec.path
    head, _dot, tail = spec.path.partition(".")
    if tail == "code":
        return head
    return spec.path[:-3] if spec.path.endswith("_id") else spec.path


def widget_for(model, spec, choice_words=None):
    """The widget of one column of ``dnqp.spreadsheets.columns``: units by code, links by ID, values as written."""
    name = field_name(spec)
    if name == "id":
        return IntegerWidget()
    if spec.readonly:
        return TextWidget()
    field = model._meta.get_field(name)
    if field.is_relation:
        related = field.related_model
        if spec.path.endswith(".code"):
            return UnitCodesWidget(related) if spec.many else UnitCodeWidget(related)
        if related is Person:
            return PersonWidget(related, field.remote_field.limit_choices_to)
        return AgreementWidget(related) if related is Agreement else RecordWidget(related)
    if field.choices:
        return ChoiceWidget(field.choices, blank=field.blank and not field.null, aliases=choice_words)
    if isinstance(field, models.DateField):
        return DateWidget()
    if isinstance(field, models.BooleanField):
        return BooleanWidget()
    if isinstance(field, models.JSONField):
        return NamesWidget()
    if isinstance(field, models.DecimalField):
        return DecimalWidget()
    if isinstance(field, (models.IntegerField, models.BigIntegerField)):
        return IntegerWidget()
    return TextWidget()


def fields_from_columns(model, columns, aliases=None, choice_words=None) -> dict:
    """Resource fields named after the model fields, headed and rendered as ``dnqp.spreadsheets.columns`` says."""
    aliases = aliases or {}
    choice_words = choice_words or {}
    out = {}
    for spec in columns:
        name = field_name(spec)
        widget = widget_for(model, spec, choice_words.get(name))
        field = ResourceField(attribute=name, column_name=name, widget=widget, readonly=spec.readonly or name == "id")
        field.saves_null_values = True
        field.header = spec.header
        try:
            field.label = "ID" if name == "id" else capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a derived column (the agreement's status)
            field.label = spec.header
        field.aliases = tuple(aliases.get(name, ()))
        out[name] = field
    return out


# Words Vietnamese spreadsheets use for the choice values (labels in both languages are accepted too).
STATUS_WORDS = {
    "kế hoạch": "planned",
    "dự kiến": "planned",
    "hoàn thành": "completed",
    "đã thực hiện": "completed",
    "đã hoàn thành": "completed",
    "hủy": "cancelled",
    "huỷ": "cancelled",
    "đã hủy": "cancelled",
    "đã huỷ": "cancelled",
}
COMMAND_LEVEL_WORDS = {
    "quân khu": "military_region",
    "tỉnh": "province",
    "bộ chqs tỉnh": "province",
    "huyện": "district",
    "ban chqs huyện": "district",
    "khu vực": "district",
    "xã": "commune",
    "đơn vị": "unit",
}
PARTNER_LEVEL_WORDS = {
    "quốc gia": "national",
    "trung ương": "national",
    "quân khu": "region",
    "vùng": "region",
    "tiểu khu": "province",
    "tỉnh": "province",
    "chi khu": "district",
    "huyện": "district",
    "xã": "commune",
    "đơn vị": "unit",
}
COUNTRY_WORDS = {"campuchia": "KH", "cam-pu-chia": "KH", "lào": "LA", "việt nam": "VN", "thái lan": "TH"}


# --- Resources -----------------------------------------------------------------------------------


class DnqpResource(resources.ModelResource):
    """Base of every DNQP resource: headers, title rows, row numbers, natural keys, scope, all or nothing.

    Subclasses name their model and ``columns`` (the spec of ``dnqp.spreadsheets.columns``, shared with the page
    exports), and set:

    - ``aliases``: more header spellings per field (folded: "ngay ky"), beyond the header, the field
      name and its label in both languages;
    - ``choice_words``: Vietnamese words accepted for choice values, per field;
    - ``natural_key``: field names that identify a record when the file has no ID (units: ``code``);
    - ``scoped``: True for records placed under a command (checked with ``dnqp.access.scoping``);
    - ``required_columns``: columns a file must have (a file without them is refused as a whole);
    - ``dependency``: for units, ``(key field, [fields naming another row])``: rows are imported parents
      first, whatever their order in the file;
    - ``bulk_writes``: rows are read, looked up and written :data:`BATCH_ROWS` at a time (records: a file
      of them creates no unit and no row names a record created by another row of the file). Units are
      imported row by row: a row may name a parent created by an earlier row.

    Keyword arguments: ``user`` (whose scope and rights apply; None for a trusted caller), ``max_rows``
    (a file with more rows is refused: the admin's limit).
    """

    columns: list = []
    aliases: dict[str, tuple[str, ...]] = {}
    choice_words: dict[str, dict[str, str]] = {}
    natural_key: tuple[str, ...] = ()
    scoped = False
    required_columns: tuple[str, ...] = ()
    dependency: tuple[str, tuple[str, ...]] | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    bulk_writes = False

    class Meta:
        abstract = True
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_result_class(self):
        columns = [field.column_name for field in self.get_import_fields()]
        return type("ImportResult", (ImportResult,), {"columns": columns})

    def __init__(self, user=None, max_rows=None, **kwargs):
        super().__init__(**kwargs)
        self.fields = fields_from_columns(self._meta.model, self.columns, self.aliases, self.choice_words)
        for field in self.fields.values():
            if isinstance(field.widget, AgreementWidget) and "command" in self.fields:
                field.widget.command_widget = self.fields["command"].widget
        self.user = user
        self.max_rows = max_rows
        self.row_numbers: list[int] = []
        self._seen: dict[int, int] = {}
        self._in_scope: dict[int, bool] = {}
        self._current_row = 0
        self._import_fields = None
        self.progress = None
        # While a batch is read (bulk_writes): the records its rows name, and the writes waiting for the batch's end.
        self._batch = False
        self._by_pk: dict[int, models.Model] = {}
        self._asked_pks: set[int] = set()
        self._by_key: dict[tuple, list] = {}
        self._lookups: dict[int, dict | None] = {}  # id(row) → its natural key's values, for the batch's rows
        self._pending: list[PendingWrite] = []
        self._change_reason = ("", "")

    def get_export_order(self):
        return tuple(self.fields)

    def get_import_order(self):
        return tuple(self.fields)

    def get_import_fields(self):
        if self._import_fields is None:  # asked several times per row: the fields never change
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # --- headers ---

    def header_of(self, name) -> str:
        field = self.fields.get(name)
        return str(getattr(field, "header", name)) if field is not None else str(name)

    def header_table(self) -> dict[str, str]:
        """Folded header → field name, from every accepted spelling."""
        table = {}
        # The exported headers first, then field names and labels, then the aliases: an alias never
        # takes over another column's own header.
        for spellings in (
            lambda name, field: [field.header],
            lambda name, field: [name, *sorted(in_languages(field.label))],
            lambda name, field: field.aliases,
        ):
            for name, field in self.fields.items():
                for text in spellings(name, field):
                    table.setdefault(header_key(text), name)
        return table

    def get_export_headers(self, selected_fields=None):
        return [self.header_of(field.column_name) for field in self.get_export_fields(selected_fields)]

    def get_diff_headers(self):
        return [self.header_of(field.column_name) for field in self.get_import_fields()]

    def get_user_visible_fields(self):
        visible = []
        for field in self.get_import_fields():
            shown = ie_fields.Field(attribute=field.attribute, column_name=self.header_of(field.column_name))
            visible.append(shown)
        return visible

    # --- the file ---

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """``progress``: a callable given the number of rows read after each batch (a progress bar)."""
        # All or nothing, whoever calls: one transaction, rolled back on any invalid row.
        kwargs["rollback_on_validation_errors"] = True
        self.progress = kwargs.pop("progress", None)
        if kwargs.get("user") is not None:
            self.user = kwargs["user"]
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs)

    def before_import(self, dataset, **kwargs):
        user = kwargs.get("user") or self.user
        self.user = user
        if user is not None and not scoping.can_write(user, self._meta.model):
            dataset.wipe()
            raise ImportRefused(
                _("You may not import %(model)s.") % {"model": self._meta.model._meta.verbose_name_plural}
            )
        for field in self.fields.values():
            if isinstance(field.widget, RecordWidget):
                field.widget.user = user
        try:
            self.normalize(dataset)
        except ImportRefused:
            dataset.wipe()  # the library would go on reading the rows: there are none
            raise

    def normalize(self, dataset: tablib.Dataset) -> None:
        """Find the header row, rename the headers to field names, drop empty rows, remember row numbers."""
        table = self.header_table()
        rows = [list(dataset.headers or [])] + [list(r) for r in dataset]
        header_at = None
        for index, cells in enumerate(rows[: MAX_TITLE_ROWS + 1]):
            known = sum(1 for cell in cells if not is_empty(cell) and header_key(cell) in table)
            if known >= min(2, len(self.fields)):
                header_at = index
                break
        if header_at is None:
            expected = ", ".join(self.header_of(n) for n in self.get_export_order() if n in self.fields)
            raise ImportRefused(
                _(
                    "No header row found in the first %(count)s rows. The header row names the columns, "
                    "for example: %(expected)s."
                )
                % {"count": MAX_TITLE_ROWS + 1, "expected": expected}
            )
        headers, unknown, seen = [], [], set()
        for position, cell in enumerate(rows[header_at]):
            if is_empty(cell):
                headers.append(f"__blank_{position}")
                continue
            name = table.get(header_key(cell))
            if name is None:
                unknown.append(str(cell).strip())
                headers.append(f"__unknown_{position}")
            elif name in seen:
                raise ImportRefused(_("The column “%(column)s” appears twice.") % {"column": str(cell).strip()})
            else:
                seen.add(name)
                headers.append(name)
        if unknown:
            raise ImportRefused(
                _("Unknown columns: %(unknown)s. Use the columns of the template: %(expected)s.")
                % {
                    "unknown": ", ".join(f"“{u}”" for u in unknown),
                    "expected": ", ".join(self.header_of(n) for n in self.get_export_order() if n in self.fields),
                }
            )
        missing = [self.header_of(n) for n in self.required_columns if n not in seen]
        if missing:
            raise ImportRefused(_("Missing columns: %(missing)s.") % {"missing": ", ".join(missing)})
        width = len(headers)
        records = []
        for index in range(header_at + 1, len(rows)):
            cells = (rows[index] + [None] * width)[:width]
            if any(not is_empty(cells[i]) for i, h in enumerate(headers) if not h.startswith("__")):
                records.append((index + 1, cells))  # spreadsheet rows count from 1, the first one included
        if self.max_rows is not None and (getattr(dataset, "rows_cut", False) or len(records) > self.max_rows):
            raise ImportRefused(
                _(
                    "The file has more than %(max)s rows: an import here takes at most %(max)s rows. Split the "
                    "file, or ask an administrator to import it with the command “manage.py import_file”."
                )
                % {"max": f"{self.max_rows:,}".replace(",", ".")}
            )
        records = self.order_records(headers, records)
        dataset.wipe()
        dataset.headers = headers
        for _number, cells in records:
            dataset.append(cells)
        self.row_numbers = [number for number, _cells in records]

    def order_records(self, headers, records):
        """Rows naming another row of the file (parent, successor) come after it."""
        if not self.dependency or self.dependency[0] not in headers:
            return records
        key_field, ref_fields = self.dependency
        key_at = headers.index(key_field)
        ref_at = [headers.index(f) for f in ref_fields if f in headers]
        keys = {header_key(cells[key_at]) for _n, cells in records if not is_empty(cells[key_at])}
        placed, done, pending = [], set(), list(records)
        while pending:
            progress = []
            for record in pending:
                refs = {header_key(record[1][i]) for i in ref_at if not is_empty(record[1][i])}
                refs = {r for r in refs if r in keys and r != header_key(record[1][key_at])}
                if refs <= done:
                    progress.append(record)
            if not progress:  # a loop: keep the file's order and let validation speak
                progress = pending
            for record in progress:
                placed.append(record)
                done.add(header_key(record[1][key_at]))
            pending = [r for r in pending if r not in progress]
        return placed

    def spreadsheet_row(self, index: int) -> int:
        return self.row_numbers[index - 1] if 0 < index <= len(self.row_numbers) else index

    # --- rows ---

    def before_import_row(self, row, **kwargs):
        self._current_row = kwargs.get("row_number", 0)
        if self.progress is not None and not self._batch:  # row by row (a batch reports at its end)
            self.progress(1)

    def get_instance(self, instance_loader, row):
        model = self._meta.model
        if "id" in self.fields and "id" in row and not is_empty(row["id"]):
            try:
                pk = parse_integer(row["id"])
            except ValueError as exc:
                raise ValidationError({"id": str(exc)}) from None
            if (self._batch and pk in self._asked_pks) or not 0 < pk <= MAX_ID:
                found = self._by_pk.get(pk)
            else:
                found = self.get_queryset().filter(pk=pk).first()
            if found is None:
                raise ValidationError(
                    {
                        "id": _("No %(model)s has the ID %(id)s: leave the ID empty to add a new record.")
                        % {"model": model._meta.verbose_name, "id": pk}
                    }
                )
            return self.working_copy(found)
        if not self.natural_key or self.natural_key[0] not in row:
            return None
        lookup = self._lookups.get(id(row), NOT_LOOKED_UP) if self._batch else NOT_LOOKED_UP
        if lookup is NOT_LOOKED_UP:
            lookup = self.natural_lookup(row)
        if lookup is None:
            return None  # the field's own error is reported when the row is read
        if self._batch:
            found = self._by_key.get(self.lookup_key(lookup), [])[:2]
        else:
            found = list(self.get_queryset().filter(**lookup)[:2])
        if len(found) > 1:
            raise ValidationError(
                _("Several %(models)s match this row (%(key)s): add the ID column to say which one.")
                % {
                    "models": model._meta.verbose_name_plural,
                    "key": ", ".join(self.header_of(n) for n in self.natural_key),
                }
            )
        return self.working_copy(found[0]) if found else None

    def natural_lookup(self, row) -> dict | None:
        """The values of the natural key a row gives (None if one of them is not valid)."""
        lookup = {}
        for name in self.natural_key:
            if name not in row:  # a column the file leaves out: a new record would get the default
                lookup[name] = self._meta.model._meta.get_field(name).get_default()
                continue
            try:
                lookup[name] = self.fields[name].clean(row)
            except ValueError:
                return None
        return lookup

    def lookup_key(self, lookup: dict) -> tuple:
        return tuple(getattr(lookup[name], "pk", lookup[name]) for name in self.natural_key)

    def record_key(self, record) -> tuple:
        opts = record._meta
        return tuple(getattr(record, opts.get_field(name).attname) for name in self.natural_key)

    def working_copy(self, record):
        """The record a row edits. In a batch the stored records are shared by its rows: each row edits its own
        copy, unless an earlier row of the file already wrote this one (then ``after_init_instance`` refuses it)."""
        if not self._batch or getattr(record, "_import_row", None) is not None:
            return record
        return copy.copy(record)

    def checked_relations(self, instance) -> list[str]:
        """Foreign keys holding a record the import itself looked up (a widget, within the user's scope, or the
        stored record): ``full_clean`` would ask the database again, one query per row and key."""
        return [
            field.name
            for field in instance._meta.concrete_fields
            if field.many_to_one and getattr(instance, field.attname) is not None and field.is_cached(instance)
        ]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field checks and clean(); its database constraints are checked by the save itself.

        Django checks each CheckConstraint with one query per row; the database does the same work for
        free when the row is written, and the write turns a violation into the constraint's message for
        that row (:meth:`do_instance_save`, :meth:`write_batch`). Links already looked up are not asked again.
        """
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | set(self.checked_relations(instance))
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        try:
            with transaction.atomic():
                if not is_create and isinstance(instance, VersionedModel):
                    # An import is an edit like any other: a form opened before it must not overwrite it.
                    claim_version(instance, instance.version)
                super().do_instance_save(instance, is_create)
        except EditConflict as exc:
            raise ValidationError(exc.message) from None
        except IntegrityError:
            # A value taken meanwhile by another save (two imports of the same new code): the duplicate's message.
            if is_create:
                instance.pk = None
            raise refusal_error(instance) from None

    def after_init_instance(self, instance, new, row, **kwargs):
        earlier = None if new else getattr(instance, "_import_row", None) or self._seen.get(instance.pk)
        if earlier is not None:
            raise ValidationError(
                _("This row is the same record as row %(row)s of the file.") % {"row": self.spreadsheet_row(earlier)}
            )
        instance._import_original_command_id = getattr(instance, "command_id", None) if not new else None

    def before_save_instance(self, instance, row, **kwargs):
        # The change history says where the change came from (simple-history's history_change_reason) and who.
        name = kwargs.get("file_name") or ""
        if self._change_reason[0] != name:  # one text for every row of the file
            self._change_reason = (name, str(_("Imported from the file %(name)s") % {"name": name})[:100])
        instance._change_reason = self._change_reason[1]
        if self.user is not None:
            instance._history_user = self.user

    def after_save_instance(self, instance, row, **kwargs):
        instance._import_row = self._current_row
        if instance.pk is not None:  # a new record of a batch has its ID once the batch is written
            self._seen[instance.pk] = self._current_row
        if self._batch and self.natural_key:  # later rows of the batch find it as an earlier row left it
            self.index_record(instance)

    def in_scope(self, command_id) -> bool:
        if command_id not in self._in_scope:
            self._in_scope[command_id] = scoping.command_in_scope(self.user, command_id)
        return self._in_scope[command_id]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        fill = getattr(instance, "fill_derived_fields", None)
        if fill is not None:  # what the write will store (e.g. the amount in đồng of a foreign amount): compared
            fill()  # with the stored record, an unchanged row is skipped
        for field in self.get_import_fields():  # many-to-many values are checked before anything is saved
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        if self.scoped and self.user is not None:
            outside = OUTSIDE_SCOPE
            original = getattr(instance, "_import_original_command_id", None)
            if original is not None and not self.in_scope(original):
                errors["id" if "id" in self.fields else NON_FIELD_ERRORS] = [outside]
            elif instance.command_id is not None and not self.in_scope(instance.command_id):
                errors["command"] = [outside]
        if errors:
            raise ValidationError(errors)

    # --- many rows at once (bulk_writes) ---

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """The library's row loop, :data:`BATCH_ROWS` rows at a time: a batch's lookups are a query per kind, its
        rows are read and checked one by one as the library does (the same hooks), and its records are written
        together at its end (:meth:`write_batch`). Still one transaction, rolled back on any refused row."""
        if not (self.bulk_writes and using_transactions):
            return super().import_data_inner(
                dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
            )
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        try:
            self.before_import(dataset, **kwargs)
            self._check_import_id_fields(dataset.headers)
        except Exception as exc:  # the library's way: the file's error, not a crash (ImportRefused and the like)
            self.handle_import_error(result, exc, raise_errors)
        result.total_rows = len(dataset)
        if collect_failed_rows:
            result.add_dataset_headers(dataset.headers)
        headers = list(dataset.headers or [])
        wrote = False
        self._batch = True
        try:
            for start in range(0, len(dataset), BATCH_ROWS):
                batch = [
                    (i + 1, dict(zip(headers, dataset[i], strict=False)))
                    for i in range(start, min(start + BATCH_ROWS, len(dataset)))
                ]
                self.prepare_batch([row for _number, row in batch], shown=max(0, PREVIEW_ROWS - start))
                done = []
                for number, row in batch:
                    kwargs.update({"dry_run": dry_run, "using_transactions": using_transactions, "row_number": number})
                    done.append((number, row, self.import_row(row, None, **kwargs)))
                wrote = self.write_batch(done) or wrote
                for number, row, row_result in done:
                    self.add_row_result(result, number, row, row_result, raise_errors, collect_failed_rows)
                if self.progress is not None:
                    self.progress(len(batch))
        finally:
            self._batch = False
            self._pending, self._by_pk, self._asked_pks, self._by_key, self._lookups = [], {}, set(), {}, {}
        if wrote and not dry_run:
            figures_cache.invalidate_now_and_at_commit()  # the writes sent no signal
        try:
            self.after_import(dataset, result, **kwargs)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        return result

    def prepare_batch(self, rows, shown: int = 0) -> None:
        """What the rows of a batch name, a query per kind: units by code and records by ID (the widgets), the
        records the rows update (by ID or natural key), and whether their commands are in the user's scope;
        for the first ``shown`` rows (the preview shows their values), the records the updated ones link to."""
        for field in self.get_import_fields():
            if hasattr(field.widget, "prepare") and rows and field.column_name in rows[0]:
                field.widget.prepare([row[field.column_name] for row in rows])
        ids, lookups = set(), []
        self._lookups = {}
        for row in rows:
            if "id" in self.fields and not is_empty(row.get("id")):
                with contextlib.suppress(ValueError):
                    ids.add(parse_integer(row["id"]))
            elif self.natural_key and self.natural_key[0] in row:
                lookup = self._lookups[id(row)] = self.natural_lookup(row)  # get_instance() reads it again
                if lookup is not None:
                    lookups.append(lookup)
        # With the command (the model's checks read it) and the many-to-many values (an unchanged row is skipped);
        # other links are compared by ID and read only for the rows the preview shows.
        queryset = self.get_queryset()
        if "command" in self.fields:
            queryset = queryset.select_related("command")
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        ids = {pk for pk in ids if 0 < pk <= MAX_ID}
        self._by_pk = {record.pk: record for record in queryset.filter(pk__in=ids)} if ids else {}
        self._asked_pks = ids
        self._by_key = {}
        if lookups:
            opts = self._meta.model._meta
            condition = Q()
            for name in self.natural_key:  # each part of the key among the batch's values: a superset, sorted below
                values = {getattr(lookup[name], "pk", lookup[name]) for lookup in lookups}
                attname = opts.get_field(name).attname
                part = Q(**{f"{attname}__in": values - {None}})
                condition &= part | Q(**{f"{attname}__isnull": True}) if None in values else part
            for record in queryset.filter(condition):
                self.index_record(record)
        if shown:
            updated = []
            for row in rows[:shown]:
                if "id" in self.fields and not is_empty(row.get("id")):
                    with contextlib.suppress(ValueError):
                        updated.append(self._by_pk.get(parse_integer(row["id"])))
                elif (lookup := self._lookups.get(id(row))) is not None:
                    updated += self._by_key.get(self.lookup_key(lookup), [])
            links = [name for name, attname in self.compared_links() if name != "command"]
            prefetch_related_objects([record for record in updated if record is not None], *links)
        if self.scoped and self.user is not None and "command" in self.fields:
            commands = {record.command_id for record in self._by_pk.values()}
            commands |= {record.command_id for records in self._by_key.values() for record in records}
            commands |= {unit.pk for unit in getattr(self.fields["command"].widget, "_cache", {}).values()}
            commands -= self._in_scope.keys()
            if commands:
                allowed = set(scoping.visible_commands(self.user).filter(pk__in=commands).values_list("pk", flat=True))
                self._in_scope.update({pk: pk in allowed for pk in commands})

    def index_record(self, record) -> None:
        """File ``record`` under its natural key (and no longer under the one it had, if a row changed it)."""
        key = self.record_key(record)
        previous = getattr(record, "_import_key", None)
        if previous is not None and previous != key and record.pk is not None:
            self._by_key[previous] = [r for r in self._by_key.get(previous, []) if r.pk != record.pk]
        bucket = self._by_key.setdefault(key, [])
        if record.pk is not None:
            bucket[:] = [r for r in bucket if r.pk != record.pk]
        bucket.append(record)
        record._import_key = key

    def import_row(self, row, instance_loader, **kwargs):
        """The library's ``import_row`` for a batch: the write waits for the batch's end, and the values of the
        row (the preview's diff) are kept only for the first :data:`PREVIEW_ROWS` rows."""
        if not self._batch:
            return super().import_row(row, instance_loader, **kwargs)
        row_result = self.get_row_result_class()()
        number = kwargs["row_number"]
        try:
            self.before_import_row(row, **kwargs)
            instance, new = self.get_or_init_instance(instance_loader, row)
            self.after_init_instance(instance, new, row, **kwargs)
            row_result.import_type = results.RowResult.IMPORT_TYPE_NEW if new else results.RowResult.IMPORT_TYPE_UPDATE
            original = None if new else copy.copy(instance)
            diff = self.get_diff_class()(self, original or instance, new) if number <= PREVIEW_ROWS else None
            errors = {}
            try:
                self.import_instance(instance, row, **kwargs)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            if not new and self.skip_row(instance, original, row, errors):
                row_result.import_type = results.RowResult.IMPORT_TYPE_SKIP
            else:
                self.validate_instance(instance, errors)
                self.save_instance(instance, new, row, **kwargs)
                self.save_m2m(instance, row, **kwargs)
            if number <= PREVIEW_ROWS:  # what the preview shows of the record (its __str__ takes a while)
                row_result.add_instance_info(instance)
            if kwargs.get("retain_instance_in_row_result"):
                row_result.instance = instance
            if diff is not None:
                diff.compare_with(self, instance)
                row_result.diff = diff.as_html()
                row_result.original = original
            self.after_import_row(row, row_result, **kwargs)
        except ValidationError as exc:
            row_result.import_type = results.RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = exc
        except Exception as exc:  # the library's way: the row's error with its traceback, the import rolled back
            row_result.import_type = results.RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(self.get_error_result_class()(exc, row=row, number=number))
        return row_result

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """The library's test of an unchanged row, comparing links by ID (without reading the linked records)."""
        if not self._batch:
            return super().skip_row(instance, original, row, import_validation_errors)
        if not self._meta.skip_unchanged or import_validation_errors:
            return False
        for field, attname in self.compared_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name in row:
                    wanted = sorted(unit.pk for unit in field.clean(row))
                    current = [] if original.pk is None else sorted(unit.pk for unit in field.get_value(original).all())
                    if wanted != current:
                        return False
            elif attname is not None:
                if getattr(instance, attname) != getattr(original, attname):
                    return False
            elif field.get_value(instance) != field.get_value(original):
                return False
        return True

    def compared_links(self) -> list[tuple[str, str]]:
        """``(name, attname)`` of the imported columns that link to one record (units, agreements…)."""
        opts = self._meta.model._meta
        names = [field.attribute for field, attname in self.compared_fields() if attname is not None]
        return [(name, opts.get_field(name).attname) for name in names if opts.get_field(name).many_to_one]

    def compared_fields(self) -> list[tuple]:
        """``(field, the model field's attname or None)`` of every imported column."""
        if getattr(self, "_compared", None) is None:
            opts, compared = self._meta.model._meta, []
            for field in self.get_import_fields():
                try:
                    model_field = opts.get_field(field.attribute)
                except FieldDoesNotExist:
                    model_field = None
                concrete = model_field is not None and getattr(model_field, "concrete", False)
                compared.append((field, model_field.attname if concrete else None))
            self._compared = compared
        return self._compared

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._batch:
            return super().save_instance(instance, is_create, row, **kwargs)
        self.before_save_instance(instance, row, **kwargs)
        self._pending.append(PendingWrite(self._current_row, instance, is_create, getattr(instance, "version", None)))
        self.after_save_instance(instance, row, **kwargs)
        return None

    def save_m2m(self, instance, row, **kwargs):
        if not self._batch:
            return super().save_m2m(instance, row, **kwargs)
        write = self._pending[-1]  # the write save_instance() just queued for this instance
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                write.many[field.attribute] = field.clean(row)
        return None

    def write_batch(self, done) -> bool:
        """Write the batch's records: a few statements for all of them (:meth:`write_together`); if the database
        refuses, again one by one, so that each refused row gets its own message. False if nothing was written."""
        writes, self._pending = self._pending, []
        if not writes:
            return False
        try:
            with transaction.atomic():
                self.write_together(writes)
            failures = {}
        except Exception:  # noqa: BLE001 - which row and why is found out one by one
            failures = self.write_one_by_one(writes)
        outcomes = {number: row_result for number, _row, row_result in done}
        for write in writes:
            row_result = outcomes[write.number]
            failure = failures.get(write.number)
            if failure is None:
                self._seen[write.instance.pk] = write.number
                row_result.object_id = write.instance.pk
            elif isinstance(failure, ValidationError):
                row_result.import_type = results.RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = failure
            else:
                row_result.import_type = results.RowResult.IMPORT_TYPE_ERROR
                row_result.errors.append(self.get_error_result_class()(failure, number=write.number))
        return True

    def write_together(self, writes) -> None:
        """Inserts and updates of a batch in bulk, with their history, and the per-year summary added up once for
        the batch (``events.summary.bulk_write``: the same sums its trigger adds record by record).

        An update moves each record's version on from the one read, as a form's save does: a record changed
        meanwhile by someone else is refused (:class:`EditConflict`, found row by row)."""
        model = self._meta.model
        manager = model._default_manager
        for write in writes:
            fill = getattr(write.instance, "fill_derived_fields", None)  # what save() would derive
            if fill is not None:
                fill()
        creates = [write.instance for write in writes if write.is_create]
        updates = [write for write in writes if not write.is_create]
        connection = connections[self.get_db_connection_name()]
        with summary.bulk_write(connection, model._meta.db_table) as summed:
            if updates:
                if issubclass(model, VersionedModel):
                    by_version = {}
                    for write in updates:
                        by_version.setdefault(write.version, []).append(write.instance.pk)
                    claimed = Q()
                    for version, pks in by_version.items():
                        claimed |= Q(version=version, pk__in=pks)
                    if manager.filter(claimed).update(version=F("version") + 1) != len(updates):
                        raise EditConflict(updates[0].instance, None, None)
                    for write in updates:
                        write.instance.version = write.version + 1
                summed.take_away([write.instance.pk for write in updates])
                fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
                manager.bulk_update([write.instance for write in updates], fields, batch_size=BATCH_ROWS)
            if creates:
                manager.bulk_create(creates, batch_size=BATCH_ROWS)
            summed.add([write.instance.pk for write in writes])
        self.write_many_to_many(writes)
        self.write_history(connection, [write.instance for write in updates], "~")
        self.write_history(connection, creates, "+")

    def write_history(self, connection, instances, history_type: str) -> None:
        """The change history of records just written (``+`` added, ``~`` changed), as django-simple-history's save
        signal writes it one record at a time: the database copies the stored rows into the history table in one
        statement, with the import's reason, user and time."""
        if not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        try:
            history = get_history_manager_for_model(self._meta.model).model
        except NotHistoricalModelError:
            return
        quote = connection.ops.quote_name
        table, opts = self._meta.model._meta.db_table, history._meta
        targets = [quote(opts.get_field(field.name).column) for field in history.tracked_fields]
        sources = [f"r.{quote(field.column)}" for field in history.tracked_fields]
        for name in ("history_date", "history_change_reason", "history_type", "history_user"):
            targets.append(quote(opts.get_field(name).column))
            sources.append("%s")
        ids = ", ".join(str(int(instance.pk)) for instance in instances)  # integers from the database
        sql = (
            f"INSERT INTO {quote(opts.db_table)} ({', '.join(targets)}) SELECT {', '.join(sources)} "
            f"FROM {quote(table)} r WHERE r.{quote(self._meta.model._meta.pk.column)} IN ({ids})"
        )
        params = [
            connection.ops.adapt_datetimefield_value(timezone.now()),
            getattr(instances[0], "_change_reason", ""),
            history_type,
            getattr(self.user, "pk", None),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def write_many_to_many(self, writes) -> None:
        """The partner units of the batch's records: a delete of the sets that changed, one insert of the new."""
        for name in {name for write in writes for name in write.many}:
            relation = self._meta.model._meta.get_field(name)
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            changed, links = [], []
            for write in writes:
                if name not in write.many:
                    continue
                wanted = [unit.pk for unit in write.many[name]]
                if not write.is_create:
                    if sorted(unit.pk for unit in getattr(write.instance, name).all()) == sorted(wanted):
                        continue
                    changed.append(write.instance.pk)
                links += [through(**{f"{source}_id": write.instance.pk, f"{target}_id": pk}) for pk in wanted]
            if changed:
                through._default_manager.filter(**{f"{source}_id__in": changed}).delete()
            if links:
                through._default_manager.bulk_create(links, batch_size=BATCH_ROWS)

    def write_one_by_one(self, writes) -> dict:
        """Each write of a refused batch on its own (its own savepoint): the rows the database refuses, and why."""
        failures = {}
        for write in writes:
            instance = write.instance
            if write.is_create:  # as before the batch's attempt
                instance.pk = None
                instance._state.adding = True
            elif write.version is not None:
                instance.version = write.version
            try:
                with transaction.atomic():
                    self.do_instance_save(instance, write.is_create)
                    for name, units in write.many.items():
                        getattr(instance, name).set(units)
            except ValidationError as exc:
                failures[write.number] = exc
            except DatabaseError:
                failures[write.number] = refusal_error(instance)
            except Exception as exc:  # noqa: BLE001 - reported as the row's error, the import rolled back
                failures[write.number] = exc
        return failures

    def add_row_result(self, result, number, row, row_result, raise_errors, collect_failed_rows) -> None:
        """The library's bookkeeping of a row's outcome: every row is counted, the first :data:`PREVIEW_ROWS` kept."""
        result.increment_row_result_total(row_result)
        if row_result.errors:
            result.append_error_row(number, row, row_result.errors)
            if collect_failed_rows:
                result.append_failed_row(row, row_result.errors[0])
            if raise_errors:
                raise ie_exceptions.ImportError(row_result.errors[-1].error, number=number, row=row)
        elif row_result.validation_error:
            result.append_invalid_row(number, row, row_result.validation_error)
            if collect_failed_rows:
                result.append_failed_row(row, row_result.validation_error)
            if raise_errors:
                raise ie_exceptions.ImportError(row_result.validation_error, number=number, row=row)
        skipped = row_result.import_type == results.RowResult.IMPORT_TYPE_SKIP
        if number <= PREVIEW_ROWS and (not skipped or self._meta.report_skipped):
            result.append_row_result(row_result)

    def after_import(self, dataset, result, **kwargs):
        """Report rows as the spreadsheet numbers them, and errors under the column headers."""
        for invalid in result.invalid_rows:
            invalid.number = self.spreadsheet_row(invalid.number)
            invalid.error_dict = {
                (key if key == NON_FIELD_ERRORS else self.header_of(key)): value
                for key, value in invalid.error_dict.items()
            }
        for error_row in result.error_rows:
            error_row.number = self.spreadsheet_row(error_row.number)
            for error in error_row.errors:
                error.number = error_row.number

    # --- export ---

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def iter_queryset(self, queryset):
        """The rows in the list's own order (the library re-sorts by pk), prefetching in chunks."""
        if not isinstance(queryset, models.QuerySet) or queryset.query.is_sliced:
            yield from queryset
            return
        if queryset._prefetch_related_lookups and not queryset.query.order_by:
            queryset = queryset.order_by(*queryset.model._meta.ordering, "pk")  # chunks need a total order
        yield from queryset.iterator(chunk_size=self.get_chunk_size())


def row_errors(result) -> list[tuple[int, str, str]]:
    """``(row, column, message)`` of every problem of an import result, as the preview shows them."""
    problems = []
    for error in result.base_errors:
        problems.append((0, "", str(error.error)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number, "", str(error.error)))
    for invalid in result.invalid_rows:
        for key, texts in invalid.error_dict.items():
            for message in texts:
                problems.append((invalid.number, "" if key == NON_FIELD_ERRORS else str(key), str(message)))
    return sorted(problems, key=lambda p: p[0])


# --- Files ---------------------------------------------------------------------------------------


def admin_max_rows() -> int:
    """The most record rows one file may have in the admin (``DNQP_IMPORT_MAX_ROWS``); ``import_file`` has no limit."""
    return getattr(settings, "DNQP_IMPORT_MAX_ROWS", 20_000)


def admin_max_bytes() -> int:
    """The largest file the admin's import accepts (``DNQP_IMPORT_MAX_BYTES``)."""
    return getattr(settings, "DNQP_IMPORT_MAX_BYTES", 10 * 1024 * 1024)


def rows_dataset(rows, limit: int | None, blank="") -> tablib.Dataset:
    """A dataset of ``rows`` (the first one its headers), each padded to the widest (a title row above the
    header row is narrower); at most ``limit`` rows are read (None: all), a longer file is marked ``rows_cut``.

    The admin reads no further than its limit allows (a small XLSX file may hold a million rows): the
    import then refuses the file (``DnqpResource.normalize``) without having held it all in memory.
    """
    rows = iter(rows)
    kept = [list(row) for row in itertools.islice(rows, limit)]
    cut = limit is not None and next(rows, None) is not None
    width = max((len(row) for row in kept), default=0)
    dataset = tablib.Dataset()
    if kept:
        dataset.headers = kept[0] + [blank] * (width - len(kept[0]))
        for row in kept[1:]:
            dataset.append(row + [blank] * (width - len(row)))
    dataset.rows_cut = cut
    return dataset


class CSV(base_formats.CSV):
    """CSV that tolerates a title row narrower than the header row (rows are padded to the widest)."""

    row_limit: int | None = None  # rows read at most (the admin's subclass)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.lstrip("\ufeff")
        # Excel writes ";" where the decimal mark is "," (Vietnamese Windows): the busiest mark of the first lines.
        head = in_stream.splitlines()[: MAX_TITLE_ROWS + 1]
        delimiter = max(",;\t", key=lambda mark: max((line.count(mark) for line in head), default=0))
        # A text cell our export neutralised against formulas ("'=…") reads back as it was typed.
        reader = csv.reader(io.StringIO(in_stream), delimiter=delimiter)
        return rows_dataset(([restore_text(cell) for cell in row] for row in reader), self.row_limit)


def whole(value):
    """A number cell as openpyxl reads it: 12, not 12.0 (calamine gives every number as a float)."""
    return int(value) if type(value) is float and value.is_integer() else value


class XLSX(base_formats.XLSX):
    """The sheet an XLSX file opens on (the active one), its values (a formula's last result).

    Read by calamine (Rust): 10,000 rows of support in about a tenth of a second, where openpyxl took one
    and a half. calamine holds the whole sheet in memory, so a sheet whose XML is bigger than a file within
    ``row_limit`` rows could be is read row by row by openpyxl instead, no further than the limit.
    """

    row_limit: int | None = None  # rows read at most (the admin's subclass)
    XML_BYTES_PER_ROW = 4096  # generous: a row of 20 cells with long texts and styles

    def create_dataset(self, in_stream):
        with zipfile.ZipFile(io.BytesIO(in_stream)) as package:
            parts = package.infolist()
            xml = sum(part.file_size for part in parts if part.filename.startswith("xl/worksheets/"))
            workbook = package.read("xl/workbook.xml") if "xl/workbook.xml" in package.namelist() else b""
        if self.row_limit is not None and xml > self.row_limit * self.XML_BYTES_PER_ROW:
            return self.stream_rows(in_stream)
        active = re.search(rb"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"", workbook)
        book = CalamineWorkbook.from_filelike(io.BytesIO(in_stream))
        try:
            index = int(active.group(1)) if active else 0
            sheet = book.get_sheet_by_index(index if index < len(book.sheet_names) else 0)
            return rows_dataset((list(map(whole, row)) for row in sheet.iter_rows()), self.row_limit)
        finally:
            book.close()

    def stream_rows(self, in_stream):
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            return rows_dataset(book.active.iter_rows(values_only=True), self.row_limit, blank=None)
        finally:
            book.close()


def admin_row_limit() -> int:
    """Rows the admin reads at most: its limit of records, the title rows, the header row and one more."""
    return admin_max_rows() + MAX_TITLE_ROWS + 2


class AdminCSV(CSV):
    row_limit = property(lambda self: admin_row_limit())


class AdminXLSX(XLSX):
    row_limit = property(lambda self: admin_row_limit())


IMPORT_FORMATS = [AdminCSV, AdminXLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


def read_file(content: bytes, filename: str) -> tablib.Dataset:
    """A dataset from an uploaded CSV or XLSX file (chosen by the file name), every row of it."""
    fmt = XLSX() if filename.lower().endswith(".xlsx") else CSV(encoding="utf-8-sig")
    return fmt.create_dataset(content)


# --- Admin ---------------------------------------------------------------------------------------


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")


class SpreadsheetImportForm(ImportForm):
    """The admin's import form: a file larger than ``DNQP_IMPORT_MAX_BYTES`` is refused before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        if upload is not None and upload.size > admin_max_bytes():
            raise ValidationError(
                _(
                    "The file is %(size)s MB: an import here takes files of at most %(max)s MB. Split it, or ask an "
                    "administrator to import it with the command “manage.py import_file”."
                )
                % {"size": megabytes(upload.size), "max": megabytes(admin_max_bytes())}
            )
        return upload


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import (with its dry-run preview) and export for a ModelAdmin, the DNQP way.

    Put it first among the bases and set ``resource_classes = [TheResource]``. It adds:

    - the user to the resource, so that rows outside the user's scope are refused;
    - import only for users who may add and change the model; export for users who may view it;
    - a confirm step that imports nothing and says why if the file changed since the preview;
    - the export of selected rows (an action) and of the filtered list, always with every column of
      ``dnqp.spreadsheets.columns`` (no column picker: a file that lacks columns would not import back), written
      by the shared writer ``dnqp.spreadsheets.exports`` and logged;
    - empty templates to download: ``import-template.xlsx`` and ``import-template.csv``;
    - limits on one file (``DNQP_IMPORT_MAX_BYTES``, ``DNQP_IMPORT_MAX_ROWS``): bigger files go through the
      command ``import_file``, which runs the same resources.
    """

    import_formats = IMPORT_FORMATS
    import_form_class = SpreadsheetImportForm
    # Every imported record's change history (simple-history) names the file and the user; the admin's "recent
    # actions" would list a big file's records one by one (and writing them took longer than the import).
    skip_admin_log = True
    export_formats = EXPORT_FORMATS
    from_encoding = "utf-8-sig"
    export_form_class = ExportForm
    import_template_name = "admin/import_export/import.html"

    def init_change_list_template(self):
        super().init_change_list_template()
        if self.ie_base_change_list_template == "admin/change_list.html":
            # Keep a model's own change list template (e.g. the agreements' "signing ceremony" button).
            opts = self.model._meta
            names = [
                f"admin/{opts.app_label}/{opts.model_name}/change_list.html",
                f"admin/{opts.app_label}/change_list.html",
            ]
            with contextlib.suppress(TemplateDoesNotExist):
                self.ie_base_change_list_template = select_template(names).template.origin.template_name

    # --- permissions ---

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # --- import ---

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user, "max_rows": admin_max_rows()}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file changed between the preview and the confirmation: the transaction was rolled back.
            messages.error(request, _("Nothing was imported: the file has errors. Correct them and import it again."))
            for row, column_name, message in row_errors(result)[:20]:
                where = _("Row %(row)s") % {"row": row} if row else _("File")
                messages.error(request, f"{where}{' – ' + column_name if column_name else ''}: {message}")
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    # --- export ---

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_export_permission(request):
            actions["export_admin_action"] = (
                type(self).export_admin_action,
                "export_admin_action",
                _("Export selected %(verbose_name_plural)s"),
            )
        return actions

    export_admin_action = ExportActionMixin.export_admin_action

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)  # only rows the user may see

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        fmt = "xlsx" if isinstance(file_format, base_formats.XLSX) else "csv"
        resource = self.get_export_resource_classes(request)[0](user=request.user)
        dataset = resource.export(queryset, force_native_type=True)
        rows = [dataset.headers, *dataset]
        name = self.export_file_name(fmt)
        response = export_response(fmt, rows, name, sheet_title=str(self.opts.verbose_name_plural))
        content = response.content if not response.streaming else b"".join(response.streaming_content)
        log_export(
            user=request.user,
            what=f"admin:{self.opts.model_name}",
            file_format=fmt,
            filters=request.GET,
            row_count=len(dataset),
        )
        return content

    def export_file_name(self, fmt):
        return f"{self.opts.model_name}-{timezone.localdate():%Y-%m-%d}.{fmt}"

    def get_export_filename(self, request, queryset, file_format):
        return self.export_file_name("xlsx" if isinstance(file_format, base_formats.XLSX) else "csv")

    # --- templates ---

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_template"
        view = self.admin_site.admin_view(self.import_template_view)
        return [path("import-template.<str:fmt>", view, name=name), *super().get_urls()]

    def import_template_view(self, request, fmt):
        if not self.has_import_permission(request) or fmt not in ("xlsx", "csv"):
            raise PermissionDenied if fmt in ("xlsx", "csv") else Http404
        resource = self.get_import_resource_classes(request)[0](user=request.user)
        name = f"mau-nhap-{self.opts.model_name}.{fmt}"
        return export_response(fmt, [resource.get_export_headers()], name, sheet_title=str(self.opts.verbose_name))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if hasattr(response, "context_data"):
            opts = self.opts
            response.context_data["template_urls"] = [
                (fmt.upper(), reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template", args=[fmt]))
                for fmt in ("xlsx", "csv")
            ]
        return response
