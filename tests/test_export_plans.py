"""Annual plans out of the admin and back: the export writes one row per target with the plan's columns (a plan
without targets: one row), only the user's scope, in a fixed number of queries; the exported file imports back
unchanged, and an edited one goes through the preview (changes and removed targets shown) and the confirmation."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry

from dnqp.models import ExportLog
from dnqp.spreadsheets import columns
from events.models import AnnualPlan, PlanTarget
from tests import factories as f
from tests import spreadsheets as s

EXPORT_URL = "/admin/events/annualplan/export/"
IMPORT_URL = "/admin/events/annualplan/import/"
CONFIRM_URL = "/admin/events/annualplan/process_import/"
FORMATS = {"csv": "0", "xlsx": "1"}  # dnqp.spreadsheets.imports.IMPORT_FORMATS / EXPORT_FORMATS


@pytest.fixture
def plans(worked_example, users):
    w = worked_example
    tn = users["other_staff"].profile.command
    bp = AnnualPlan.objects.create(
        command=w["bp"], year=2023, reference="15/KH-BCH", approved_on=datetime.date(2023, 1, 10), notes="=1+1"
    )
    PlanTarget.objects.create(plan=bp, metric="delegations_inbound", target=3)
    PlanTarget.objects.create(
        plan=bp, metric="activities", activity_kind="border_meeting", partner_unit=w["krt"], target=4, note="Quý"
    )
    PlanTarget.objects.create(plan=bp, metric="expenditure_vnd", target=150_000_000)
    draft = AnnualPlan.objects.create(command=w["bp_ln"], year=2023)
    other = AnnualPlan.objects.create(command=tn, year=2023)
    PlanTarget.objects.create(plan=other, metric="activities", target=9)
    return {"bp": bp, "draft": draft, "other": other}


def export(client, fmt="xlsx", **data):
    response = client.post(EXPORT_URL, {"format": FORMATS[fmt], "resource": "0", **data})
    assert response.status_code == 200
    return response.content


def sheet_rows(content):
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.values]


def upload(client, content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(IMPORT_URL, {"import_file": handle, "format": FORMATS[name.rsplit(".", 1)[1]]})


def state():
    return list(AnnualPlan.objects.order_by("pk").values()), list(PlanTarget.objects.order_by("pk").values())


def test_the_import_page_states_the_rule_of_plans(client, users):
    client.force_login(users["staff"])
    page = client.get(IMPORT_URL).content.decode()
    assert "chỉ tiêu nào của kế hoạch không có trong tệp sẽ bị xóa" in page
    assert "/admin/events/annualplan/import-template.xlsx" in page
    template = client.get("/admin/events/annualplan/import-template.csv")
    assert s.load(b"".join(template.streaming_content), "t.csv").headers == columns.headers(columns.PLAN_COLUMNS)


def test_export_writes_a_row_per_target_of_the_plans_in_scope(client, users, plans):
    client.force_login(users["staff"])
    rows = sheet_rows(export(client))
    assert rows[0] == columns.headers(columns.PLAN_COLUMNS)
    plan = ["BP", 2023, "15/KH-BCH", datetime.datetime(2023, 1, 10), None, "=1+1"]  # a date cell; text stays text
    assert rows[1:] == [
        [*plan, "delegations_inbound", None, None, 3, None],
        [*plan, "activities", "border_meeting", "KH-KRT", 4, "Quý"],
        [*plan, "expenditure_vnd", None, None, 150_000_000, None],
        ["BP-LN", 2023, None, None, None, None, None, None, None, None, None],  # the draft, no target yet
    ]  # Tây Ninh's plan is not in the staff member's scope
    assert ExportLog.objects.get(user=users["staff"]).row_count == 4


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_file_imports_back_unchanged(client, users, plans, fmt):
    client.force_login(users["staff"])
    content = export(client, fmt)
    before = state()
    preview = upload(client, content, f"ke-hoach.{fmt}")
    result = preview.context["result"]
    assert preview.context["confirm_form"] is not None, result.invalid_rows
    assert result.totals["skip"] == 4 and result.totals["new"] == result.totals["update"] == 0
    done = client.post(CONFIRM_URL, {**preview.context["confirm_form"].initial}, follow=True)
    assert done.status_code == 200
    assert state() == before
    assert [str(m) for m in done.context["messages"]] == [
        "Đã nhập xong. Kế hoạch: 0 mới, 0 thay đổi, 2 không đổi. Chỉ tiêu: thêm 0, sửa 0, xóa 0, 3 không đổi."
    ]
    assert not LogEntry.objects.exists()


def test_an_edited_export_shows_its_changes_then_imports_them(client, users, plans):
    client.force_login(users["staff"])
    rows = sheet_rows(export(client))
    rows[1][9] = 5  # inbound delegations: 3 → 5
    del rows[3]  # the support target is left out: removed
    rows.append(["BP-LN", 2024, "", "", "", "", "Đoàn ra", "", "", 1, ""])  # a new plan
    preview = upload(client, s.csv_file(rows[0], rows[1:]), "ke-hoach-sua.csv")  # saved again as CSV
    assert preview.context["confirm_form"] is not None, preview.context["result"].invalid_rows
    kinds = [row.import_type for row in preview.context["result"].valid_rows()]
    assert kinds == ["update", "skip", "delete", "skip", "new"]
    page = preview.content.decode()
    assert (
        "<del>3</del> <ins>5</ins>" in page and "<td><del>expenditure_vnd</del></td>" in page and "<td>BP</td>" in page
    )
    assert AnnualPlan.objects.count() == 3  # nothing written by the preview

    done = client.post(CONFIRM_URL, {**preview.context["confirm_form"].initial}, follow=True)
    assert [str(m) for m in done.context["messages"]] == [
        "Đã nhập xong. Kế hoạch: 1 mới, 1 thay đổi, 1 không đổi. Chỉ tiêu: thêm 1, sửa 1, xóa 1, 1 không đổi."
    ]
    bp = plans["bp"]
    assert sorted(bp.targets.values_list("metric", "target")) == [("activities", 4), ("delegations_inbound", 5)]
    new = AnnualPlan.objects.get(command=plans["draft"].command, year=2024)
    assert list(new.targets.values_list("metric", "target")) == [("delegations_outbound", 1)]
    logged = {(entry.object_id, entry.action_flag) for entry in LogEntry.objects.filter(user=users["staff"])}
    assert logged == {(str(bp.pk), CHANGE), (str(new.pk), ADDITION)}
    assert plans["other"].targets.get().target == 9


def test_export_of_selected_plans(client, users, plans):
    client.force_login(users["admin"])
    selected = [plans["draft"].pk, plans["other"].pk]
    rows = sheet_rows(export(client, export_items=selected))
    assert [row[:2] for row in rows[1:]] == [["BP-LN", 2023], ["TN", 2023]]


def test_export_queries_do_not_grow_with_plans_or_targets(client, users, plans, django_assert_num_queries):
    client.force_login(users["staff"])

    def count_rows():
        # 0 the session, 1 the user with their role and command, 2-3 their user and group permissions, 4 the
        # command filter's choices, 5 the plans with their commands, 6 their targets with partner units (one
        # prefetch), 7 the export log.
        with django_assert_num_queries(8):
            content = export(client)
        return len(sheet_rows(content))

    few = count_rows()
    for year in range(2015, 2021):
        plan = AnnualPlan.objects.create(command=plans["bp"].command, year=year)
        for metric in ("delegations_inbound", "delegations_outbound", "activities"):
            PlanTarget.objects.create(
                plan=plan, metric=metric, target=year - 2010, partner_unit=f.partner(f"P{year}{metric}")
            )
    assert count_rows() == few + 18
