"""Staff import only records of their command's subtree; roles without write rights import nothing."""

import pytest
from django.utils import translation

from dnqp.spreadsheets.event_resources import DelegationResource, ExpenditureResource
from dnqp.spreadsheets.unit_resources import CommandResource, PartnerUnitResource
from events.models import Delegation, Expenditure
from partnerships.models import Command, PartnerUnit
from tests import spreadsheets as s

HEADER = ["Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Số chứng từ"]


def support(*codes):
    return s.xlsx(HEADER, [["01/06/2023", code, "Quà", "Tỉnh", "5.000.000", f"PC-{i}"] for i, code in enumerate(codes)])


@pytest.fixture
def outsider(users):
    """The staff user of another province: neither above, below nor merged into Bình Phước."""
    return users["other_staff"]


def outside_message():
    with translation.override("vi"):
        from dnqp.spreadsheets.imports import OUTSIDE_SCOPE

        return str(OUTSIDE_SCOPE)


def test_staff_imports_rows_of_their_subtree(users):
    result = s.run(ExpenditureResource(), support("BP", "BP-LN"), user=users["staff"])
    assert s.problems(result) == []
    assert Expenditure.objects.filter(voucher__startswith="PC-").count() == 2


def test_row_of_another_command_is_refused_and_nothing_is_written(users, outsider):
    other = outsider.profile.command.code
    result = s.run(ExpenditureResource(), support("BP", other, "BP-LN"), user=users["staff"])
    assert s.problems(result) == [(3, "Mã đơn vị ta", outside_message())]
    assert not Expenditure.objects.filter(voucher__startswith="PC-").exists()


def test_district_staff_may_not_import_for_the_province(users):
    result = s.run(ExpenditureResource(), support("BP-LN", "BP"), user=users["district_staff"])
    assert [(row, column) for row, column, _m in s.problems(result)] == [(3, "Mã đơn vị ta")]
    assert not Expenditure.objects.filter(voucher__startswith="PC-").exists()


def test_another_scopes_record_cannot_be_taken_over_by_id(users, worked_example, outsider):
    d1 = worked_example["d1"]  # a delegation of BP
    dataset = s.load(s.export_file(DelegationResource(), Delegation.objects.filter(pk=d1.pk), "csv"), "d.csv")
    s.set_cell(dataset, "Mã đơn vị ta", outsider.profile.command.code)  # moving it to their own: refused too
    result = DelegationResource().import_data(dataset, dry_run=False, user=outsider)
    assert [(row, column) for row, column, _m in s.problems(result)] == [(2, "ID")]
    d1.refresh_from_db()
    assert d1.command.code == "BP"


def test_roles_without_write_rights_import_nothing(users):
    for who in ("analyst", "commander", "nobody"):
        result = s.run(ExpenditureResource(), support("BP"), user=users[who])
        [(row, _column, _message)] = s.problems(result)
        assert row == 0, who
    assert not Expenditure.objects.filter(voucher__startswith="PC-").exists()


def test_staff_may_import_partner_units_but_not_commands(users):
    partners = s.xlsx(
        ["Mã đơn vị", "Tên đơn vị", "Quốc gia", "Cấp"], [["LA-ATP", "Bộ CHQS tỉnh Attapeu", "LA", "Tỉnh"]]
    )
    assert s.problems(s.run(PartnerUnitResource(), partners, user=users["staff"])) == []
    assert PartnerUnit.objects.get(code="LA-ATP").country == "LA"

    commands = s.xlsx(["Mã đơn vị", "Tên đơn vị", "Cấp"], [["BP-BD", "Ban CHQS huyện Bù Đốp", "Huyện"]])
    [(row, _column, _message)] = s.problems(s.run(CommandResource(), commands, user=users["staff"]))
    assert row == 0 and not Command.objects.filter(code="BP-BD").exists()
    assert s.problems(s.run(CommandResource(), commands, user=users["admin"])) == []
    assert Command.objects.filter(code="BP-BD").exists()
