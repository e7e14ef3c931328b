"""Spreadsheet import and export of annual plans with their targets (columns: ``columns.PLAN_COLUMNS``).

A plan has targets, so its flat form is one row per target with the plan's own columns repeated on each of its
rows; a plan without targets is one row whose target columns are empty. No ID column: a plan is its command and
year (one plan per command and year), a target its figure, activity kind and partner unit (one target each).

Import (the admin's preview and confirm, or :meth:`AnnualPlanResource.import_data`):

- the rows are grouped by plan (command and year, in any order); a plan is created if the command has none for
  that year, else updated;
- the plan's columns (number, approval date, approving authority, notes) repeat the same value on each row of
  the plan, or stay empty (merged cells): two different values for one plan are refused. A column the file leaves
  out keeps the stored value;
- **the file states each of its plans completely**: a target is matched by figure, activity kind and partner
  unit and created or updated; a target of the plan that the file does not list is removed (the preview lists it
  as "Delete"). Plans the file does not name are not touched;
- all or nothing, scoped like every record (a row of a command outside the user's scope refuses the file), every
  problem a row error in the user's language (never a 500). The database constraints (one plan per command and
  year, one target per figure, kind and partner unit) stay the last line: a plan or target saved by someone else
  meanwhile is the row's error, and nothing is written.

Export (the admin's Export and *Export selected*): the same columns, so a file exported imports back unchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import results

from dnqp.access import scoping
from dnqp.core import cache as figures_cache
from dnqp.core.versioning import EditConflict, claim_version
from dnqp.spreadsheets import columns
from dnqp.spreadsheets.event_resources import ACTIVITY_WORDS
from dnqp.spreadsheets.imports import (
    OUTSIDE_SCOPE,
    PREVIEW_ROWS,
    DnqpResource,
    ImportResult,
    fields_from_columns,
    is_empty,
)
from events.models import AnnualPlan, PlanTarget

PLAN_PREFIX = "plan."
# The plan's own values, repeated on each of its rows (the command and the year are the plan's key).
PLAN_VALUES = ("reference", "approved_on", "approved_by", "notes")
TARGET_FIELDS = ("metric", "activity_kind", "partner_unit", "target", "note")
FIRST_YEAR, LAST_YEAR = 1975, 2100  # the model's CHECK constraint

METRIC_WORDS = {
    "văn bản ký kết": "agreements_signed",
    "ký kết văn bản": "agreements_signed",
    "ký kết": "agreements_signed",
    "văn bản": "agreements_signed",
    "đón đoàn": "delegations_inbound",
    "đón đoàn vào": "delegations_inbound",
    "đoàn vào": "delegations_inbound",
    "cử đoàn": "delegations_outbound",
    "cử đoàn ra": "delegations_outbound",
    "đoàn ra": "delegations_outbound",
    "hoạt động": "activities",
    "hoạt động phối hợp": "activities",
    "chi hỗ trợ": "expenditure_vnd",
    "hỗ trợ": "expenditure_vnd",
    "kinh phí hỗ trợ": "expenditure_vnd",
}

MISSING_COMMAND = _("Write the code of the command whose plan this is.")
MISSING_YEAR = _("Write the year of the plan.")
YEAR_OUT_OF_RANGE = _("The year of a plan is between %(first)s and %(last)s.")
MISSING_METRIC = _("Write the figure this target is for (for example “Đoàn vào”).")
MISSING_TARGET = _("Write the target: a whole number above zero.")
TARGET_NOT_POSITIVE = _("A target is a positive number.")  # the model's own message
PLAN_VALUES_DIFFER = _(
    "Row %(row)s gives this plan (same command and year) “%(value)s”: repeat the same value on each row of a "
    "plan, or leave the cell empty."
)
DUPLICATE_TARGET_ROW = _(
    "Row %(row)s already gives this plan a target for the same figure, activity kind and partner unit: a plan has "
    "one target for each."
)
PLAN_TAKEN = _(
    "Someone else saved a plan of this command for this year while the file was being imported. Nothing was "
    "imported: import the file again to update that plan."
)
TARGET_TAKEN = _(
    "Someone else saved a target for the same figure, activity kind and partner unit in this plan while the file "
    "was being imported. Nothing was imported: import the file again."
)
DATABASE_REFUSED = _("The database refused this plan; nothing was imported. Check the values and import again.")
IMPORTED_FROM = _("Imported from the file %(name)s")


def plan_fields(aliases, choice_words) -> dict:
    """The fields of ``columns.PLAN_COLUMNS`` in its order: the plan's on AnnualPlan, the others on PlanTarget."""
    fields = {}
    for spec in columns.PLAN_COLUMNS:
        if spec.path.startswith(PLAN_PREFIX):
            model, spec = AnnualPlan, columns.Column(spec.header, spec.path.removeprefix(PLAN_PREFIX))
        else:
            model = PlanTarget
        fields.update(fields_from_columns(model, [spec], aliases, choice_words))
    return fields


