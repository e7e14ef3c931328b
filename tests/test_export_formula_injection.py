"""Text typed by a user never becomes a live formula in an exported spreadsheet, and still imports back.

OWASP "CSV injection": exports travel up the chain of command and are opened in Excel. In XLSX every
text cell is a string cell; in CSV a text cell starting with = + - @ (or a tab / carriage return) gets an
apostrophe in front. The import takes that apostrophe off, so the round trip changes nothing.
"""

import csv
import datetime
import html
import io
import zipfile

import pytest

from dnqp.spreadsheets.event_resources import ExpenditureResource
from events.models import Expenditure
from tests import factories as f
from tests import spreadsheets as s

TYPED = [
    '=HYPERLINK("http://example.invalid/x","bấm vào đây")',
    "+84 123 456",
    "-Quà tặng",
    "@SUM(A1:A9)",
    "'=đã có dấu nháy",
    "Tiểu khu Kratie",  # ordinary text stays as typed
]


@pytest.fixture
def typed_lines(worked_example):
    krt, bp = worked_example["krt"], worked_example["bp"]
    return [
        f.expenditure(bp, datetime.date(2023, 3, day), 1_000_000, partner_unit=krt, beneficiary=text, description=text)
        for day, text in enumerate(TYPED, start=1)
    ]


def download(client, url, fmt):
    response = client.get(url, {"format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_xlsx_export_has_no_formula(client, users, typed_lines):
    client.force_login(users["superuser"])
    content = download(client, "/support/", "xlsx")
    # The sheet as text, character references read (openpyxl writes them when lxml is installed).
    sheet = html.unescape(zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode())
    assert "<f>" not in sheet and "<f " not in sheet
    assert 'HYPERLINK("http://example.invalid/x","bấm vào đây")' in sheet  # kept, as text


def test_csv_export_neutralises_formula_cells(client, users, typed_lines):
    client.force_login(users["superuser"])
    content = download(client, "/support/", "csv").decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(content)) for cell in row}
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert "'" + TYPED[0] in cells and "''=đã có dấu nháy" in cells and "Tiểu khu Kratie" in cells


def test_yearly_report_csv_neutralises_a_typed_command_name(client, users, worked_example):
    region = worked_example["qk7"]
    region.name = "=1+1 Bộ CHQS"
    region.save()
    client.force_login(users["superuser"])
    content = download(client, "/reports/yearly/", "csv").decode("utf-8-sig")
    assert "'=1+1 Bộ CHQS" in content
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(content)) for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_neutralised_export_imports_back_to_what_was_typed(client, users, typed_lines, fmt):
    client.force_login(users["superuser"])
    content = download(client, "/support/", fmt)
    before = sorted(Expenditure.objects.values_list("id", "beneficiary", "description", "version"))
    result = s.run(ExpenditureResource(), content, f"chi.{fmt}", user=users["superuser"])
    assert s.problems(result) == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert sorted(Expenditure.objects.values_list("id", "beneficiary", "description", "version")) == before
    assert set(Expenditure.objects.values_list("beneficiary", flat=True)) >= set(TYPED)


def test_admin_export_writes_text_not_formulas(client, users, typed_lines):
    client.force_login(users["superuser"])
    response = client.post("/admin/events/expenditure/export/", {"format": "1", "resource": "0"})  # XLSX
    assert response.status_code == 200
    sheet = html.unescape(zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode())
    assert "<f>" not in sheet and "@SUM(A1:A9)" in sheet
