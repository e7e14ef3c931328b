"""The columns of every list export: one spec per model, shared by the page exports and the spreadsheet import.

Each column is a Vietnamese header and a field path on the record. The values are what the import reads
back, so they are stable codes, never display labels:

- units by their CODE (``command.code``, ``partner_unit.code``); many partner units joined with ";";
- dates as ``datetime.date`` (written as ISO 8601 ``YYYY-MM-DD`` in CSV, as date cells in XLSX);
- choice fields by their VALUE (``twinning``, ``inbound``…), never the translated label;
- ``amount_vnd`` as an integer; ``amount_original`` and ``exchange_rate`` as Decimal;
- booleans as 1 / 0; empty values as "".

Links to other records (``renews``, ``agreement``, ``delegation``, ``activity``, the people who signed or
led) are record ids: those records have no code.
A column marked ``readonly`` is derived (the agreement's status) and is ignored on
import. The headers are Vietnamese literals, not translated messages: a file exported in English must
import back unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

MANY_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    header: str
    path: str  # "field", "fk.field", or "m2m.field" for many-to-many (values joined with ";")
    many: bool = False
    readonly: bool = False

    def value(self, obj):
        if self.many:
            relation, _dot, attr = self.path.partition(".")
            # ``.all()`` uses the prefetch cache: the list querysets prefetch every many-to-many column.
            items = getattr(obj, relation).all()
            return MANY_SEPARATOR.join(str(getattr(item, attr)) for item in items)
        value = obj
        for part in self.path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
        return normalise(value)


def normalise(value):
    """A cell value: bool → 1/0, None → "", dates/numbers/strings as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, list):  # a list of names (a partner unit's aliases)
        return MANY_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, (int, Decimal, datetime.date, str)):
        return value
    return str(value)


COMMAND_COLUMNS = [
    Column("Mã đơn vị", "code"),
    Column("Tên đơn vị", "name"),
    Column("Tên tiếng Anh", "name_en"),
    Column("Cấp", "level"),
    Column("Mã đơn vị cấp trên", "parent.code"),
    Column("Tỉnh", "province_name"),
    Column("Biên giới", "is_border"),
    Column("Nước giáp biên", "border_countries"),
    Column("Hiệu lực từ", "valid_from"),
    Column("Giải thể sau ngày", "valid_until"),
    Column("Mã đơn vị sáp nhập vào", "successor.code"),
    Column("Vĩ độ", "latitude"),
    Column("Kinh độ", "longitude"),
    Column("Thứ tự sắp xếp", "sort_order"),  # the official order of reports and lists (then by code)
]

PARTNER_UNIT_COLUMNS = [
    Column("Mã đơn vị", "code"),
    Column("Tên đơn vị", "name"),
    Column("Tên tiếng Anh", "name_en"),
    Column("Quốc gia", "country"),
    Column("Tỉnh", "province_name"),
    Column("Cấp", "level"),
    Column("Mã đơn vị cấp trên", "parent.code"),
    Column("Vĩ độ", "latitude"),
    Column("Kinh độ", "longitude"),
    Column("Tên nguyên ngữ", "name_original"),
    Column("Tên gọi khác", "aliases"),  # the other spellings met in documents, joined with ";"
]

AGREEMENT_COLUMNS = [
    Column("ID", "pk"),
    Column("Số văn bản", "reference"),
    Column("Tiêu đề", "title"),
    Column("Loại văn bản", "kind"),
    Column("Mã đơn vị ta", "command.code"),
    Column("Mã đơn vị bạn", "partner_unit.code"),
    Column("Ngày ký", "signed_on"),
    Column("Hiệu lực từ", "valid_from"),
    Column("Hiệu lực đến", "valid_until"),
    Column("Ngày chấm dứt", "terminated_on"),
    Column("Gia hạn văn bản (ID)", "renews_id"),
    Column("Người ký phía ta", "signatory_vn_name"),
    Column("Cấp bậc người ký phía ta", "signatory_vn_rank"),
    Column("Chức vụ người ký phía ta", "signatory_vn_title"),
    Column("Người ký phía bạn", "signatory_partner_name"),
    Column("Cấp bậc người ký phía bạn", "signatory_partner_rank"),
    Column("Chức vụ người ký phía bạn", "signatory_partner_title"),
    Column("Ghi chú", "notes"),
    Column("Trạng thái", "status", readonly=True),
    Column("Người ký phía ta (ID)", "our_signatory_person_id"),
    Column("Người ký phía bạn (ID)", "partner_signatory_person_id"),
]

DELEGATION_COLUMNS = [
    Column("ID", "pk"),
    Column("Chiều", "direction"),
    Column("Mục đích", "purpose"),
    Column("Mã đơn vị ta", "command.code"),
    Column("Mã đơn vị bạn", "partner_units.code", many=True),
    Column("Quốc gia", "country"),
    Column("Trưởng đoàn", "leader_name"),
    Column("Cấp bậc trưởng đoàn", "leader_rank"),
    Column("Chức vụ trưởng đoàn", "leader_title"),
    Column("Số người", "member_count"),
    Column("Ngày bắt đầu", "start_date"),
    Column("Ngày kết thúc", "end_date"),
    Column("Địa điểm", "location"),
    Column("Văn bản (ID)", "agreement_id"),
    Column("Trạng thái", "status"),
    Column("Ghi chú", "notes"),
    Column("Trưởng đoàn (ID)", "leader_person_id"),
    Column("Số quyết định cử đoàn", "approval_reference"),
    Column("Ngày phê duyệt", "approved_on"),
    Column("Hạn báo cáo", "report_due_on"),
    Column("Ngày báo cáo", "reported_on"),
]

