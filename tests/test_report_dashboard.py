"""The dashboard data: cards equal the yearly totals, charts, lists, pairs behind on border meetings."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from dnqp.reports import dashboard_data, yearly_report
from tests import factories as f

D = datetime.date


def test_cards_and_charts_on_the_worked_example(worked_example, users):
    w = worked_example
    today = D(2022, 12, 15)
    data = dashboard_data(user=users["commander"], year=2022, today=today)
    totals = yearly_report(user=users["commander"], year=2022, today=today)["totals"]
    assert data["scope"]["code"] == "BP"
    assert data["cards"] == {k: totals[k] for k in data["cards"]}  # the cards are the yearly report's totals
    assert (data["cards"]["partners_total"], data["cards"]["partners_twinned"]) == (3, 2)
    assert data["cards"]["expenditure_vnd"] == 103_500_500
    charts = data["charts"]
    month = charts["delegations_per_month"]
    assert month["inbound"] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]  # D1 in April; D3 cancelled
    assert month["outbound"] == [0] * 11 + [1]  # D2 starts 30/12
    assert month["inbound_members"][3] == 20
    assert {c["category"]: c["vnd"] for c in charts["support_by_category"]} == {
        "gifts": 80_000_000,
        "materials": 23_500_500,
    }
    assert charts["trend"]["years"] == list(range(2013, 2023))
    assert charts["trend"]["expenditure_vnd"][-1] == 103_500_500
    assert charts["trend"]["delegations"][-1] == 2
    assert sum(charts["trend"]["expenditure_vnd"][:-1]) == 0
    assert charts["partners_by_country"] == [
        {"country": "KH", "label": charts["partners_by_country"][0]["label"], "n": 3}
    ]
    # P2 (annual plan) ends 31/12/2022: 16 days left.
    assert [(a["id"], a["days_left"]) for a in data["expiring"]] == [(w["p2"].pk, 16)]
    # The periods missing (2022-H2, 2022-Q4) are not over yet on 15/12/2022.
    assert data["behind_border_meetings"] == []


def test_behind_on_border_meetings_once_the_period_is_over(worked_example, users):
    data = dashboard_data(user=users["analyst"], year=2022, today=D(2023, 2, 1))
    behind = {(r["command_code"], tuple(r["missing_past"])) for r in data["behind_border_meetings"]}
    assert behind == {("BP", ("2022-H2",)), ("BP-LN", ("2022-Q4",))}
    assert data["expiring"] == []  # P2 expired on 31/12/2022


def test_upcoming_and_overdue_planned_records(worked_example, users):
    w = worked_example
    today = D(2022, 12, 15)
    soon = f.delegation(w["bp"], D(2022, 12, 20), status="planned")
    f.delegation(w["bp"], D(2023, 2, 20), status="planned")  # more than 30 days ahead
    late = f.activity(w["bp_ln"], D(2022, 11, 1), status="planned", kind="exchange")
    f.activity(w["dn"], D(2022, 11, 1), status="planned")  # another scope
    data = dashboard_data(user=users["staff"], year=2022, today=today)
    assert [(i["type"], i["id"]) for i in data["upcoming"]] == [("delegation", soon.pk)]
    assert [(i["type"], i["id"]) for i in data["overdue"]] == [("activity", late.pk)]
    assert data["upcoming_more"] is False and data["overdue_more"] is False
    # What a row shows: a title, the command, the dates and the link to the record's page.
    item = data["upcoming"][0]
    assert item["title"] == f"{soon.get_direction_display()} – {soon.leader_name or w['bp'].name}"
    assert (item["command"], item["command_name"]) == (w["bp"].pk, w["bp"].name)
    assert (item["start_date"], item["end_date"]) == (soon.start_date, soon.end_date)
    assert item["url"] == soon.get_absolute_url()
    late_item = data["overdue"][0]
    assert (late_item["title"], late_item["url"]) == (late.title, late.get_absolute_url())


def test_scope_404_for_another_command_and_for_nobody(worked_example, users):
    with pytest.raises(Http404):
        dashboard_data(user=users["other_analyst"], year=2022, command=worked_example["bp"].pk)
    with pytest.raises(Http404):
        dashboard_data(user=users["nobody"], year=2022)


def populate(n):
    province = f.command("TN", "Bộ CHQS tỉnh Tây Ninh", is_border=True)
    districts = [
        f.command(f"TN-{i:03d}", f"Ban CHQS huyện {i}", level="district", parent=province, is_border=True)
        for i in range(n // 5)
    ]
    units = [f.partner(f"KH-{i:03d}", level="district") for i in range(n // 5)]
    for i in range(n):
        cmd, unit = districts[i % len(districts)], units[i % len(units)]
        f.agreement(cmd, unit, "twinning", D(2022, 1, 1), valid_until=D(2022, 12, 1 + i % 28))
        f.delegation(cmd, D(2022, 1 + i % 12, 5), partners=[unit], status="planned")
        f.activity(cmd, D(2022, 1 + i % 12, 5), partners=[unit], status="planned")
        f.expenditure(cmd, D(2013 + i % 10, 3, 3), 500_000, partner_unit=unit)
    return province


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_constant(db, django_assert_num_queries, n):
    province = populate(n)
    commander = f.user("chihuy_tn", "commander", province)
    commander = User.objects.get(pk=commander.pk)
    # 1 roles and the user's command; 2 the command tree; 3-6 the yearly aggregates (agreements — with the
    # partners per country —, delegations, activities, support); 7 the targets of the year's approved plans;
    # 8 delegations of the year per (month, direction); 9 the trend per year from the summary; 10 expiring
    # agreements; 11-12 upcoming delegations, activities; 13-14 overdue delegations, activities; 15-16 border
    # pairs' agreements, their meetings.
    with django_assert_num_queries(16):
        data = dashboard_data(user=commander, year=2022, today=D(2022, 10, 1))
    assert data["cards"]["agreements_in_force"] == n
    assert len(data["expiring"]) == min(n, 20) and data["expiring_more"] is (n > 20)
    assert data["overdue"] and data["upcoming"]
    assert all(r["missing_past"] for r in data["behind_border_meetings"])
