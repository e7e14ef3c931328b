"""A border-meeting period still running is "not over yet" (``not_over``), never missed: on 3 December the month
of December, the fourth quarter and the second half-year may still see their meeting. Missed periods are the ones
over with no meeting; periods that have not started are not listed. The same everywhere: the report's JSON, its
page and files, the API and the dashboard's pairs behind on meetings."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dnqp.reports import border_meetings_report, border_meetings_rows
from dnqp.reports.dashboard import dashboard_data
from tests import factories as f

D = datetime.date
TODAY = D(2026, 12, 3)
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def tn_pairs(users):
    """Tây Ninh (a border province, users' "other" scope) with a district and a commune, each twinned with a
    Cambodian unit all through 2026, and the meetings they held up to 3 December 2026."""
    tn = users["other_analyst"].profile.command
    district = f.command("TN-TB", "Ban CHQS huyện Tân Biên", level="district", parent=tn, is_border=True)
    commune = f.command("TN-TB-TL", "Ban CHQS xã Tân Lập", level="commune", parent=district, is_border=True)
    province_unit = f.partner("KH-TBK", "Tiểu khu Quân sự Tbong Khmum")
    district_unit = f.partner("KH-TBK-MM", "Chi khu quân sự Memot", level="district", parent=province_unit)
    commune_unit = f.partner("KH-TBK-MM-1", "Đồn biên phòng 1", level="commune", parent=district_unit)
    f.agreement(tn, province_unit, "twinning", D(2019, 5, 1))
    f.agreement(district, district_unit, "twinning", D(2020, 1, 1))
    f.agreement(commune, commune_unit, "cooperation", D(2026, 1, 1))
    f.activity(tn, D(2026, 8, 14), partners=[province_unit])  # H2 met; H1 missed
    f.activity(district, D(2026, 5, 20), partners=[district_unit])  # Q2 met; Q1, Q3 missed; Q4 running
    for month in range(1, 12):  # every month to November but March; nothing in December yet
        if month != 3:
            f.activity(commune, D(2026, month, 10), partners=[commune_unit])
    return {"tn": tn, "district": district, "commune": commune}


def rows_by_code(report):
    return {row["command_code"]: row for row in report["rows"]}


def test_on_3_december_the_running_periods_are_not_over_yet_not_missed(tn_pairs, users):
    report = border_meetings_report(user=users["other_analyst"], year=2026, today=TODAY)
    assert report["as_of"] == "2026-12-03"
    rows = rows_by_code(report)
    commune = rows["TN-TB-TL"]
    assert commune["missing"] == ["2026-03"]
    assert commune["not_over"] == ["2026-12"]
    assert commune["periods"] == [
        {"period": month, "status": "missed" if month == "2026-03" else "not_over" if month == "2026-12" else "met"}
        for month in MONTHS
    ]
    # Due: the periods owed by now (met or missed); December is not yet.
    assert commune["due"] == MONTHS[:11] and commune["periods_due"] == 11 and commune["periods_met"] == 10

    district = rows["TN-TB"]
    assert (district["missing"], district["not_over"]) == (["2026-Q1", "2026-Q3"], ["2026-Q4"])
    assert (district["periods_due"], district["periods_met"]) == (3, 1)
    province = rows["TN"]
    assert (province["missing"], province["not_over"], province["periods_met"]) == (["2026-H1"], [], 1)
    assert [p["status"] for p in province["periods"]] == ["missed", "met"]  # H2 met before it is over


def test_a_running_period_becomes_missed_only_after_its_last_day(tn_pairs, users):
    on_the_last_day = rows_by_code(
        border_meetings_report(user=users["other_analyst"], year=2026, today=D(2026, 12, 31))
    )
    assert on_the_last_day["TN-TB-TL"]["not_over"] == ["2026-12"]
    assert "2026-12" not in on_the_last_day["TN-TB-TL"]["missing"]
    next_day = rows_by_code(border_meetings_report(user=users["other_analyst"], year=2026, today=D(2027, 1, 1)))
    assert next_day["TN-TB-TL"]["missing"] == ["2026-03", "2026-12"]
    assert next_day["TN-TB-TL"]["not_over"] == [] and next_day["TN-TB-TL"]["periods_due"] == 12
    assert next_day["TN-TB"]["missing"] == ["2026-Q1", "2026-Q3", "2026-Q4"]


def test_a_period_held_early_is_met_while_it_still_runs(tn_pairs, users):
    f.activity(tn_pairs["commune"], D(2026, 12, 2), partners=[tn_pairs["commune"].agreements.get().partner_unit])
    row = rows_by_code(border_meetings_report(user=users["other_analyst"], year=2026, today=TODAY))["TN-TB-TL"]
    assert row["not_over"] == [] and row["periods"][-1] == {"period": "2026-12", "status": "met"}
    assert (row["periods_due"], row["periods_met"]) == (12, 11)


def test_periods_that_have_not_started_are_not_listed(tn_pairs, users):
    in_march = rows_by_code(border_meetings_report(user=users["other_analyst"], year=2026, today=D(2026, 3, 20)))
    assert [p["period"] for p in in_march["TN-TB-TL"]["periods"]] == MONTHS[:3]
    assert in_march["TN-TB-TL"]["not_over"] == ["2026-03"] and in_march["TN-TB-TL"]["missing"] == []
    assert [p["period"] for p in in_march["TN-TB"]["periods"]] == ["2026-Q1"]
    next_year = rows_by_code(border_meetings_report(user=users["other_analyst"], year=2027, today=TODAY))
    # The pairs are listed (their agreements run on), owing nothing yet.
    assert set(next_year) == {"TN", "TN-TB", "TN-TB-TL"}
    assert all(row["periods"] == [] and row["periods_due"] == 0 and row["missing"] == [] for row in next_year.values())


def test_the_worked_example_asked_on_15_december_2022(worked_example, users):
    """docs/WORKED_EXAMPLE.md, "Border meetings": H2 and Q4 are not over yet, then missed from 1 January."""
    w = worked_example
    asked = border_meetings_report(user=users["analyst"], year=2022, command=w["bp"].pk, today=D(2022, 12, 15))
    rows = rows_by_code(asked)
    assert [(r["periods_due"], r["periods_met"], r["missing"], r["not_over"]) for r in rows.values()] == [
        (1, 1, [], ["2022-H2"]),
        (1, 1, [], ["2022-Q4"]),
    ]
    after = rows_by_code(
        border_meetings_report(user=users["analyst"], year=2022, command=w["bp"].pk, today=D(2023, 1, 1))
    )
    assert [(r["periods_due"], r["missing"], r["not_over"]) for r in after.values()] == [
        (2, ["2022-H2"], []),
        (2, ["2022-Q4"], []),
    ]


def test_past_years_have_no_period_not_over(worked_example, users):
    report = border_meetings_report(user=users["analyst"], year=2022, today=TODAY)
    assert all(row["not_over"] == [] for row in report["rows"])
    assert all(len(row["periods"]) == row["periods_due"] for row in report["rows"])


def test_the_dashboard_counts_no_running_period_as_behind(tn_pairs, users):
    data = dashboard_data(user=users["other_analyst"], year=2026, today=TODAY)
    behind = {row["command_code"]: row["missing_past"] for row in data["behind_border_meetings"]}
    assert behind == {"TN": ["2026-H1"], "TN-TB": ["2026-Q1", "2026-Q3"], "TN-TB-TL": ["2026-03"]}
    f.activity(tn_pairs["tn"], D(2026, 3, 3), partners=[tn_pairs["tn"].agreements.get().partner_unit])
    f.activity(tn_pairs["district"], D(2026, 2, 3), partners=[tn_pairs["district"].agreements.get().partner_unit])
    f.activity(tn_pairs["district"], D(2026, 9, 3), partners=[tn_pairs["district"].agreements.get().partner_unit])
    f.activity(tn_pairs["commune"], D(2026, 3, 3), partners=[tn_pairs["commune"].agreements.get().partner_unit])
    # Every period over is met: December, Q4 still running do not make a pair behind.
    assert dashboard_data(user=users["other_analyst"], year=2026, today=TODAY)["behind_border_meetings"] == []


def test_the_files_keep_the_running_periods_apart(tn_pairs, users):
    rows = list(border_meetings_rows(border_meetings_report(user=users["other_analyst"], year=2026, today=TODAY)))
    assert len(rows[0]) == 9  # the headers: the missing periods, then the ones not over yet
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["TN-TB-TL"][5:] == [11, 10, "tháng 3/2026", "tháng 12/2026"]
    assert by_code["TN-TB"][5:] == [3, 1, "quý I/2026, quý III/2026", "quý IV/2026"]


@pytest.fixture
def on_3_december(monkeypatch):
    """``timezone.localdate()`` answers 3 December 2026 (pages and API take today from it)."""
    real = timezone.localdate

    def localdate(*args, **kwargs):
        return TODAY if not args and not kwargs else real(*args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)


def test_the_page_and_its_csv_show_december_as_not_over_yet(client, tn_pairs, users, on_3_december):
    client.force_login(users["other_analyst"])
    response = client.get(reverse("border-meetings-report"), {"year": 2026})
    assert response.status_code == 200
    assert response.context["report"]["as_of"] == "2026-12-03"
    assert response.context["today"] == TODAY
    cells = {row["command_code"]: row for row in response.context["report"]["rows"]}
    assert cells["TN-TB-TL"]["not_over"] == ["2026-12"]
    content = response.content.decode()
    assert "03/12/2026" in content  # the day the statuses are measured on
    assert '<td class="muted">tháng 12/2026</td>' in content and '<td class="muted">quý IV/2026</td>' in content
    download = client.get(reverse("border-meetings-report"), {"year": 2026, "format": "csv"})
    content = b"".join(download.streaming_content) if download.streaming else download.content
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    commune = next(row for row in table if row[0] == "TN-TB-TL")
    assert commune[7:] == ["tháng 3/2026", "tháng 12/2026"]


def test_the_api_gives_each_periods_status(tn_pairs, users, api_client, on_3_december):
    response = api_client(users["other_analyst"]).get("/api/v1/reports/border-meetings/", {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2026-12-03"
    rows = {row["command_code"]: row for row in body["rows"]}
    assert rows["TN-TB-TL"]["periods"][-1] == {"period": "2026-12", "status": "not_over"}
    assert rows["TN-TB-TL"]["missing"] == ["2026-03"] and rows["TN-TB-TL"]["not_over"] == ["2026-12"]
    # The fields the SPEC names are all still there.
    assert {"command", "partner_unit", "level", "periods_due", "periods_met", "missing"} <= set(rows["TN"])


def test_another_scope_is_still_refused(tn_pairs, users, api_client):
    response = api_client(users["analyst"]).get(
        "/api/v1/reports/border-meetings/", {"year": 2026, "command": tn_pairs["tn"].pk}
    )
    assert response.status_code == 404
