"""A plans file with bad rows: every problem is its row's error in Vietnamese (unknown figure, an activity kind on
another figure, a target of zero, the same target twice, an approval after the plan's year, different plan values
on the rows of one plan…), nothing is saved, and never a 500 — also when the database refuses a plan or a target
that someone else saved meanwhile."""

import pytest

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.plan_resources import AnnualPlanResource
from events.models import AnnualPlan, PlanTarget
from tests import spreadsheets as s

HEADER = columns.headers(columns.PLAN_COLUMNS)
BP_2023 = ["BP", 2023, "15/KH-BCH", "10/01/2023", "Bộ Tư lệnh Quân khu 7", ""]


def load(user, rows):
    return s.run(AnnualPlanResource(), s.xlsx(HEADER, rows), "ke-hoach.xlsx", user=user)


def test_each_bad_row_says_why_in_vietnamese_and_nothing_is_saved(users, worked_example):
    rows = [
        [*BP_2023, "Đoàn vào", "", "", 3, ""],  # row 2: fine
        [*BP_2023, "Ôm hôn", "", "", 1, ""],  # 3: no such figure
        [*BP_2023, "Đoàn ra", "Giao ban", "", 2, ""],  # 4: an activity kind on delegations
        [*BP_2023, "Hoạt động", "", "", 0, ""],  # 5: a target of zero
        [*BP_2023, "Đoàn vào", "", "", 4, ""],  # 6: the target of row 2 again
        ["BP-LN", 2022, "", "05/01/2023", "", "", "Đoàn vào", "", "", 1, ""],  # 7: approved after its year
        ["BP", 2023, "16/KH-BCH", "", "", "", "Chi hỗ trợ", "", "", "5.000.000", ""],  # 8: another number, same plan
        ["BP", "", "", "", "", "", "Đoàn vào", "", "", 1, ""],  # 9: no year
        ["BP", 1890, "", "", "", "", "Đoàn vào", "", "", 1, ""],  # 10: a year out of range
        ["KHONG-CO", 2023, "", "", "", "", "Đoàn vào", "", "", 1, ""],  # 11: no such command
        [*BP_2023, "Hoạt động", "", "KH-KHONG", 1, ""],  # 12: no such partner unit
        [*BP_2023, "Hoạt động", "Giao lưu", "", "", ""],  # 13: no target
        [*BP_2023, "", "", "", 2, ""],  # 14: no figure
    ]
    result = load(users["staff"], rows)

    problems = {(row, column): message for row, column, message in s.problems(result)}
    assert problems == {
        (3, "Chỉ tiêu"): "“Ôm hôn” không thuộc các giá trị cho phép: Văn bản ký kết trong kỳ; Đoàn vào; Đoàn ra; "
        "Hoạt động; Chi hỗ trợ (đồng).",
        (4, "Loại hoạt động"): "Loại hoạt động chỉ dùng cho chỉ tiêu hoạt động.",
        (5, "Chỉ tiêu kế hoạch"): "Chỉ tiêu phải là số dương.",
        (6, "Chỉ tiêu"): "Dòng 2 đã ghi cho kế hoạch này chỉ tiêu cùng tên chỉ tiêu, loại hoạt động và đơn vị bạn: "
        "mỗi kế hoạch chỉ có một chỉ tiêu như vậy.",
        (7, "Ngày phê duyệt"): "Kế hoạch được phê duyệt trước hoặc trong năm kế hoạch.",
        (8, "Số, ký hiệu"): "Dòng 2 ghi cho kế hoạch này (cùng đơn vị, cùng năm) là “15/KH-BCH”: các dòng của một "
        "kế hoạch phải ghi cùng một giá trị, hoặc để trống ô.",
        (9, "Năm"): "Ghi năm kế hoạch.",
        (10, "Năm"): "Năm kế hoạch phải từ 1975 đến 2100.",
        (11, "Mã đơn vị ta"): "Không có đơn vị mang mã “KHONG-CO”.",
        (12, "Mã đơn vị bạn"): "Không có đơn vị bạn mang mã “KH-KHONG”.",
        (13, "Chỉ tiêu kế hoạch"): "Ghi chỉ tiêu kế hoạch: một số nguyên lớn hơn 0.",
        (14, "Chỉ tiêu"): "Ghi tên chỉ tiêu (ví dụ “Đoàn vào”).",
    }
    assert not AnnualPlan.objects.exists() and not PlanTarget.objects.exists()


def test_a_bad_row_keeps_a_stored_plan_as_it_was(users, worked_example):
    w = worked_example
    plan = AnnualPlan.objects.create(command=w["bp"], year=2023, reference="15/KH-BCH")
    PlanTarget.objects.create(plan=plan, metric="delegations_inbound", target=3)
    rows = [[*BP_2023, "Đoàn vào", "", "", 9, ""], [*BP_2023, "Đoàn ra", "", "", -2, ""]]
    result = load(users["staff"], rows)
    assert [(row, column) for row, column, _message in s.problems(result)] == [(3, "Chỉ tiêu kế hoạch")]
    assert list(plan.targets.values_list("metric", "target")) == [("delegations_inbound", 3)]
    plan.refresh_from_db()
    assert plan.version == 1 and plan.approved_on is None


def test_a_file_without_the_target_columns_is_refused_as_a_whole(users, worked_example):
    content = s.xlsx(["Mã đơn vị ta", "Năm", "Số, ký hiệu"], [["BP", 2023, "15/KH-BCH"]])
    result = s.run(AnnualPlanResource(), content, user=users["staff"])
    assert [message for _row, _column, message in s.problems(result)] == ["Thiếu cột: Chỉ tiêu, Chỉ tiêu kế hoạch."]
    assert not AnnualPlan.objects.exists()


@pytest.fixture
def saved_meanwhile(monkeypatch):
    """The plans the import looked up miss the one another user saves just before the import writes."""

    def stored_plans(resource, groups):
        return {}

    monkeypatch.setattr(AnnualPlanResource, "stored_plans", stored_plans)


def test_a_plan_saved_by_someone_else_meanwhile_is_the_rows_error(users, worked_example, saved_meanwhile):
    w = worked_example
    AnnualPlan.objects.create(command=w["bp"], year=2023, reference="Người khác")
    result = load(users["staff"], [[*BP_2023, "Đoàn vào", "", "", 3, ""]])
    assert s.problems(result) == [
        (
            2,
            "Năm",
            "Người khác vừa lưu kế hoạch năm này của đơn vị trong lúc nhập tệp. Chưa nhập dữ liệu nào: đồng chí "
            "nhập lại tệp để cập nhật kế hoạch đó.",
        )
    ]
    assert AnnualPlan.objects.get().reference == "Người khác" and not PlanTarget.objects.exists()


def test_a_target_saved_by_someone_else_meanwhile_is_the_rows_error(users, worked_example, monkeypatch):
    w = worked_example
    plan = AnnualPlan.objects.create(command=w["bp"], year=2023, reference="15/KH-BCH")
    original = AnnualPlanResource.write_targets

    def write_targets(resource, group):
        # The other user's target commits after the import compared the plan's targets, before it writes them.
        PlanTarget.objects.create(plan=plan, metric="delegations_outbound", target=1)
        return original(resource, group)

    monkeypatch.setattr(AnnualPlanResource, "write_targets", write_targets)
    result = load(users["staff"], [[*BP_2023, "Đoàn vào", "", "", 3, ""], [*BP_2023, "Đoàn ra", "", "", 2, ""]])
    assert s.problems(result) == [
        (
            3,
            "Chỉ tiêu",
            "Người khác vừa lưu vào kế hoạch này chỉ tiêu cùng tên chỉ tiêu, loại hoạt động và đơn vị bạn trong lúc "
            "nhập tệp. Chưa nhập dữ liệu nào: đồng chí nhập lại tệp.",
        )
    ]
    plan.refresh_from_db()
    assert plan.version == 1 and not plan.targets.filter(metric="delegations_inbound").exists()  # rolled back
