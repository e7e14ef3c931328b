"""The one export writer: CSV with BOM that streams in batches, XLSX with frozen bold header and formats."""

import datetime
import io
import tracemalloc

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.utils.translation import gettext_lazy

from dnqp.models import ExportLog
from dnqp.reports import yearly_report, yearly_report_rows
from dnqp.reports.yearly import YEARLY_NUMBER_COLUMNS, export_yearly_report
from dnqp.spreadsheets import exports
from tests import factories as f

D = datetime.date


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_has_bom_vietnamese_text_and_streams_in_batches():
    rows = [["Mã", "Đơn vị", "Ngày"]] + [[i, "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu", D(2022, 4, 12)] for i in range(4500)]
    response = exports.csv_response(iter(rows), "đoàn-vào.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
    chunks = list(response.streaming_content)
    assert chunks[0] == b"\xef\xbb\xbf"
    assert len(chunks) == 1 + 3  # BOM + ceil(4501 / 2000) batches
    text = b"".join(chunks).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Mã,Đơn vị,Ngày"
    assert lines[1] == "0,Bộ CHQS tỉnh Bà Rịa – Vũng Tàu,2022-04-12"
    assert len(lines) == 4502  # 4501 rows and the final newline


def test_csv_of_a_large_generator_runs_in_bounded_memory():
    def rows():
        yield ["Ngày", "Số tiền", "Đơn vị"]
        for i in range(50_000):
            yield (D(2022, 1, 1), 1_000_000 + i, "Ban CHQS huyện Lộc Ninh")

    response = exports.csv_response(rows(), "chi.csv")
    tracemalloc.start()
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert size > 50_000 * 30
    assert peak < 5 * 1024 * 1024  # one batch at a time, never the whole file


def test_csv_reports_its_row_count_when_finished():
    counts = []
    response = exports.csv_response(
        iter([["a"], [1], [2], ["Tổng cộng"]]), "x.csv", on_finish=counts.append, total_row=True
    )
    assert counts == []  # nothing has been produced yet
    read(response)
    assert counts == [2]


def test_xlsx_frozen_bold_header_number_formats_dates_and_totals_row():
    rows = [
        [gettext_lazy("Code"), "Đơn vị", "Ngày ký", "Chi hỗ trợ (₫)"],
        ["BP", "Bộ CHQS tỉnh Bình Phước", D(2022, 4, 13), 80_000_000],
        ["BP-LN", "Ban CHQS huyện Lộc Ninh", D(2022, 9, 1), 23_500_500],
        ["", "Tổng cộng", None, 103_500_500],
    ]
    response = exports.xlsx_response(
        rows, "báo-cáo.xlsx", sheet_title="Báo cáo: năm 2022", money_columns=[3], total_row=True
    )
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "Báo cáo  năm 2022"
    assert sheet.freeze_panes == "A2"
    # A lazy translation is written as text in the active language.
    assert [c.value for c in sheet[1]] == [str(gettext_lazy("Code")), "Đơn vị", "Ngày ký", "Chi hỗ trợ (₫)"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["C2"].value == datetime.datetime(2022, 4, 13) and sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].value == 80_000_000 and sheet["D2"].number_format == "#,##0"
    assert not sheet["B2"].font.bold
    assert sheet["D4"].value == 103_500_500 and sheet["D4"].font.bold and sheet["B4"].font.bold


def test_export_response_dispatches_and_refuses_unknown_formats():
    rows = [["a"], [1]]
    assert exports.export_response("csv", rows, "x.csv").streaming
    assert not exports.export_response("xlsx", rows, "x.xlsx").streaming
    with pytest.raises(Http404):
        exports.export_response("pdf", rows, "x.pdf")


def test_logged_export_logs_the_row_count_when_the_stream_ends(db):
    user = f.user("tonghop", "analyst")
    response = exports.logged_export_response(
        "csv", iter([["a"], [1], [2], [3]]), "x.csv", user=user, what="expenditures", filters={"year": 2022}
    )
    entry = ExportLog.objects.get()
    assert (entry.user, entry.what, entry.file_format, entry.filters, entry.row_count) == (
        user, "expenditures", "csv", {"year": 2022}, None
    )  # fmt: skip
    read(response)
    entry.refresh_from_db()
    assert entry.row_count == 3


def test_yearly_report_xlsx_opens_with_totals(worked_example, users, django_assert_num_queries):
    user = User.objects.get(pk=users["analyst"].pk)
    report = yearly_report(user=user, year=2022, today=D(2026, 11, 23))
    # 1 the export log entry (the report is already computed).
    with django_assert_num_queries(1):
        response = export_yearly_report(report=report, fmt="xlsx", user=user, filters={"year": 2022})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    values = list(sheet.values)
    assert len(values) == 1 + 2 + 1
    assert values[1][0] == "BP" and values[2][0] == "BP-LN"
    assert values[3][16] == 103_500_500 and sheet.cell(row=4, column=17).font.bold  # support
    assert sheet.cell(row=2, column=17).number_format == "#,##0"
    assert ExportLog.objects.get().row_count == 2
    rows = list(yearly_report_rows(report))
    assert len(rows[0]) == 2 + len(YEARLY_NUMBER_COLUMNS)
    csv_text = read(export_yearly_report(report=report, fmt="csv", user=user, filters={})).decode("utf-8-sig")
    # Support, to partners, then per category (funds, materials, medical, construction, gifts, …), per funding
    # source, and empty plan columns (no plan).
    assert ",103500500,103500500,0,23500500,0,0,80000000,0,0,0," in csv_text.splitlines()[-1]
    assert csv_text.splitlines()[-1].endswith(",,,,,")