def target_key(target) -> tuple:
    return target.metric, target.activity_kind or "", target.partner_unit_id


def export_rows(queryset):
    """Headers, then one row per target of each plan of ``queryset`` (a plan without targets: one row). Two queries."""
    plans = queryset.select_related("command").prefetch_related(
        Prefetch("targets", queryset=PlanTarget.objects.select_related("partner_unit").order_by("id"))
    )
    yield columns.headers(columns.PLAN_COLUMNS)
    for plan in plans:
        # A plan without targets: one row of its own columns, the target's left empty (an unsaved stand-in).
        for target in list(plan.targets.all()) or [PlanTarget(plan=plan, metric="", target=None)]:
            yield [column.value(target) for column in columns.PLAN_COLUMNS]


class RowRefused(Exception):
    """A write the database refused, as the error of one row of the file."""

    def __init__(self, row, errors: dict):
        super().__init__(errors)
        self.row = row
        self.errors = errors


@dataclasses.dataclass
class PlanRow:
    """One row of the file: what it says, read and checked."""

    number: int  # the row's position among the records (1 = the first row under the header)
    cells: dict  # field name → the cell as written
    values: dict = dataclasses.field(default_factory=dict)  # field name → the value read (columns of the file)
    errors: dict = dataclasses.field(default_factory=dict)  # field name → messages
    group: PlanGroup | None = None
    target: PlanTarget | None = None  # the target the row states (None: a row of the plan's columns only)
    stored: PlanTarget | None = None  # the stored target it updates

    def add_error(self, name, message) -> None:
        messages = self.errors.setdefault(name, [])
        if str(message) not in [str(m) for m in messages]:
            messages.append(message)

    @property
    def states_target(self) -> bool:
        return any(not is_empty(self.cells.get(name)) for name in TARGET_FIELDS if name in self.cells)


@dataclasses.dataclass
class PlanGroup:
    """The rows of one plan (command and year) and what importing them does."""

    command: object
    year: int
    rows: list = dataclasses.field(default_factory=list)
    stored: AnnualPlan | None = None  # the plan as stored, None for a new one
    plan: AnnualPlan | None = None  # the plan as the file leaves it
    changed: list = dataclasses.field(default_factory=list)  # names of the plan's values the file changes
    creates: list = dataclasses.field(default_factory=list)  # (row, target)
    updates: list = dataclasses.field(default_factory=list)  # (row, target)
    deletes: list = dataclasses.field(default_factory=list)  # stored targets the file no longer lists

    @property
    def is_new(self) -> bool:
        return self.stored is None

    @property
    def writes(self) -> bool:
        return bool(self.is_new or self.changed or self.creates or self.updates or self.deletes)


class PlanImportResult(ImportResult):
    """An import's result with what it did to plans and targets, for the admin's message and log."""

    def __init__(self):
        super().__init__()
        self.plans_created: list[AnnualPlan] = []
        self.plans_changed: list[AnnualPlan] = []
        self.plans_unchanged = 0
        self.targets = {"new": 0, "update": 0, "delete": 0, "skip": 0}