ACTIVITY_COLUMNS = [
    Column("ID", "pk"),
    Column("Loại hoạt động", "kind"),
    Column("Tiêu đề", "title"),
    Column("Mã đơn vị ta", "command.code"),
    Column("Mã đơn vị bạn", "partner_units.code", many=True),
    Column("Ngày bắt đầu", "start_date"),
    Column("Ngày kết thúc", "end_date"),
    Column("Số người tham gia", "participant_count"),
    Column("Địa điểm", "location"),
    Column("Trạng thái", "status"),
    Column("Ghi chú", "notes"),
    Column("Số hài cốt tìm thấy", "remains_found"),
    Column("Số hài cốt hồi hương", "remains_repatriated"),
]

EXPENDITURE_COLUMNS = [
    Column("ID", "pk"),
    Column("Ngày", "date"),
    Column("Mã đơn vị ta", "command.code"),
    Column("Mã đơn vị bạn", "partner_unit.code"),
    Column("Đối tượng thụ hưởng", "beneficiary"),
    Column("Loại hỗ trợ", "category"),
    Column("Nguồn kinh phí", "funding_source"),
    Column("Số tiền (VND)", "amount_vnd"),
    Column("Loại tiền", "currency"),
    Column("Số tiền nguyên tệ", "amount_original"),
    Column("Tỷ giá", "exchange_rate"),
    Column("Văn bản (ID)", "agreement_id"),
    Column("Đoàn (ID)", "delegation_id"),
    Column("Hoạt động (ID)", "activity_id"),
    Column("Số chứng từ", "voucher"),
    Column("Nội dung", "description"),
]

# People: exported from their list page (``/persons/``); not an import format (a person comes with positions).
PERSON_COLUMNS = [
    Column("ID", "pk"),
    Column("Họ tên", "name"),
    Column("Tên nguyên ngữ", "name_original"),
    Column("Phía", "side"),
    Column("Ghi chú", "notes"),
]

# Annual plans: one row per target, the plan's own columns repeated on each of its rows (a plan without targets is
# one row with the target's columns empty). Paths are on the target, the plan's fields through ``plan``. No ID
# column: a plan is its command and year, a target its figure, activity kind and partner unit
# (dnqp.spreadsheets.plan_resources reads them back).
PLAN_COLUMNS = [
    Column("Mã đơn vị ta", "plan.command.code"),
    Column("Năm", "plan.year"),
    Column("Số, ký hiệu", "plan.reference"),
    Column("Ngày phê duyệt", "plan.approved_on"),
    Column("Cấp phê duyệt", "plan.approved_by"),
    Column("Ghi chú kế hoạch", "plan.notes"),
    Column("Chỉ tiêu", "metric"),
    Column("Loại hoạt động", "activity_kind"),
    Column("Mã đơn vị bạn", "partner_unit.code"),
    Column("Chỉ tiêu kế hoạch", "target"),
    Column("Ghi chú", "note"),
]

# Model label → columns: the import side looks the spec up by model.
COLUMNS = {
    "partnerships.command": COMMAND_COLUMNS,
    "partnerships.partnerunit": PARTNER_UNIT_COLUMNS,
    "partnerships.agreement": AGREEMENT_COLUMNS,
    "events.delegation": DELEGATION_COLUMNS,
    "events.activity": ACTIVITY_COLUMNS,
    "events.expenditure": EXPENDITURE_COLUMNS,
}


def columns_for(model) -> list[Column]:
    return COLUMNS[model._meta.label_lower]


def headers(columns: list[Column]) -> list[str]:
    return [column.header for column in columns]


def export_rows(objects: Iterable, columns: list[Column]) -> Iterator[list]:
    """Headers first, then one row per object: the input of the shared CSV/XLSX writer."""
    yield headers(columns)
    for obj in objects:
        yield [column.value(obj) for column in columns]


def export_values(queryset, columns: list[Column], chunk_size: int = 2000) -> Iterator:
    """Like :func:`export_rows`, straight from ``values_list()`` when no column needs a model instance (CSV).

    A million support lines: building a model instance and reading each column through ``getattr`` ran
    at ~14,000 rows per CPU second; tuples from the database cursor go to the writer ~10× faster (same
    bytes out, docs/PERFORMANCE.md). Many-to-many and derived (read-only) columns take the slow path.
    Empty values stay None (the CSV writer writes them as empty fields).
    """
    from django.db import models

    if any(column.many or column.readonly for column in columns):
        yield from export_rows(queryset.iterator(chunk_size=chunk_size), columns)
        return
    lookups, booleans, lists = [], [], []
    for index, column in enumerate(columns):
        lookups.append(column.path.replace(".", "__"))
        target = queryset.model
        for part in column.path.split("."):
            field = target._meta.pk if part == "pk" else target._meta.get_field(part)
            target = field.related_model if field.is_relation and field.related_model else field
        if isinstance(target, models.BooleanField):
            booleans.append(index)
        if isinstance(target, models.JSONField):
            lists.append(index)
    yield headers(columns)
    for row in queryset.values_list(*lookups).iterator(chunk_size=chunk_size):
        if booleans or lists:  # the writer's cells as normalise() makes them: booleans 1 / 0, lists joined
            row = list(row)
            for index in booleans:
                row[index] = "" if row[index] is None else int(row[index])
            for index in lists:
                row[index] = normalise(row[index])
        yield row
