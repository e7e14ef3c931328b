"""The official report document lists the border meetings missed within its days (an appendix), exactly as the
border-meetings report has them; periods still running or outside the report's days are not listed."""

import datetime
import io

import docx
import pytest

from dnqp.reports import border_meetings_report
from dnqp.reports.border_meetings import periods_display

API = "/api/v1/reports/yearly/"
HEADERS = ["TT", "Đơn vị", "Đơn vị bạn", "Kỳ chưa giao ban"]


def missed_table(client, **query):
    response = client.get(API, {"format": "docx", **query})
    assert response.status_code == 200, response.content[:300]
    document = docx.Document(io.BytesIO(response.content))
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS]
    assert len(tables) <= 1
    return [[c.text for c in row.cells] for row in tables[0].rows[1:]] if tables else None


@pytest.fixture
def today_after_2022(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2026, 12, 3))


def test_the_missed_periods_are_those_of_the_border_meetings_report(
    worked_example, users, api_client, today_after_2022
):
    expected = [
        [str(i), row["command_name"], row["partner_unit_name"], periods_display(row["missing"])]
        for i, row in enumerate(
            (r for r in border_meetings_report(user=users["analyst"], year=2022)["rows"] if r["missing"]), start=1
        )
    ]
    # The worked example's two gaps, written as an officer writes them.
    assert [row[3] for row in expected] == ["6 tháng cuối năm 2022", "quý IV/2022"]
    assert missed_table(api_client(users["analyst"]), year=2022) == expected


def test_only_periods_that_end_within_the_reports_days(worked_example, users, api_client, today_after_2022):
    client = api_client(users["analyst"])
    assert missed_table(client, date_from="2022-01-01", date_to="2022-06-30") is None  # H1 was met
    rows = missed_table(client, date_from="2022-07-01", date_to="2022-09-30")
    assert rows is None  # Q3 met; H2 and Q4 end later


def test_another_commands_gaps_are_not_in_the_document(worked_example, users, api_client, today_after_2022):
    assert missed_table(api_client(users["other_analyst"]), year=2022) is None
