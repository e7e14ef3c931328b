"""A file with one bad row among many writes nothing, and the preview names every bad row and why."""

import datetime

from dnqp.spreadsheets.event_resources import ExpenditureResource
from events.models import Expenditure
from tests import spreadsheets as s

HEADER = ["Ngày", "Mã đơn vị ta", "Mã đơn vị bạn", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]


def rows(count=12):
    return [
        [f"{day:02d}/04/2022", "BP", "KH-KRT", "Quà tặng", "UBND tỉnh", f"{day}.500.000", f"PC-{day:02d}"]
        for day in range(1, count + 1)
    ]


def test_one_bad_row_among_many_writes_nothing_and_names_the_row(worked_example):
    before = Expenditure.objects.count()
    data = rows()
    data[6][1] = "KHONG-CO"  # row 7 of the data: an unknown command code
    data[9][0] = "31/02/2022"  # row 10 of the data: no such day
    content = s.xlsx(HEADER, data, title_rows=["CHI HỖ TRỢ NĂM 2022"])

    preview = s.run(ExpenditureResource(), content, dry_run=True)
    result = s.run(ExpenditureResource(), content, dry_run=False)

    assert Expenditure.objects.count() == before
    for outcome in (preview, result):
        problems = s.problems(outcome)
        # Spreadsheet rows: title in row 1, header in row 2, data from row 3 → data rows 7 and 10 are 9 and 12.
        assert [(row, column) for row, column, _message in problems] == [(9, "Mã đơn vị ta"), (12, "Ngày")]
        assert "KHONG-CO" in problems[0][2]
        assert "31/02/2022" in problems[1][2]


def test_a_database_rule_broken_by_one_row_writes_nothing(worked_example):
    before = Expenditure.objects.count()
    data = rows(5)
    data[2][5] = "0"  # support must be more than zero
    result = s.run(ExpenditureResource(), s.csv_file(HEADER, data), "chi.csv")
    assert [(row, column) for row, column, _m in s.problems(result)] == [(4, "Số tiền (VND)")]
    assert Expenditure.objects.count() == before


def test_a_good_file_writes_every_row(worked_example):
    before = Expenditure.objects.count()
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, rows()))
    assert s.problems(result) == []
    assert Expenditure.objects.count() == before + 12
    assert Expenditure.objects.get(voucher="PC-03").amount_vnd == 3_500_000
    assert Expenditure.objects.get(voucher="PC-03").date == datetime.date(2022, 4, 3)


def test_the_same_record_twice_in_one_file_is_refused(worked_example):
    data = rows(3) + [rows(3)[1]]
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, data))
    [(row, _column, message)] = s.problems(result)
    assert row == 5 and "3" in message  # "the same record as row 3"
    assert not Expenditure.objects.filter(voucher__startswith="PC-").exists()


def test_a_row_only_the_database_refuses_is_named_and_nothing_is_written(worked_example, monkeypatch):
    """The import leaves constraints to the database: a violation names the row with the constraint's message."""
    from dnqp.spreadsheets.event_resources import DelegationResource
    from events.models import Delegation

    monkeypatch.setattr(Delegation, "clean", lambda self: None)  # as if the model forgot the rule
    header = ["Chiều", "Mục đích", "Mã đơn vị ta", "Quốc gia", "Số người", "Ngày bắt đầu", "Ngày kết thúc"]
    rows = [
        ["inbound", "working", "BP", "KH", "12", "01/03/2024", "02/03/2024"],
        ["outbound", "exchange", "BP-LN", "KH", "0", "05/03/2024", "05/03/2024"],
        ["inbound", "study", "BP", "LA", "3", "07/03/2024", "09/03/2024"],
    ]
    before = Delegation.objects.count()
    result = s.run(DelegationResource(), s.xlsx(header, rows))
    [(row, _column, message)] = s.problems(result)
    [constraint] = [c for c in Delegation._meta.constraints if c.name.endswith("member_count_positive")]
    assert row == 3 and message == str(constraint.get_violation_error_message())
    assert Delegation.objects.count() == before
