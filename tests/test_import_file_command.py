"""``manage.py import_file``: a file through the admin's import as a named user, all or nothing, with --dry-run."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dnqp.spreadsheets.imports import OUTSIDE_SCOPE
from events.models import Expenditure
from partnerships.models import PartnerUnit
from tests import spreadsheets as s

HEADER = ["Ngày", "Mã đơn vị ta", "Mã đơn vị bạn", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]


def support_file(tmp_path, *codes, name="chi-2023.xlsx"):
    rows = [["01/06/2023", code, "KH-KRT", "Quà tặng", "UBND tỉnh", f"{i + 1}.000.000", f"PC-F{i}"] for i, code in
            enumerate(codes)]  # fmt: skip
    path = tmp_path / name
    path.write_bytes(s.xlsx(HEADER, rows, title_rows=["CHI HỖ TRỢ NĂM 2023"]))
    return path


def vietnamese(message, **values) -> str:
    with translation.override("vi"):
        return str(message) % values


def import_file(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_file", str(path), *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_the_file_as_the_user(tmp_path, users):
    path = support_file(tmp_path, "BP", "BP-LN", "BP")
    out, _err = import_file(path, "--model", "support", "--user", users["staff"].username)
    said = _("Imported %(file)s: %(new)s new, %(update)s updated, %(skip)s unchanged.")
    assert out.strip() == vietnamese(said, file="chi-2023.xlsx", new=3, update=0, skip=0)
    imported = Expenditure.objects.filter(voucher__startswith="PC-F").order_by("voucher")
    assert [(e.command.code, e.amount_vnd) for e in imported] == [
        ("BP", 1_000_000),
        ("BP-LN", 2_000_000),
        ("BP", 3_000_000),
    ]
    history = imported[0].history.get()
    assert history.history_type == "+" and history.history_user == users["staff"]
    assert "chi-2023.xlsx" in history.history_change_reason


def test_a_row_outside_the_users_scope_saves_nothing_and_exits_with_1(tmp_path, users):
    other = users["other_staff"].profile.command.code
    path = support_file(tmp_path, "BP", other, "BP-LN")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_file", str(path), "--model=support", f"--user={users['staff'].username}",
                     "--no-progress", stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert refused.value.returncode == 1  # what manage.py exits with
    assert not Expenditure.objects.filter(voucher__startswith="PC-F").exists()
    # The refused row, as the spreadsheet numbers it (title in row 1, header in row 2: the second line is row 4).
    with translation.override("vi"):
        outside = str(OUTSIDE_SCOPE)
    [line] = err.getvalue().splitlines()
    assert line.startswith("Dòng 4") and outside in line


def test_dry_run_checks_every_row_and_saves_nothing(tmp_path, users):
    path = support_file(tmp_path, "BP", "BP-LN")
    out, _err = import_file(path, "--model", "support", "--user", users["staff"].username, "--dry-run")
    said = _("Checked %(file)s, nothing saved: %(new)s new, %(update)s to update, %(skip)s unchanged.")
    assert out.strip() == vietnamese(said, file="chi-2023.xlsx", new=2, update=0, skip=0)
    assert not Expenditure.objects.filter(voucher__startswith="PC-F").exists()


def test_a_user_who_may_not_import_is_refused(tmp_path, users):
    path = support_file(tmp_path, "BP")
    with pytest.raises(CommandError):
        import_file(path, "--model", "support", "--user", users["analyst"].username)
    with pytest.raises(CommandError):
        import_file(path, "--model", "support", "--user", "nobody-of-that-name")
    assert not Expenditure.objects.filter(voucher__startswith="PC-F").exists()


def test_units_import_row_by_row_through_the_same_command(tmp_path, users):
    path = tmp_path / "don-vi-ban.csv"
    path.write_bytes(s.csv_file(["Mã đơn vị", "Tên đơn vị", "Quốc gia", "Cấp", "Mã đơn vị cấp trên"], [
        ["KH-KRT-CT", "Chi khu Chhloung", "KH", "Chi khu", "KH-KRT"],
        ["KH-KRT-CT-X", "Xã Chhloung", "KH", "Xã", "KH-KRT-CT"],  # its parent is the row above
    ]))  # fmt: skip
    import_file(path, "--model", "partner_units", "--user", users["staff"].username)
    assert PartnerUnit.objects.get(code="KH-KRT-CT-X").parent.code == "KH-KRT-CT"
