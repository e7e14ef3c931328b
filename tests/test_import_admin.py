"""The admin import (preview, confirm, all or nothing, scope), export of selected rows, and empty templates."""

import datetime
import io
import os
import tempfile

import openpyxl
import pytest

from dnqp.models import ExportLog
from dnqp.spreadsheets import columns
from events.models import Expenditure
from partnerships.models import Command
from tests import factories as f
from tests import spreadsheets as s

IMPORT_URL = "/admin/events/expenditure/import/"
CONFIRM_URL = "/admin/events/expenditure/process_import/"
HEADER = ["Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]
XLSX = "1"  # index of XLSX in dnqp.spreadsheets.imports.IMPORT_FORMATS


def login(client, user):
    client.force_login(user)
    return client


def upload(client, content, name="chi.xlsx", url=IMPORT_URL, fmt=XLSX):
    return client.post(url, {"import_file": _named(content, name), "format": fmt})


def _named(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def support_file(*codes):
    rows = [["01/06/2023", code, "Quà", "Tỉnh", "5.000.000", f"PC-A{i}"] for i, code in enumerate(codes)]
    return s.xlsx(HEADER, rows, title_rows=["CHI HỖ TRỢ 2023"])


def test_preview_then_confirm_imports_the_file(client, users):
    login(client, users["staff"])
    page = client.get(IMPORT_URL)
    assert page.status_code == 200 and b"import-template.xlsx" in page.content

    preview = upload(client, support_file("BP", "BP-LN"))
    assert preview.status_code == 200
    assert not Expenditure.objects.filter(voucher__startswith="PC-A").exists()  # a dry run
    confirm = preview.context["confirm_form"]
    assert confirm is not None
    done = client.post(CONFIRM_URL, {**confirm.initial})
    assert done.status_code == 302
    assert Expenditure.objects.filter(voucher__startswith="PC-A").count() == 2


def test_preview_of_a_bad_file_names_the_rows_and_offers_no_confirmation(client, users):
    login(client, users["staff"])
    preview = upload(client, support_file("BP", users["other_staff"].profile.command.code, "KHONG-CO"))
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context or not preview.context["confirm_form"]
    rows = {row.number for row in preview.context["result"].invalid_rows}
    assert rows == {4, 5}  # title row 1, header row 2: the data rows 2 and 3 are spreadsheet rows 4 and 5
    assert not Expenditure.objects.filter(voucher__startswith="PC-A").exists()


def test_roles_that_may_not_import_are_refused(client, users):
    login(client, users["staff"])
    assert client.get("/admin/partnerships/command/import/").status_code == 403
    client.logout()
    login(client, users["analyst"])  # not an admin user at all
    assert client.get(IMPORT_URL).status_code == 302
    assert client.get("/admin/events/expenditure/import-template.xlsx").status_code == 302


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_empty_template_has_the_export_columns(client, users, fmt):
    login(client, users["staff"])
    response = client.get(f"/admin/events/expenditure/import-template.{fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    dataset = s.load(content, f"t.{fmt}")
    assert list(dataset.headers) == columns.headers(columns.EXPENDITURE_COLUMNS)
    assert len(dataset) == 0


def test_export_of_selected_rows_imports_back_and_is_logged(client, users, worked_example):
    login(client, users["admin"])
    selected = [worked_example["s1"].pk]
    response = client.post(
        "/admin/events/expenditure/export/", {"format": XLSX, "resource": "0", "export_items": selected}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == columns.headers(columns.EXPENDITURE_COLUMNS)
    assert [row[0] for row in rows[1:]] == selected
    assert ExportLog.objects.filter(user=users["admin"], file_format="xlsx", row_count=1).exists()

    before = Expenditure.objects.count()
    preview = upload(client, response.content, "export.xlsx")
    assert preview.context["confirm_form"] is not None
    assert preview.context["result"].totals["skip"] == 1 and Expenditure.objects.count() == before


def test_staff_export_holds_only_their_scope(client, users, worked_example):
    login(client, users["other_staff"])  # another province: none of the worked example's support
    response = client.post("/admin/events/expenditure/export/", {"format": XLSX, "resource": "0"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1:] == []


def test_agreement_list_keeps_its_ceremony_button(client, users):
    login(client, users["admin"])
    page = client.get("/admin/partnerships/agreement/")
    assert b"/admin/partnerships/agreement/ceremony/" in page.content
    assert b"/admin/partnerships/agreement/import/" in page.content
    assert Command.objects.exists()


def test_csv_from_vietnamese_excel_goes_through_preview_and_confirm(client, users):
    login(client, users["staff"])
    rows = [["02/06/2023", "BP-LN", "Vật tư y tế", "Quân khu", "1.234.567", "PC-C1"]]
    content = s.csv_file(HEADER, rows, title_rows=["CHI HỖ TRỢ 2023"], delimiter=";").replace(b"\n", b"\r\n")
    preview = upload(client, content, "chi.csv", fmt="0")
    assert preview.context["confirm_form"] is not None, s.problems(preview.context["result"])
    assert client.post(CONFIRM_URL, {**preview.context["confirm_form"].initial}).status_code == 302
    assert Expenditure.objects.get(voucher="PC-C1").amount_vnd == 1_234_567


def test_confirm_of_a_file_changed_since_the_preview_imports_nothing(client, users):
    login(client, users["staff"])
    preview = upload(client, support_file("BP", "BP-LN"))
    initial = preview.context["confirm_form"].initial
    stored = os.path.join(tempfile.gettempdir(), initial["import_file_name"])
    with open(stored, "wb") as handle:  # the waiting file now names another command's row
        handle.write(support_file("BP", users["other_staff"].profile.command.code))
    done = client.post(CONFIRM_URL, {**initial}, follow=True)
    assert done.redirect_chain[-1][0] == IMPORT_URL
    shown = [str(m) for m in done.context["messages"]]
    assert len(shown) == 2 and "4" in shown[1]  # the summary, then row 4 (title, header, BP, DN)
    assert not Expenditure.objects.filter(voucher__startswith="PC-A").exists()


def test_admin_export_query_count_does_not_grow_with_rows(client, users, worked_example, django_assert_num_queries):
    login(client, users["staff"])

    def export():
        # 0 the session (kept in the database), 1 the user (session) with their groups (role) and command id
        # (scope), 2-3 their user and group permissions, 4 the command filter's choices, 5 the country filter's
        # choices (change list filters), 6 the delegations with command and agreement, 7 their partner units
        # (prefetch), 8 the export log.
        with django_assert_num_queries(9):
            response = client.post("/admin/events/delegation/export/", {"format": XLSX, "resource": "0"})
        return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)

    few = export()
    for day in range(1, 10):
        f.delegation(worked_example["bp"], datetime.date(2024, 1, day), partners=[worked_example["krt"]])
    assert len(export()) == len(few) + 9
