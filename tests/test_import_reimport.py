"""Re-importing the same file updates the records instead of duplicating them."""

from dnqp.spreadsheets.event_resources import DelegationResource, ExpenditureResource
from events.models import Delegation, Expenditure
from tests import spreadsheets as s

HEADER = ["Ngày", "Mã đơn vị ta", "Mã đơn vị bạn", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Đối tượng"]
ROWS = [
    ["13/04/2022", "BP", "KH-KRT", "Quà tặng", "UBND tỉnh", "80.000.000", ""],
    ["20/05/2022", "BP-LN", "KH-KRT-SNL", "Vật chất", "Quân khu", "12.500.000", "Chi khu quân sự Snuol"],
    ["21/05/2022", "BP-LN", "", "Kinh phí", "Chính phủ", "1.234.567", "Gia đình chính sách"],
]


def test_same_hand_made_file_twice_adds_nothing_the_second_time(worked_example):
    before = Expenditure.objects.count()
    content = s.xlsx(HEADER, ROWS, title_rows=["THEO DÕI CHI HỖ TRỢ"])
    first = s.run(ExpenditureResource(), content)
    assert s.problems(first) == []
    # The worked example already holds the first row (same command, date, category, partner): it is matched.
    assert Expenditure.objects.count() == before + 2
    assert (first.totals["new"], first.totals["update"] + first.totals["skip"]) == (2, 1)

    second = s.run(ExpenditureResource(), content)
    assert s.problems(second) == []
    assert Expenditure.objects.count() == before + 2
    assert second.totals["new"] == 0 and second.totals["skip"] == 3


def test_corrected_amount_updates_the_same_record(worked_example):
    s.run(ExpenditureResource(), s.xlsx(HEADER, ROWS))
    count = Expenditure.objects.count()
    version = Expenditure.objects.get(beneficiary="Gia đình chính sách").version
    corrected = [row[:] for row in ROWS]
    corrected[2][5] = "1.300.000"
    result = s.run(ExpenditureResource(), s.xlsx(HEADER, corrected))
    assert s.problems(result) == [] and result.totals["update"] == 1
    assert Expenditure.objects.count() == count
    corrected_row = Expenditure.objects.get(beneficiary="Gia đình chính sách")
    assert corrected_row.amount_vnd == 1_300_000
    assert corrected_row.version == version + 1  # an edit form opened before the import now sees a conflict
    assert "file.xlsx" in corrected_row.history.first().history_change_reason


def test_exported_file_edited_by_id_updates_that_record(worked_example):
    d1 = worked_example["d1"]
    resource = DelegationResource()
    content = s.export_file(resource, Delegation.objects.filter(pk=d1.pk), "xlsx")
    dataset = s.load(content, "doan.xlsx")
    s.set_cell(dataset, "Số người", 25)
    s.set_cell(dataset, "Ngày bắt đầu", "11/04/2022")  # a new start date: the natural key changes, the ID does not
    count = Delegation.objects.count()
    result = DelegationResource().import_data(dataset, dry_run=False)
    assert s.problems(result) == []
    d1.refresh_from_db()
    assert (d1.member_count, d1.start_date.day) == (25, 11)
    assert Delegation.objects.count() == count


def test_unknown_id_is_refused_rather_than_invented(worked_example):
    dataset = s.load(s.export_file(DelegationResource(), Delegation.objects.all()[:1], "csv"), "doan.csv")
    s.set_cell(dataset, "ID", "999999")
    result = DelegationResource().import_data(dataset, dry_run=False)
    [(row, column, message)] = s.problems(result)
    assert (row, column) == (2, "ID") and "999999" in message