class AnnualPlanResource(DnqpResource):
    """Annual plans and their targets: one row per target (module docstring)."""

    columns = []  # fields from columns.PLAN_COLUMNS, over two models (plan_fields)
    aliases = {
        "command": ("don vi ta", "don vi", "ma don vi"),
        "year": ("nam ke hoach",),
        "reference": ("so", "so hieu", "so ky hieu", "so ke hoach"),
        "approved_on": ("ngay duyet",),
        "approved_by": ("co quan phe duyet", "noi phe duyet"),
        "notes": ("ghi chu chung",),
        "metric": ("loai chi tieu", "noi dung chi tieu"),
        "activity_kind": ("hinh thuc hoat dong",),
        "partner_unit": ("don vi ban",),
        "target": ("so luong", "so luong ke hoach", "muc chi tieu"),
        "note": ("ghi chu chi tieu",),
    }
    choice_words = {"metric": METRIC_WORDS, "activity_kind": ACTIVITY_WORDS}
    scoped = True
    required_columns = ("command", "year", "metric", "target")

    class Meta:
        model = AnnualPlan
        fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = plan_fields(self.aliases, self.choice_words)
        self._import_fields = None

    def get_result_class(self):
        names = [field.column_name for field in self.get_import_fields()]
        return type("PlanImportResult", (PlanImportResult,), {"columns": names})

    # --- export ---

    def export(self, queryset=None, **kwargs):
        """The plans of ``queryset`` (those the user may see), one row per target."""
        if queryset is None:
            queryset = AnnualPlan.objects.all()
        if self.user is not None:
            queryset = scoping.scope_records(self.user, queryset)
        rows = export_rows(queryset)
        dataset = tablib.Dataset(headers=next(rows))
        for row in rows:
            dataset.append(row)
        return dataset

    # --- import ---

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """Read every row, group them by plan, compare with the stored plans, write if no row has an error."""
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        try:
            self.before_import(dataset, **kwargs)
        except Exception as exc:  # the library's way: the file's error (ImportRefused: no header row, no right)
            self.handle_import_error(result, exc, raise_errors)
            return result
        result.total_rows = len(dataset)
        rows = self.read_rows(dataset)
        groups = self.group_rows(rows)
        self.compare(groups)
        wrote = False
        if not any(row.errors for row in rows):
            wrote = self.write(groups, kwargs.get("file_name") or "")
        if wrote and not dry_run:
            figures_cache.invalidate_now_and_at_commit()  # bulk writes of targets send no signal
        self.report(result, rows, keep_all=bool(kwargs.get("retain_instance_in_row_result")))
        try:
            self.after_import(dataset, result, **kwargs)
        except Exception as exc:  # noqa: BLE001 - reported as the file's error, the import rolled back
            self.handle_import_error(result, exc, raise_errors)
        if self.progress is not None:
            self.progress(len(dataset))
        return result

    def read_rows(self, dataset) -> list[PlanRow]:
        """Each row's values through the columns' widgets (units looked up once per file), and its own checks."""
        headers = list(dataset.headers or [])
        rows = [PlanRow(number, dict(zip(headers, cells, strict=False))) for number, cells in enumerate(dataset, 1)]
        present = [name for name in self.fields if name in headers]
        for name in present:
            widget = self.fields[name].widget
            if hasattr(widget, "prepare"):
                widget.prepare([row.cells[name] for row in rows])
        for row in rows:
            for name in present:
                try:
                    row.values[name] = self.fields[name].clean(row.cells)
                except ValueError as exc:
                    row.add_error(name, str(exc))
        self.check_scope([row.values.get("command") for row in rows])
        for row in rows:
            self.check_plan_key(row)
            if row.states_target:
                self.check_target(row)
        return rows

    def check_scope(self, commands) -> None:
        """Whether the commands the file names are in the user's scope: one query."""
        if self.user is None:
            return
        wanted = {command.pk for command in commands if command is not None} - self._in_scope.keys()
        if wanted:
            allowed = set(scoping.visible_commands(self.user).filter(pk__in=wanted).values_list("pk", flat=True))
            self._in_scope.update({pk: pk in allowed for pk in wanted})

    def check_plan_key(self, row: PlanRow) -> None:
        command, year = row.values.get("command"), row.values.get("year")
        if command is None and "command" not in row.errors:
            row.add_error("command", MISSING_COMMAND)
        elif command is not None and self.user is not None and not self.in_scope(command.pk):
            row.add_error("command", OUTSIDE_SCOPE)
        if year is None and "year" not in row.errors:
            row.add_error("year", MISSING_YEAR)
        elif year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            row.add_error("year", YEAR_OUT_OF_RANGE % {"first": FIRST_YEAR, "last": LAST_YEAR})

    def check_target(self, row: PlanRow) -> None:
        """The target a row states, checked by the model's own rules (an activity kind only for activities…)."""
        values = row.values
        if values.get("metric") is None and "metric" not in row.errors:
            row.add_error("metric", MISSING_METRIC)
        if values.get("target") is None and "target" not in row.errors:
            row.add_error("target", MISSING_TARGET)
        elif values.get("target") is not None and values["target"] < 1:
            row.add_error("target", TARGET_NOT_POSITIVE)
        target = PlanTarget(
            metric=values.get("metric") or "",
            activity_kind=values.get("activity_kind") or "",
            partner_unit=values.get("partner_unit"),
            target=values.get("target"),
            note=values.get("note") or "",
        )
        exclude = {"plan", "partner_unit", *row.errors}
        if values.get("target") is None or values["target"] < 1:
            exclude.add("target")
        try:
            target.clean_fields(exclude=exclude)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    row.add_error(name, message)
        if "metric" not in row.errors:
            try:
                target.clean()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        row.add_error(name, message)
        row.target = target

    def group_rows(self, rows) -> list[PlanGroup]:
        """The rows of each plan, in the order the file first names it (rows without a valid plan key left out)."""
        groups: dict[tuple, PlanGroup] = {}
        for row in rows:
            if "command" in row.errors or "year" in row.errors:
                continue
            command, year = row.values["command"], row.values["year"]
            group = groups.setdefault((command.pk, year), PlanGroup(command, year))
            group.rows.append(row)
            row.group = group
        return list(groups.values())

    def stored_plans(self, groups) -> dict[tuple, AnnualPlan]:
        """The stored plans of the file's commands and years, with their targets: two queries."""
        if not groups:
            return {}
        plans = (
            AnnualPlan.objects.filter(
                command_id__in={group.command.pk for group in groups}, year__in={group.year for group in groups}
            )
            .select_related("command")
            .prefetch_related(
                Prefetch("targets", queryset=PlanTarget.objects.select_related("partner_unit").order_by("id"))
            )
        )
        return {(plan.command_id, plan.year): plan for plan in plans}

    def compare(self, groups) -> None:
        """Each plan as the file leaves it: its values, and which targets are created, updated and removed."""
        stored = self.stored_plans(groups)
        for group in groups:
            group.stored = stored.get((group.command.pk, group.year))
            if group.stored is None:
                group.plan = AnnualPlan(command=group.command, year=group.year)
            else:
                group.plan = copy.copy(group.stored)
            self.compare_plan(group)
            self.compare_targets(group)

    def compare_plan(self, group: PlanGroup) -> None:
        plan, sources = group.plan, {}
        for name in PLAN_VALUES:
            if name not in self.fields or not any(name in row.values for row in group.rows):
                continue  # a column the file leaves out (or no row could read): the stored value stays
            given = [row for row in group.rows if name in row.values and not is_empty(row.values[name])]
            value = given[0].values[name] if given else self.fields[name].widget.clean(None)
            for row in given[1:]:
                if row.values[name] != value:
                    shown = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value
                    row.add_error(
                        name, PLAN_VALUES_DIFFER % {"row": self.spreadsheet_row(given[0].number), "value": shown}
                    )
            setattr(plan, name, value)
            sources[name] = given[0] if given else group.rows[0]
        if group.stored is not None:
            group.changed = [name for name in PLAN_VALUES if getattr(plan, name) != getattr(group.stored, name)]
        try:
            plan.full_clean(exclude=["command", "version"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row = sources.get(name, group.rows[0])
                for message in messages:
                    row.add_error(name if name in self.fields else NON_FIELD_ERRORS, message)

    def compare_targets(self, group: PlanGroup) -> None:
        stored = {target_key(target): target for target in group.stored.targets.all()} if group.stored else {}
        seen: dict[tuple, PlanRow] = {}
        for row in group.rows:
            if row.target is None or any(name in row.errors for name in TARGET_FIELDS):
                continue
            key = target_key(row.target)
            if key in seen:
                row.add_error("metric", DUPLICATE_TARGET_ROW % {"row": self.spreadsheet_row(seen[key].number)})
                continue
            seen[key] = row
            existing = stored.get(key)
            if existing is None:
                group.creates.append((row, row.target))
                continue
            row.stored = existing
            updated = copy.copy(existing)
            updated.target = row.target.target
            if "note" in row.values:  # a file without the column keeps the stored notes
                updated.note = row.target.note
            if (updated.target, updated.note) != (existing.target, existing.note):
                group.updates.append((row, updated))
            row.target = updated
        group.deletes = [target for key, target in stored.items() if key not in seen]

    # --- writing ---

    def write(self, groups, file_name: str) -> bool:
        """Write each plan that changes (its own savepoint); a refusal becomes its row's error. True if any wrote."""
        wrote = False
        for group in groups:
            if not group.writes:
                continue
            try:
                with transaction.atomic():
                    self.write_plan(group, file_name)
                    self.write_targets(group)
            except RowRefused as refusal:
                for name, messages in refusal.errors.items():
                    for message in messages:
                        refusal.row.add_error(name, message)
                continue
            wrote = True
        return wrote

    def write_plan(self, group: PlanGroup, file_name: str) -> None:
        plan, first = group.plan, group.rows[0]
        plan._change_reason = str(IMPORTED_FROM % {"name": file_name})[:100]
        if self.user is not None:
            plan._history_user = self.user
        try:
            with transaction.atomic():
                if group.is_new:
                    plan.save()
                else:
                    # An import is an edit like any other: a form opened before it must not overwrite it.
                    claim_version(plan, group.stored.version)
                    plan.save()
        except EditConflict as exc:
            raise RowRefused(first, {NON_FIELD_ERRORS: [exc.message]}) from None
        except IntegrityError:
            if group.is_new:
                plan.pk = None
                plan._state.adding = True
                raise RowRefused(first, {"year": [PLAN_TAKEN]}) from None
            raise RowRefused(first, {NON_FIELD_ERRORS: [DATABASE_REFUSED]}) from None
        except DatabaseError:
            raise RowRefused(first, {NON_FIELD_ERRORS: [DATABASE_REFUSED]}) from None

    def write_targets(self, group: PlanGroup) -> None:
        """Removed targets first, then the changed ones, then the new ones (a few statements per plan)."""
        if group.deletes:
            PlanTarget.objects.filter(pk__in=[target.pk for target in group.deletes]).delete()
        if group.updates:
            PlanTarget.objects.bulk_update([target for _row, target in group.updates], ["target", "note"])
        if not group.creates:
            return
        for _row, target in group.creates:
            target.plan = group.plan
        try:
            with transaction.atomic():
                PlanTarget.objects.bulk_create([target for _row, target in group.creates])
        except DatabaseError:
            self.create_one_by_one(group)

    def create_one_by_one(self, group: PlanGroup) -> None:
        """The new targets the database refused in bulk, one by one: the first refused is its row's error."""
        for row, target in group.creates:
            target.pk = None
            target._state.adding = True
            try:
                with transaction.atomic():
                    target.save()
            except IntegrityError:
                raise RowRefused(row, {"metric": [TARGET_TAKEN]}) from None
            except DatabaseError:
                raise RowRefused(row, {NON_FIELD_ERRORS: [DATABASE_REFUSED]}) from None
        raise RowRefused(group.rows[0], {NON_FIELD_ERRORS: [DATABASE_REFUSED]})  # refused together, not alone

    # --- the result ---

    def report(self, result: PlanImportResult, rows, keep_all: bool) -> None:
        """Every row's outcome (new, update, skip, or its errors), and after each plan's last row the targets the
        file removes from it ("delete"); the admin's preview shows the first :data:`PREVIEW_ROWS` rows."""
        last_row = {}
        for row in rows:
            if row.group is not None:
                last_row[id(row.group)] = row.number
        failed = any(row.errors for row in rows)
        for row in rows:
            row_result = results.RowResult()
            shown = keep_all or row.number <= PREVIEW_ROWS
            if row.errors:
                row_result.import_type = results.RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = ValidationError(row.errors)
                result.append_invalid_row(row.number, row.cells, row_result.validation_error)
            else:
                group = row.group
                row_result.import_type = self.row_type(row)
                row_result.add_instance_info(group.plan)
                if keep_all:
                    row_result.instance = group.plan
                if shown:
                    row_result.diff = self.diff_cells(row)
                if not failed and row.target is not None:
                    result.targets[row_result.import_type] += 1
            result.increment_row_result_total(row_result)
            if shown:
                result.append_row_result(row_result)
            group = row.group
            if group is not None and not row.errors and last_row[id(group)] == row.number:
                for target in group.deletes:
                    removed = results.RowResult()
                    removed.import_type = results.RowResult.IMPORT_TYPE_DELETE
                    removed.add_instance_info(group.plan)
                    if keep_all:
                        removed.instance = group.plan
                    if shown:
                        removed.diff = self.diff_cells(row, removed=target)
                        result.append_row_result(removed)
                    result.increment_row_result_total(removed)
                    if not failed:
                        result.targets["delete"] += 1
        if not failed:
            groups = list({id(row.group): row.group for row in rows if row.group is not None}.values())
            result.plans_created = [group.plan for group in groups if group.is_new]
            result.plans_changed = [group.plan for group in groups if not group.is_new and group.writes]
            result.plans_unchanged = sum(1 for group in groups if not group.writes)

    @staticmethod
    def row_type(row: PlanRow) -> str:
        group = row.group
        if group.is_new or (row.target is not None and row.stored is None):
            return results.RowResult.IMPORT_TYPE_NEW
        target_changed = row.target is not None and any(target is row.target for _row, target in group.updates)
        if group.changed or target_changed:
            return results.RowResult.IMPORT_TYPE_UPDATE
        return results.RowResult.IMPORT_TYPE_SKIP

    def diff_cells(self, row: PlanRow, removed: PlanTarget | None = None) -> list:
        """The preview's cells of a row: the values as they will be stored (as an export writes them), a changed
        value as <del>old</del> <ins>new</ins>; a removed target: its plan, and the target's cells struck through."""
        group, cells = row.group, []
        for field in self.get_import_fields():
            name = field.column_name
            if name in TARGET_FIELDS:
                new = removed if removed is not None else row.target
                old = None if removed is not None else row.stored
            else:
                new, old = group.plan, None if removed is not None else group.stored
            shown = "" if new is None else field.widget.render(getattr(new, name, None))
            if removed is not None and name in TARGET_FIELDS:
                cells.append(format_html("<del>{}</del>", shown) if shown != "" else "")
                continue
            before = None if old is None else field.widget.render(getattr(old, name, None))
            if before is None or before == shown:
                cells.append(format_html("{}", shown))
            elif before == "":
                cells.append(format_html("<ins>{}</ins>", shown))
            else:
                cells.append(format_html("<del>{}</del> <ins>{}</ins>", before, shown))
        return cells
