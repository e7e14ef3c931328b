"""A command dissolved in the 2025 mergers owes no border meetings after its last day, even under an
open-ended twinning agreement; its undissolved district goes on owing its own."""

import datetime

import pytest
from django.http import Http404

from dnqp.reports import border_meetings_report
from tests import factories as f

D = datetime.date


def owed(report):
    return {r["command_code"]: (r["due"], r["missing"]) for r in report["rows"]}


def test_dissolved_province_owes_the_half_year_it_still_existed(worked_example, users):
    # BP (province, half-yearly) was dissolved on 30/06/2025; its twinning with Kratie has no end date.
    report = border_meetings_report(user=users["superuser"], year=2025, command=worked_example["bp"].pk)
    assert owed(report)["BP"] == (["2025-H1"], ["2025-H1"])
    assert owed(report)["BP-LN"][0] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_dissolved_province_owes_nothing_the_year_after(worked_example, users):
    report = border_meetings_report(user=users["superuser"], year=2026, command=worked_example["bp"].pk)
    assert "BP" not in owed(report)
    assert "BP-LN" in owed(report)  # the district was not dissolved


def test_a_meeting_before_the_dissolution_meets_the_last_period(worked_example, users):
    w = worked_example
    f.activity(w["bp"], D(2025, 5, 20), partners=[w["krt"]])
    report = border_meetings_report(user=users["analyst"], year=2025)
    row = next(r for r in report["rows"] if r["command_code"] == "BP")
    assert (row["periods_due"], row["periods_met"], row["missing"]) == (1, 1, [])


def test_another_province_is_refused_the_dissolved_province(worked_example, users):
    with pytest.raises(Http404):
        border_meetings_report(user=users["other_analyst"], year=2025, command=worked_example["bp"].pk)
