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
import datetime
import re
from decimal import Decimal, InvalidOperation

import tablib
from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpResponseRedirect
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import fields as ie_fields
from import_export import resources, results, widgets
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from dnqp.access import scoping
from dnqp.core.text import fold
from dnqp.core.versioning import EditConflict, VersionedModel, claim_version, refusal_error
from dnqp.spreadsheets.exports import export_response, log_export, restore_text
from partnerships.models import Agreement

LANGUAGES = ("vi", "en")
MAX_TITLE_ROWS = 5
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


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
    for fmt in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text})


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
        found = self.lookup().get(header_key(value))
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

    def find(self, code: str):
        if code in self._cache:
            return self._cache[code]
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

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return []
        codes = [c.strip() for c in re.split(r"[;,\n]", str(value)) if c.strip()]
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

    def queryset(self):
        qs = self.model.objects.all()
        return qs if self.user is None else scoping.scope_records(self.user, qs)

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
        found = self.queryset().filter(pk=pk).first()
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

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        text = TextWidget().clean(value)
        match = re.fullmatch(r"#?\s*(\d+)", text) or re.search(r"#\s*(\d+)\s*$", text)
        if match:
            return super().clean(match.group(1))
        candidates = self.queryset().filter(reference=text)
        command = None
        if row is not None and self.command_widget is not None and self.command_column in row:
            try:
                command = self.command_widget.clean(row[self.command_column])
            except ValueError:
                command = None
        if command is not None and candidates.filter(command=command).exists():
            candidates = candidates.filter(command=command)
        found = list(candidates[:2])
        if not found:
            raise self.not_found(text)
        if len(found) > 1:
            raise ValueError(
                _("Several agreements have the number “%(value)s”: write it with its ID, e.g. “%(value)s #%(id)s”.")
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
    """

    columns: list[str] = []

    def row_errors(self):
        return [(row.number, row.errors) for row in self.error_rows]

    def append_invalid_row(self, number, row, validation_error):
        values = tuple("" if row.get(name) is None else row.get(name) for name in self.columns)
        self.invalid_rows.append(results.InvalidRow(number=number, validation_error=validation_error, values=values))


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
        return AgreementWidget(related) if related is Agreement else RecordWidget(related)
    if field.choices:
        return ChoiceWidget(field.choices, blank=field.blank and not field.null, aliases=choice_words)
    if isinstance(field, models.DateField):
        return DateWidget()
    if isinstance(field, models.BooleanField):
        return BooleanWidget()
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
      first, whatever their order in the file.
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

    class Meta:
        abstract = True
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_result_class(self):
        columns = [field.column_name for field in self.get_import_fields()]
        return type("ImportResult", (ImportResult,), {"columns": columns})

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.fields = fields_from_columns(self._meta.model, self.columns, self.aliases, self.choice_words)
        for field in self.fields.values():
            if isinstance(field.widget, AgreementWidget) and "command" in self.fields:
                field.widget.command_widget = self.fields["command"].widget
        self.user = user
        self.row_numbers: list[int] = []
        self._seen: dict[int, int] = {}
        self._in_scope: dict[int, bool] = {}
        self._current_row = 0

    def get_export_order(self):
        return tuple(self.fields)

    def get_import_order(self):
        return tuple(self.fields)

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
        # All or nothing, whoever calls: one transaction, rolled back on any invalid row.
        kwargs["rollback_on_validation_errors"] = True
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

    def get_instance(self, instance_loader, row):
        model = self._meta.model
        if "id" in self.fields and "id" in row and not is_empty(row["id"]):
            try:
                pk = parse_integer(row["id"])
            except ValueError as exc:
                raise ValidationError({"id": str(exc)}) from None
            try:
                return self.get_queryset().get(pk=pk)
            except ObjectDoesNotExist:
                raise ValidationError(
                    {
                        "id": _("No %(model)s has the ID %(id)s: leave the ID empty to add a new record.")
                        % {"model": model._meta.verbose_name, "id": pk}
                    }
                ) from None
        if not self.natural_key or self.natural_key[0] not in row:
            return None
        lookup = {}
        for name in self.natural_key:
            if name not in row:  # a column the file leaves out: a new record would get the default
                lookup[name] = model._meta.get_field(name).get_default()
                continue
            try:
                lookup[name] = self.fields[name].clean(row)
            except ValueError:
                return None  # the field's own error is reported when the row is read
        found = list(self.get_queryset().filter(**lookup)[:2])
        if len(found) > 1:
            raise ValidationError(
                _("Several %(models)s match this row (%(key)s): add the ID column to say which one.")
                % {
                    "models": model._meta.verbose_name_plural,
                    "key": ", ".join(self.header_of(n) for n in self.natural_key),
                }
            )
        return found[0] if found else None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field checks and clean(); its database constraints are checked by the save itself.

        Django checks each CheckConstraint with one query per row; the database does the same work for
        free when the row is written, and :meth:`do_instance_save` turns a violation into the
        constraint's message for that row.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
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
        if not new and instance.pk in self._seen:
            raise ValidationError(
                _("This row is the same record as row %(row)s of the file.")
                % {"row": self.spreadsheet_row(self._seen[instance.pk])}
            )
        instance._import_original_command_id = getattr(instance, "command_id", None) if not new else None

    def before_save_instance(self, instance, row, **kwargs):
        # The change history says where the change came from (simple-history's history_change_reason).
        name = kwargs.get("file_name") or ""
        instance._change_reason = str(_("Imported from the file %(name)s") % {"name": name})[:100]

    def after_save_instance(self, instance, row, **kwargs):
        self._seen[instance.pk] = self._current_row

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


class CSV(base_formats.CSV):
    """CSV that tolerates a title row narrower than the header row (rows are padded to the widest)."""

    def create_dataset(self, in_stream, **kwargs):
        import csv
        import io

        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        in_stream = in_stream.lstrip("\ufeff")
        # Excel writes ";" where the decimal mark is "," (Vietnamese Windows): the busiest mark of the first lines.
        head = in_stream.splitlines()[: MAX_TITLE_ROWS + 1]
        delimiter = max(",;\t", key=lambda mark: max((line.count(mark) for line in head), default=0))
        # A text cell our export neutralised against formulas ("'=…") reads back as it was typed.
        reader = csv.reader(io.StringIO(in_stream), delimiter=delimiter)
        rows = [[restore_text(cell) for cell in row] for row in reader]
        width = max((len(r) for r in rows), default=0)
        dataset = tablib.Dataset()
        if rows:
            dataset.headers = rows[0] + [""] * (width - len(rows[0]))
            for row in rows[1:]:
                dataset.append(row + [""] * (width - len(row)))
        return dataset


IMPORT_FORMATS = [CSV, base_formats.XLSX]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


def read_file(content: bytes, filename: str) -> tablib.Dataset:
    """A dataset from an uploaded CSV or XLSX file (chosen by the file name)."""
    fmt = base_formats.XLSX() if filename.lower().endswith(".xlsx") else CSV(encoding="utf-8-sig")
    return fmt.create_dataset(content)


# --- Admin ---------------------------------------------------------------------------------------


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import (with its dry-run preview) and export for a ModelAdmin, the DNQP way.

    Put it first among the bases and set ``resource_classes = [TheResource]``. It adds:

    - the user to the resource, so that rows outside the user's scope are refused;
    - import only for users who may add and change the model; export for users who may view it;
    - a confirm step that imports nothing and says why if the file changed since the preview;
    - the export of selected rows (an action) and of the filtered list, always with every column of
      ``dnqp.spreadsheets.columns`` (no column picker: a file that lacks columns would not import back), written
      by the shared writer ``dnqp.spreadsheets.exports`` and logged;
    - empty templates to download: ``import-template.xlsx`` and ``import-template.csv``.
    """

    import_formats = IMPORT_FORMATS
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
        return {"user": request.user}

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
