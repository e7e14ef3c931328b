"""Who may import annual plans: data-entry staff for the commands of their scope only (one row of another command
refuses the whole file), commanders and analysts not at all — in the resource and in the admin."""

import io

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.plan_resources import AnnualPlanResource
from events.models import AnnualPlan, PlanTarget
from tests import factories as f
from tests import spreadsheets as s

HEADER = columns.headers(columns.PLAN_COLUMNS)
OUTSIDE = "Ngoài phạm vi: chỉ được nhập dữ liệu của đơn vị mình và các đơn vị trực thuộc."


def plan_rows(*codes):
    return [[code, 2023, "", "", "", "", "Đoàn vào", "", "", 2, ""] for code in codes]


def load(user, rows):
    return s.run(AnnualPlanResource(), s.xlsx(HEADER, rows), user=user)


def test_one_row_of_another_command_refuses_the_whole_file(users, worked_example):
    result = load(users["staff"], plan_rows("BP", "BP-LN", "TN"))
    assert s.problems(result) == [(4, "Mã đơn vị ta", OUTSIDE)]
    assert not AnnualPlan.objects.exists() and not PlanTarget.objects.exists()

    assert s.problems(load(users["staff"], plan_rows("BP", "BP-LN"))) == []  # their own scope: imported
    assert AnnualPlan.objects.count() == 2


def test_another_commands_stored_plan_is_not_changed(users, worked_example):
    w = worked_example
    plan = AnnualPlan.objects.create(command=w["bp"], year=2023)
    PlanTarget.objects.create(plan=plan, metric="activities", target=7)
    for user in (users["other_staff"], users["district_staff"]):  # Tây Ninh; Lộc Ninh, under Bình Phước
        result = load(user, plan_rows("BP"))
        assert s.problems(result) == [(2, "Mã đơn vị ta", OUTSIDE)], user
    assert list(plan.targets.values_list("metric", "target")) == [("activities", 7)]


def test_roles_without_the_right_to_write_plans_import_nothing(users, worked_example, client):
    for role in ("commander", "analyst"):
        result = load(users[role], plan_rows("BP"))
        [(row, _column, message)] = s.problems(result)  # the file's error: no row is read
        assert row == 0 and message.endswith("không có quyền nhập kế hoạch năm."), message
    assert not AnnualPlan.objects.exists()

    client.force_login(users["commander"])  # no admin at all
    page = client.post("/admin/events/annualplan/import/", {"import_file": _named(s.xlsx(HEADER, plan_rows("BP")))})
    assert page.status_code == 302 and "/admin/login/" in page["Location"]
    assert not AnnualPlan.objects.exists()


def test_an_administrator_imports_every_commands_plans(users, worked_example):
    f.command("TN-CT", "Ban CHQS huyện Châu Thành", level="district", parent=worked_example["qk7"])
    result = load(users["admin"], plan_rows("BP", "TN", "TN-CT"))
    assert s.problems(result) == [] and AnnualPlan.objects.count() == 3


def _named(content, name="ke-hoach.xlsx"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle
