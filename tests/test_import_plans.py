"""Annual plans from a spreadsheet, one row per target: a plan is created with its targets, a second file updates
it in place (the file states the plan's targets completely: one left out is removed), and loading the same file
twice changes nothing (docs/OPERATIONS.md, "Annual plans")."""

import datetime

from dnqp.spreadsheets import columns
from dnqp.spreadsheets.plan_resources import AnnualPlanResource
from events.models import AnnualPlan, PlanTarget
from tests import spreadsheets as s

HEADER = columns.headers(columns.PLAN_COLUMNS)
PLAN = ["BP", 2023, "15/KH-BCH", "10/01/2023", "Bộ Tư lệnh Quân khu 7", "Kế hoạch ĐNQP năm 2023"]
SAME_PLAN_MERGED = ["BP", 2023, "", "", "", ""]  # the plan's cells merged in the spreadsheet: empty below the first
ROWS = [
    [*PLAN, "Đoàn vào", "", "", 3, ""],
    [*SAME_PLAN_MERGED, "Hoạt động", "Giao ban", "KH-KRT", 4, "Giao ban hằng quý"],
    [*PLAN, "Chi hỗ trợ", "", "", "150.000.000", ""],
    ["BP-LN", 2023, "", "", "", "", "", "", "", "", ""],  # a draft plan without targets yet
]
TARGET = ("metric", "activity_kind", "partner_unit__code", "target", "note")


def load(user, rows, name="ke-hoach-2023.xlsx", dry_run=False):
    return s.run(
        AnnualPlanResource(),
        s.xlsx(HEADER, rows, title_rows=["KẾ HOẠCH ĐNQP NĂM 2023"]),
        name,
        user=user,
        dry_run=dry_run,
    )


def targets(plan):
    return sorted(PlanTarget.objects.filter(plan=plan).values_list(*TARGET), key=str)


def snapshot():
    plans = list(AnnualPlan.objects.order_by("pk").values())
    return plans, list(PlanTarget.objects.order_by("pk").values()), AnnualPlan.history.count()


def test_import_creates_each_plan_with_its_targets(users, worked_example):
    w = worked_example
    result = load(users["staff"], ROWS)
    assert s.problems(result) == []
    assert result.totals["new"] == 4

    plan = AnnualPlan.objects.get(command=w["bp"], year=2023)
    assert (plan.reference, plan.approved_on, plan.approved_by, plan.notes) == (
        "15/KH-BCH",
        datetime.date(2023, 1, 10),
        "Bộ Tư lệnh Quân khu 7",
        "Kế hoạch ĐNQP năm 2023",
    )
    assert targets(plan) == sorted(
        [
            ("delegations_inbound", "", None, 3, ""),
            ("activities", "border_meeting", "KH-KRT", 4, "Giao ban hằng quý"),
            ("expenditure_vnd", "", None, 150_000_000, ""),
        ],
        key=str,
    )
    draft = AnnualPlan.objects.get(command=w["bp_ln"], year=2023)
    assert draft.approved_on is None and targets(draft) == []
    entry = plan.history.first()
    assert entry.history_change_reason == "Nhập từ tệp ke-hoach-2023.xlsx" and entry.history_user == users["staff"]


def test_a_dry_run_writes_nothing(users, worked_example):
    result = load(users["staff"], ROWS, dry_run=True)
    assert s.problems(result) == [] and result.totals["new"] == 4
    assert not AnnualPlan.objects.exists() and not PlanTarget.objects.exists()


def test_reimport_updates_in_place_and_removes_the_targets_left_out(users, worked_example):
    w = worked_example
    load(users["staff"], ROWS)
    plan = AnnualPlan.objects.get(command=w["bp"], year=2023)
    ids = {(t.metric, t.activity_kind): t.pk for t in plan.targets.all()}

    approved = [*PLAN[:3], "20/01/2023", *PLAN[4:]]
    revised = [
        [*approved, "Đoàn vào", "", "", 5, "Tăng theo chỉ đạo"],  # changed
        [*approved, "Hoạt động", "Giao ban", "KH-KRT", 4, "Giao ban hằng quý"],  # as before
        [*approved, "Đoàn ra", "", "", 2, ""],  # new; the support target is left out: removed
        ["BP-LN", 2023, "", "", "", "", "", "", "", "", ""],
    ]
    preview = load(users["staff"], revised, dry_run=True)
    assert s.problems(preview) == []
    kinds = [row.import_type for row in preview.valid_rows()]
    assert kinds == ["update", "update", "new", "delete", "skip"]  # the removed target shown after its plan's rows
    assert targets(plan)[0] == ("activities", "border_meeting", "KH-KRT", 4, "Giao ban hằng quý")  # nothing written

    result = load(users["staff"], revised, "ke-hoach-2023-dieu-chinh.xlsx")
    assert s.problems(result) == []
    plan.refresh_from_db()
    assert plan.approved_on == datetime.date(2023, 1, 20) and plan.version == 2
    assert targets(plan) == sorted(
        [
            ("delegations_inbound", "", None, 5, "Tăng theo chỉ đạo"),
            ("activities", "border_meeting", "KH-KRT", 4, "Giao ban hằng quý"),
            ("delegations_outbound", "", None, 2, ""),
        ],
        key=str,
    )
    kept = {(t.metric, t.activity_kind): t.pk for t in plan.targets.all()}
    assert kept[("delegations_inbound", "")] == ids[("delegations_inbound", "")]  # updated, not replaced
    assert kept[("activities", "border_meeting")] == ids[("activities", "border_meeting")]
    assert not PlanTarget.objects.filter(pk=ids[("expenditure_vnd", "")]).exists()
    assert plan.history.first().history_change_reason == "Nhập từ tệp ke-hoach-2023-dieu-chinh.xlsx"


def test_loading_the_same_file_twice_changes_nothing(users, worked_example):
    assert s.problems(load(users["staff"], ROWS)) == []
    before = snapshot()

    again = load(users["staff"], ROWS)

    assert s.problems(again) == []
    assert again.totals["skip"] == len(ROWS) and again.totals["new"] == again.totals["update"] == 0
    assert again.totals["delete"] == 0
    assert snapshot() == before  # same records, same versions, no new history entry
    assert (again.plans_created, again.plans_changed, again.plans_unchanged) == ([], [], 2)


def test_a_file_without_a_plan_column_keeps_its_stored_value(users, worked_example):
    w = worked_example
    load(users["staff"], ROWS)
    header = ["Mã đơn vị ta", "Năm", "Chỉ tiêu", "Loại hoạt động", "Mã đơn vị bạn", "Chỉ tiêu kế hoạch"]
    rows = [["BP", 2023, "Đoàn vào", "", "", 3], ["BP", 2023, "Hoạt động", "Giao ban", "KH-KRT", 4]]
    result = s.run(AnnualPlanResource(), s.xlsx(header, rows), user=users["staff"])
    assert s.problems(result) == []
    plan = AnnualPlan.objects.get(command=w["bp"], year=2023)
    assert plan.reference == "15/KH-BCH" and plan.notes == "Kế hoạch ĐNQP năm 2023"
    assert targets(plan) == sorted(
        [("delegations_inbound", "", None, 3, ""), ("activities", "border_meeting", "KH-KRT", 4, "Giao ban hằng quý")],
        key=str,
    )  # the notes of the targets stay too: the file has no "Ghi chú" column
