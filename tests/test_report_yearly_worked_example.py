"""The yearly report on the worked example (docs/WORKED_EXAMPLE.md), every figure by hand."""

import datetime

import pytest
from django.http import Http404

from dnqp.reports import yearly_report
from tests import factories as f
from tests.worked_figures import BP_LN, BP_OWN, TOTALS, ZERO, ZERO_TOTALS, as_row

TODAY = datetime.date(2026, 11, 23)


def figures(row):
    return {k: v for k, v in row.items() if k not in ("command", "code", "name", "own")}


def test_bp_2022_recorded_every_figure(worked_example, users):
    w = worked_example
    report = yearly_report(user=users["analyst"], year=2022, command=w["bp"].pk, today=TODAY)
    assert report["year"] == 2022 and report["year_to"] == 2022 and report["by"] == "recorded"
    assert report["scope"] == {"command": w["bp"].pk, "code": "BP", "name": "Bộ CHQS tỉnh Bình Phước"}
    assert [(r["code"], r["own"]) for r in report["rows"]] == [("BP", True), ("BP-LN", False)]
    assert figures(report["rows"][0]) == BP_OWN
    assert figures(report["rows"][1]) == BP_LN
    assert report["totals"] == TOTALS


def test_default_scope_is_the_users_command(worked_example, users):
    report = yearly_report(user=users["commander"], year=2022, today=TODAY)
    assert report["scope"]["code"] == "BP"
    assert report["totals"] == TOTALS


def test_command_may_be_an_instance(worked_example, users):
    report = yearly_report(user=users["superuser"], year=2022, command=worked_example["bp"], today=TODAY)
    assert report["totals"] == TOTALS


def test_dn_current_gives_bp_figures(worked_example, users):
    w = worked_example
    report = yearly_report(user=users["admin"], year=2022, command=w["dn"].pk, by="current", today=TODAY)
    assert report["by"] == "current"
    assert report["scope"]["code"] == "DN"
    assert [(r["code"], r["own"]) for r in report["rows"]] == [("DN", True), ("BP-LN", False)]
    assert figures(report["rows"][0]) == BP_OWN
    assert figures(report["rows"][1]) == BP_LN
    assert report["totals"] == TOTALS


@pytest.fixture
def administrator(worked_example):
    """An administrator on the worked example alone (the ``users`` fixture adds another province)."""
    return f.user("quantri_vd", "admin")


def test_dn_recorded_gives_zeros(worked_example, administrator):
    report = yearly_report(user=administrator, year=2022, command=worked_example["dn"].pk, today=TODAY)
    assert [(r["code"], r["own"]) for r in report["rows"]] == [("DN", True)]
    assert figures(report["rows"][0]) == ZERO
    assert report["totals"] == ZERO_TOTALS


def test_region_recorded_rows_are_bp_and_dn(worked_example, administrator):
    w = worked_example
    report = yearly_report(user=administrator, year=2022, command=w["qk7"].pk, today=TODAY)
    rows = {r["code"]: r for r in report["rows"]}
    assert list(rows) == ["QK7", "BP", "DN"]
    assert figures(rows["QK7"]) == ZERO
    assert rows["BP"]["agreements_in_force"] == 3 and rows["BP"]["expenditure_vnd"] == 103_500_500
    assert rows["BP"]["partners_twinned"] == 2 and rows["BP"]["partners_total"] == 3
    assert figures(rows["DN"]) == ZERO
    assert report["totals"] == TOTALS


def test_region_current_has_no_dissolved_row(worked_example, administrator):
    report = yearly_report(user=administrator, year=2022, command=worked_example["qk7"].pk, by="current", today=TODAY)
    rows = {r["code"]: r for r in report["rows"]}
    assert list(rows) == ["QK7", "DN"]
    assert rows["DN"]["expenditure_vnd"] == 103_500_500
    assert rows["DN"]["delegations_outbound_members"] == 8
    assert report["totals"] == TOTALS


def test_before_the_merger_date_bp_still_exists_in_current_mode(worked_example, administrator):
    report = yearly_report(
        user=administrator, year=2022, command=worked_example["qk7"].pk, by="current", today=datetime.date(2025, 6, 30)
    )
    assert [r["code"] for r in report["rows"]] == ["QK7", "BP", "DN"]


def test_unlimited_user_without_command_gets_the_whole_tree_one_row_per_top_command(worked_example, users):
    """The requirements: "for a user with no command limit, the whole tree, with one row per top-level command" —
    here one, the military region, which holds everything (its row opens its own report: test_yearly_drilldown)."""
    report = yearly_report(user=users["superuser"], year=2022, today=TODAY)
    assert report["scope"] == {"command": None, "code": None, "name": "Tất cả đơn vị"}
    assert [(r["code"], r["own"]) for r in report["rows"]] == [("QK7", False)]
    assert figures(report["rows"][0]) == as_row(TOTALS)
    assert report["totals"] == TOTALS
    region = yearly_report(user=users["superuser"], year=2022, command=worked_example["qk7"].pk, today=TODAY)
    assert [(r["code"], r["own"]) for r in region["rows"]] == [
        ("QK7", True),
        ("BP", False),
        ("DN", False),
        ("TN", False),
    ]
    assert region["totals"] == TOTALS


def test_all_figures_are_ints(worked_example, users):
    report = yearly_report(user=users["admin"], year=2022, command=worked_example["bp"].pk, today=TODAY)
    for row in [report["totals"], *report["rows"]]:
        for key, value in figures(row).items():
            if key == "delegations_by_purpose":
                assert all(type(n) is int for direction in value.values() for n in direction.values())
            elif key.startswith("expenditure_by_") or key == "plan":
                assert all(type(v) is int for v in value.values()), key
            else:
                assert type(value) is int, key


def test_other_scope_user_gets_404(worked_example, users):
    with pytest.raises(Http404):
        yearly_report(user=users["other_analyst"], year=2022, command=worked_example["bp"].pk)
    with pytest.raises(Http404):
        yearly_report(user=users["district_staff"], year=2022, command=worked_example["bp"].pk)


def test_user_without_rights_gets_404(worked_example, users):
    with pytest.raises(Http404):
        yearly_report(user=users["nobody"], year=2022)
    with pytest.raises(Http404):
        yearly_report(user=users["nobody"], year=2022, command=worked_example["bp"].pk)


def test_unknown_command_gets_404(worked_example, users):
    with pytest.raises(Http404):
        yearly_report(user=users["superuser"], year=2022, command=999_999)


def test_district_user_sees_own_subtree_only(worked_example, users):
    report = yearly_report(user=users["district_staff"], year=2022, today=TODAY)
    assert [(r["code"], r["own"]) for r in report["rows"]] == [("BP-LN", True)]
    assert figures(report["rows"][0]) == BP_LN
