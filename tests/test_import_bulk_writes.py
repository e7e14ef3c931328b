"""Support, delegations and activities are written a batch at a time; the summary, the history and the
versions come out as if each record had been saved on its own, and a record edited meanwhile is refused."""

import datetime

from django.db import connection

from dnqp.spreadsheets import imports
from dnqp.spreadsheets.event_resources import ExpenditureResource
from events import summary
from events.models import Expenditure, Summary
from tests import factories as f
from tests import spreadsheets as s

HEADER = [
    "ID",
    "Ngày",
    "Mã đơn vị ta",
    "Mã đơn vị bạn",
    "Loại hỗ trợ",
    "Nguồn kinh phí",
    "Số tiền (VND)",
    "Số chứng từ",
]


def rows(count, amount=1_000_000, category="Quà tặng"):
    return [
        ["", datetime.date(2023 + i % 2, 1 + i % 12, 1), "BP" if i % 3 else "BP-LN", "KH-KRT", category,
         "UBND tỉnh", amount + i, f"PC-B{i:03d}"]
        for i in range(count)
    ]  # fmt: skip


def stored_summary() -> list:
    """The summary's rows that count something, as the triggers and the imports left them."""
    fields = [f.name for f in Summary._meta.concrete_fields if f.name != "id"]
    counted = Summary.objects.exclude(n=0, members=0, vnd=0, remains_found=0, remains_repatriated=0)
    return sorted(counted.values_list(*fields))


def rebuilt_summary() -> list:
    summary.rebuild(connection)
    return stored_summary()


def test_summary_history_and_versions_as_if_saved_one_by_one(users, worked_example):
    staff = users["staff"]
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, rows(30)), user=staff)
    assert s.problems(result) == [] and result.totals["new"] == 30
    assert stored_summary() == rebuilt_summary() != []

    changed = [row[:] for row in rows(30, amount=5_000_000, category="Vật chất")]
    changed[4][2] = "BP" if changed[4][2] == "BP-LN" else "BP-LN"  # one line moves to the other command
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, changed), "sua.xlsx", user=staff)
    assert s.problems(result) == []
    # The category is part of the natural key: 30 new lines; the ID column names the stored ones instead.
    assert result.totals["new"] == 30 and stored_summary() == rebuilt_summary()

    stored = {e.voucher: e for e in Expenditure.objects.filter(voucher__startswith="PC-B", category="gifts")}
    by_id = [[stored[row[7]].pk, *row[1:]] for row in rows(30, amount=7_000_000)]
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, by_id), "theo-id.xlsx", user=staff)
    assert s.problems(result) == [] and result.totals["update"] == 30
    assert stored_summary() == rebuilt_summary()
    line = Expenditure.objects.get(pk=stored["PC-B003"].pk)
    assert (line.amount_vnd, line.version) == (7_000_003, 2)
    assert [(h.history_type, h.amount_vnd) for h in line.history.order_by("history_id")] == [
        ("+", 1_000_003),
        ("~", 7_000_003),
    ]
    assert line.history.latest().history_user == staff and "theo-id.xlsx" in line.history.latest().history_change_reason

    # The summary's trigger is on again: a record saved afterwards counts.
    f.expenditure(worked_example["bp"], datetime.date(2023, 5, 5), 9_000_000)
    assert stored_summary() == rebuilt_summary()


def test_a_record_edited_by_someone_else_meanwhile_is_refused(users, worked_example, monkeypatch):
    s1 = worked_example["s1"]
    header = ["ID", "Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)"]
    content = s.xlsx(header, [[s1.pk, "13/04/2022", "BP", "Quà tặng", "UBND tỉnh", "81.000.000"]])
    write_batch = imports.DnqpResource.write_batch

    def edited_meanwhile(self, done):  # between the reading of the row and the writing of the batch
        Expenditure.objects.filter(pk=s1.pk).update(amount_vnd=99_000_000, version=s1.version + 1)
        return write_batch(self, done)

    monkeypatch.setattr(imports.DnqpResource, "write_batch", edited_meanwhile)
    result = s.run(ExpenditureResource(), content, user=users["staff"])
    [(row, _column, message)] = s.problems(result)
    assert row == 2 and str(s1.version + 1) in message  # "now at version 2, you edited version 1"
    s1.refresh_from_db()
    assert s1.amount_vnd == 80_000_000  # nothing imported (the edit made up here ran in the import's transaction)


def test_ids_no_record_can_have_are_refused_row_by_row(users, worked_example):
    """An ID beyond what the database stores (or zero, or a link to such an ID) names no record: each such row
    is refused with its reason, the other rows are still checked, and nothing is written."""
    header = ["ID", "Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Đoàn (ID)"]
    content = s.xlsx(
        header,
        [
            ["99999999999999999999", "13/04/2022", "BP", "Quà tặng", "UBND tỉnh", "1.000.000", ""],
            ["", "14/04/2022", "BP", "Quà tặng", "UBND tỉnh", "1.000.000", "99999999999999999999"],
            ["0", "15/04/2022", "BP", "Quà tặng", "UBND tỉnh", "1.000.000", ""],
            ["", "16/04/2022", "BP", "Quà tặng", "UBND tỉnh", "1.000.000", ""],
        ],
    )
    before = Expenditure.objects.count()
    result = s.run(ExpenditureResource(), content, user=users["staff"])
    assert [(row, column) for row, column, _message in s.problems(result)] == [(2, "ID"), (3, "Đoàn (ID)"), (4, "ID")]
    assert Expenditure.objects.count() == before


def test_a_database_user_who_may_not_switch_the_trigger_still_imports(users, worked_example, monkeypatch):
    """Only the table's owner may switch its trigger off: another database user imports with the trigger on."""
    monkeypatch.setattr(summary, "_may_alter", lambda connection, table: False)
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, rows(30)), user=users["staff"])
    assert s.problems(result) == [] and result.totals["new"] == 30
    assert stored_summary() == rebuilt_summary()
