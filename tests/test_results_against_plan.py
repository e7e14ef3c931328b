"""The dashboard sets the year's results against the approved annual plans of its scope: target, done and the
per cent done for each figure a plan sets, each "done" opening the records it counts; drafts and other
commands' plans count for nothing."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from dnqp.reports.dashboard import dashboard_data
from dnqp.reports.yearly import yearly_report
from events.models import AnnualPlan, PlanTarget

D = datetime.date


@pytest.fixture
def plans(worked_example, users):
    """BP's and Lộc Ninh's approved plans for 2022, a draft of Đồng Nai's and Tây Ninh's (another scope)."""
    w = worked_example
    bp = AnnualPlan.objects.create(command=w["bp"], year=2022, reference="12/KH-BCH", approved_on=D(2022, 1, 5))
    PlanTarget.objects.create(plan=bp, metric="delegations_inbound", target=2)
    PlanTarget.objects.create(plan=bp, metric="activities", target=2)
    PlanTarget.objects.create(plan=bp, metric="expenditure_vnd", target=100_000_000)
    ln = AnnualPlan.objects.create(command=w["bp_ln"], year=2022, approved_on=D(2022, 1, 20))
    PlanTarget.objects.create(plan=ln, metric="delegations_outbound", target=1)
    draft = AnnualPlan.objects.create(command=w["dn"], year=2022)
    PlanTarget.objects.create(plan=draft, metric="delegations_inbound", target=50)
    tn = AnnualPlan.objects.create(command=users["other_analyst"].profile.command, year=2022, approved_on=D(2022, 1, 3))
    PlanTarget.objects.create(plan=tn, metric="activities", target=9)
    return {"bp": bp, "ln": ln}


def plan_table(content: str) -> list[list[str]]:
    """The rows of the results-against-plan panel, as the user reads them."""
    panel = content.split('id="plan-heading"', 1)[1].split("</section>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


def test_the_panel_sets_the_year_against_the_plans_of_the_scope(client, users, worked_example, plans):
    client.force_login(users["analyst"])
    content = client.get(reverse("dashboard"), {"year": 2022, "command": worked_example["bp"].pk}).content.decode()
    assert "Kết quả thực hiện kế hoạch năm 2022" in content
    # BP's subtree: its plan and Lộc Ninh's, never the draft nor Tây Ninh's; events count when completed
    # (D3, cancelled, is not one of the inbound delegations).
    assert plan_table(content) == [
        ["Đoàn vào", "2", "1", "50 %"],
        ["Đoàn ra", "1", "1", "100 %"],
        ["Hoạt động", "2", "2", "100 %"],
        ["Chi hỗ trợ (đồng)", "100.000.000 ₫", "103.500.500 ₫", "104 %"],
    ]


def test_each_result_opens_the_records_it_counts(client, users, worked_example, plans):
    w = worked_example
    client.force_login(users["analyst"])
    response = client.get(reverse("dashboard"), {"year": 2022, "command": w["bp"].pk})
    plan = {p["metric"]: p for p in response.context["plan"]}
    inbound = client.get(plan["delegations_inbound"]["url"])
    assert {d.pk for d in inbound.context["object_list"]} == {w["d1"].pk}
    activities = client.get(plan["activities"]["url"])
    assert {a.pk for a in activities.context["object_list"]} == {w["t1"].pk, w["t2"].pk}


def test_a_year_without_an_approved_plan_says_so(client, users, worked_example, plans):
    client.force_login(users["analyst"])
    content = client.get(reverse("dashboard"), {"year": 2021}).content.decode()
    assert "Chưa có kế hoạch năm 2021 được phê duyệt trong phạm vi này." in content
    assert plan_table(content) == []


def test_another_scope_sees_only_its_own_plan(client, users, worked_example, plans):
    client.force_login(users["other_analyst"])
    content = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert plan_table(content) == [["Hoạt động", "9", "0", "0 %"]]
    # Refused: BP's dashboard, and with it BP's plan.
    assert client.get(reverse("dashboard"), {"year": 2022, "command": worked_example["bp"].pk}).status_code == 404


def test_the_figures_are_the_yearly_reports(users, worked_example, plans):
    """The panel's targets and results are the yearly summary's totals for the same scope and year."""
    data = dashboard_data(user=users["analyst"], year=2022, command=worked_example["bp"].pk)
    report = yearly_report(user=users["analyst"], year=2022, command=worked_example["bp"].pk)
    assert [(p["metric"], p["target"], p["done"], p["rate"]) for p in data["plan"]] == [
        ("delegations_inbound", 2, 1, 50),
        ("delegations_outbound", 1, 1, 100),
        ("activities", 2, 2, 100),
        ("expenditure_vnd", 100_000_000, 103_500_500, 104),
    ]
    assert {p["metric"]: p["target"] for p in data["plan"]} == report["totals"]["plan"]
    assert all(p["done"] == report["totals"][p["metric"]] for p in data["plan"])


def test_the_yearly_page_sets_each_figure_against_its_target(client, users, worked_example, plans):
    client.force_login(users["analyst"])
    content = client.get(reverse("yearly-report"), {"year": 2022, "command": worked_example["bp"].pk}).content
    content = content.decode()
    spans = [
        " ".join(re.sub(r"<[^>]+>", " ", s).split()) for s in re.findall(r'<span class="plan">(.*?)</span>', content)
    ]
    # BP's own row: inbound 1 of 2, activities 1 of 2 (T2), support 80,000,000 of 100,000,000; Lộc Ninh's row:
    # outbound 1 of 1; the totals: the subtree's.
    assert "/ 2 (50 %)" in spans and "/ 100.000.000 ₫ (80 %)" in spans and "/ 1 (100 %)" in spans
    assert "/ 100.000.000 ₫ (104 %)" in spans  # the totals' support against BP's target
    assert "Số liệu kèm “/ n (x %)”" in content and "đạt x %." in content


def test_the_files_carry_target_and_per_cent(client, users, worked_example, plans):
    client.force_login(users["analyst"])
    response = client.get(
        reverse("yearly-report"), {"year": 2022, "command": worked_example["bp"].pk, "format": "xlsx"}
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    headers, totals = rows[0], rows[-1]
    figures = dict(zip(headers, totals, strict=True))
    assert figures["Kế hoạch: Đoàn vào"] == 2 and figures["Tỷ lệ đạt KH (%): Đoàn vào"] == 50
    assert figures["Kế hoạch: Chi hỗ trợ (đồng)"] == 100_000_000
    assert figures["Tỷ lệ đạt KH (%): Chi hỗ trợ (đồng)"] == 104
    assert figures["Kế hoạch: Văn bản ký kết trong kỳ"] is None
    assert figures["Tỷ lệ đạt KH (%): Văn bản ký kết trong kỳ"] is None
