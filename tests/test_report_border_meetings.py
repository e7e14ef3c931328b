"""The border-meetings report: the worked example and the rules of due and met periods."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from dnqp.reports import border_meetings_report, border_meetings_rows
from tests import factories as f

D = datetime.date


def pairs(report):
    return {(r["command_code"], r["partner_unit_name"]): r for r in report["rows"]}


def test_worked_example_bp_2022(worked_example, users):
    w = worked_example
    report = border_meetings_report(user=users["analyst"], year=2022, command=w["bp"].pk)
    assert report["year"] == 2022 and report["scope"]["code"] == "BP"
    # P2 is an annual plan: the BP–Mondulkiri pair owes no meetings.
    assert [(r["command_code"], r["partner_unit"]) for r in report["rows"]] == [
        ("BP", w["krt"].pk),
        ("BP-LN", w["snl"].pk),
    ]
    bp, ln = report["rows"]
    assert bp["command"] == w["bp"].pk and bp["level"] == "province"
    assert (bp["periods_due"], bp["periods_met"], bp["missing"]) == (2, 1, ["2022-H2"])
    # P3 in force from 1 July: Q3 and Q4 only.
    assert ln["command"] == w["bp_ln"].pk and ln["level"] == "district"
    assert (ln["periods_due"], ln["periods_met"], ln["missing"]) == (2, 1, ["2022-Q4"])


def test_commune_is_monthly_and_cancelled_or_other_meetings_do_not_count(worked_example, users):
    w = worked_example
    commune = f.command("BP-LN-LT", "Ban CHQS xã Lộc Thạnh", level="commune", parent=w["bp_ln"], is_border=True)
    f.agreement(commune, w["snl"], "cooperation", D(2021, 5, 1), terminated_on=D(2022, 3, 10))
    f.activity(commune, D(2022, 1, 20), partners=[w["snl"]])
    f.activity(commune, D(2022, 2, 20), partners=[w["snl"]], status="cancelled")
    f.activity(commune, D(2022, 3, 5), kind="exchange", partners=[w["snl"]])
    f.activity(commune, D(2022, 3, 6), partners=[w["krt"]])  # another partner unit
    f.activity(w["bp_ln"], D(2022, 3, 7), partners=[w["snl"]])  # another command
    row = pairs(border_meetings_report(user=users["admin"], year=2022, command=w["bp"].pk))[
        ("BP-LN-LT", "Chi khu quân sự Snuol")
    ]
    assert row["level"] == "commune"
    assert (row["periods_due"], row["periods_met"], row["missing"]) == (3, 1, ["2022-02", "2022-03"])


def test_not_border_or_other_levels_owe_nothing(worked_example, users):
    w = worked_example
    f.agreement(w["dn"], w["mdk"], "twinning", D(2020, 1, 1))  # DN is not on the border
    region_unit = f.command("QK7-BB", "Lữ đoàn biên phòng", level="unit", parent=w["qk7"], is_border=True)
    f.agreement(region_unit, w["mdk"], "twinning", D(2020, 1, 1))  # level unit: none due
    codes = {r["command_code"] for r in border_meetings_report(user=users["admin"], year=2022)["rows"]}
    assert codes == {"BP", "BP-LN"}


def test_renewal_chain_makes_one_pair_due_all_year(worked_example, users):
    w = worked_example
    krt2 = f.partner("KH-KRT-2", "Chi khu quân sự Chhlong", level="district", parent=w["krt"])
    first = f.agreement(w["bp_ln"], krt2, "cooperation", D(2021, 1, 1), valid_until=D(2022, 3, 31))
    f.agreement(w["bp_ln"], krt2, "cooperation", D(2022, 10, 2), renews=first)
    row = pairs(border_meetings_report(user=users["admin"], year=2022, command=w["bp"].pk))[
        ("BP-LN", "Chi khu quân sự Chhlong")
    ]
    # In force Q1, gap in Q2–Q3, again from 2 October.
    assert row["due"] == ["2022-Q1", "2022-Q4"]
    assert row["missing"] == ["2022-Q1", "2022-Q4"]


def test_scope_404_and_nobody(worked_example, users):
    with pytest.raises(Http404):
        border_meetings_report(user=users["other_analyst"], year=2022, command=worked_example["bp"].pk)
    with pytest.raises(Http404):
        border_meetings_report(user=users["nobody"], year=2022)
    district = border_meetings_report(user=users["district_staff"], year=2022)
    assert [r["command_code"] for r in district["rows"]] == ["BP-LN"]


def test_rows_for_export(worked_example, users):
    rows = list(border_meetings_rows(border_meetings_report(user=users["admin"], year=2022)))
    assert len(rows) == 3
    assert rows[1][0] == "BP" and rows[1][5:] == [2, 1, "6 tháng cuối năm 2022", ""]  # nothing still running


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_constant(db, django_assert_num_queries, n):
    province = f.command("TN", "Bộ CHQS tỉnh Tây Ninh", is_border=True)
    districts = [
        f.command(f"TN-{i:03d}", f"Ban CHQS huyện {i}", level="district", parent=province, is_border=True)
        for i in range(n // 5)
    ]
    units = [f.partner(f"KH-{i:03d}", level="district") for i in range(n // 5)]
    for i in range(n):
        cmd, unit = districts[i % len(districts)], units[i % len(units)]
        if i < len(districts):
            f.agreement(cmd, unit, "twinning", D(2020, 1, 1))
        f.activity(cmd, D(2022, 1 + i % 12, 5), partners=[unit])
    analyst = f.user("tonghop_tn", "analyst", province)
    analyst = User.objects.get(pk=analyst.pk)
    # 1 roles and the user's command; 2 the command tree; 3 agreements of border pairs; 4 their meetings.
    with django_assert_num_queries(4):
        report = border_meetings_report(user=analyst, year=2022)
    assert len(report["rows"]) == n // 5
    assert sum(r["periods_met"] for r in report["rows"]) > 0
