"""Every list exports exactly its filtered rows, in the columns of the spreadsheet layer, and every export is logged."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from dnqp.models import ExportLog
from dnqp.spreadsheets import columns


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[list[str]]:
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark (Excel)"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def test_csv_export_holds_exactly_the_filtered_rows(analyst_client, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("delegation-list"), {"status": "completed", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == columns.headers(columns.DELEGATION_COLUMNS)
    assert sorted(int(r[0]) for r in rows[1:]) == sorted([w["d1"].pk, w["d2"].pk])  # D3 is cancelled


def test_csv_uses_codes_choice_values_and_iso_dates(analyst_client, worked_example):
    w = worked_example
    rows = read_csv(analyst_client.get(reverse("delegation-list"), {"direction": "outbound", "format": "csv"}))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Mã đơn vị ta"] == "BP-LN"
    assert record["Mã đơn vị bạn"] == "KH-KRT-SNL"
    assert record["Chiều"] == "outbound"
    assert record["Ngày bắt đầu"] == "2022-12-30"
    assert record["Số người"] == "8"
    assert int(record["ID"]) == w["d2"].pk


def test_agreement_csv_keeps_vietnamese_text(analyst_client, worked_example):
    rows = read_csv(analyst_client.get(reverse("agreement-list"), {"q": "loc ninh", "format": "csv"}))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Mã đơn vị ta"] == "BP-LN"
    assert record["Loại văn bản"] == "twinning"
    assert record["Trạng thái"] == "in_force"
    assert record["Tiêu đề"] == worked_example["p3"].title


def test_xlsx_export_opens_and_holds_the_filtered_rows(analyst_client, worked_example):
    response = analyst_client.get(reverse("expenditure-list"), {"category": "materials", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response)
    assert list(rows[0]) == columns.headers(columns.EXPENDITURE_COLUMNS)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Số tiền (VND)"] == 23_500_500
    assert record["Loại tiền"] == "USD"
    assert record["Mã đơn vị ta"] == "BP-LN"
    assert record["Ngày"].date() == datetime.date(2022, 9, 1)


def test_unit_lists_export_codes(analyst_client, worked_example):
    rows = read_csv(analyst_client.get(reverse("command-list"), {"format": "csv"}))
    by_code = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_code["BP-LN"]["Mã đơn vị cấp trên"] == "BP"
    assert by_code["BP"]["Mã đơn vị sáp nhập vào"] == "DN"
    assert by_code["BP"]["Biên giới"] == "1"
    rows = read_csv(analyst_client.get(reverse("partner-unit-list"), {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}


def test_every_export_is_logged_with_filters_and_row_count(analyst_client, users, worked_example):
    response = analyst_client.get(reverse("agreement-list"), {"kind": "twinning", "format": "csv"})
    body(response)
    entry = ExportLog.objects.get()
    assert entry.user == users["analyst"]
    assert entry.what == "agreements"
    assert entry.file_format == "csv"
    assert entry.filters == {"kind": "twinning"}
    assert entry.row_count == 2


def test_export_of_another_scope_holds_none_of_these_rows(client, users, worked_example):
    client.force_login(users["other_analyst"])
    rows = read_csv(client.get(reverse("agreement-list"), {"format": "csv"}))
    assert rows == [columns.headers(columns.AGREEMENT_COLUMNS)]


def test_unknown_format_and_invalid_filters_are_refused_with_400(analyst_client, worked_example):
    assert analyst_client.get(reverse("agreement-list"), {"format": "pdf"}).status_code == 400
    response = analyst_client.get(reverse("agreement-list"), {"signed_year": "abc", "format": "csv"})
    assert response.status_code == 400
    assert ExportLog.objects.count() == 0


def test_anonymous_export_redirects_to_login(client, worked_example):
    response = client.get(reverse("agreement-list"), {"format": "csv"})
    assert response.status_code == 302
    assert ExportLog.objects.count() == 0


def test_column_specs_cover_every_list_and_use_codes():
    for spec in columns.COLUMNS.values():
        headers = columns.headers(spec)
        assert len(headers) == len(set(headers))
        for column in spec:
            assert not column.path.endswith("_id") or column.header.endswith("(ID)"), column
    paths = {c.path for spec in columns.COLUMNS.values() for c in spec}
    assert "command.code" in paths and "partner_units.code" in paths and "command_id" not in paths
