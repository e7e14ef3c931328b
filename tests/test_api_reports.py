"""The report endpoints give the figures of dnqp.reports (the pages' figures) and the same files."""

import datetime

import pytest

from dnqp.models import ExportLog
from dnqp.reports.border_meetings import border_meetings_report
from dnqp.reports.yearly import yearly_report
from tests.worked_figures import BP_LN, BP_OWN, TOTALS, as_row


def figures(row):
    return {key: value for key, value in row.items() if key in BP_OWN}


def test_yearly_worked_example_recorded(users, worked_example, api_client):
    w = worked_example
    response = api_client(users["analyst"]).get(f"/api/v1/reports/yearly/?year=2022&command={w['bp'].pk}")
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["year"], report["year_to"], report["by"]) == (2022, 2022, "recorded")
    assert report["scope"]["command"] == w["bp"].pk
    assert figures(report["totals"]) == as_row(TOTALS)
    assert [(row["code"], row.get("own", False)) for row in report["rows"]] == [("BP", True), ("BP-LN", False)]
    assert figures(report["rows"][0]) == BP_OWN
    assert figures(report["rows"][1]) == BP_LN


def test_yearly_worked_example_by_current_moves_bp_into_dn(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["admin"])
    current = client.get(f"/api/v1/reports/yearly/?year=2022&command={w['dn'].pk}&by=current").json()
    assert figures(current["totals"]) == as_row(TOTALS)
    recorded = client.get(f"/api/v1/reports/yearly/?year=2022&command={w['dn'].pk}").json()
    assert all(value == 0 for key, value in recorded["totals"].items() if isinstance(value, int))
    assert recorded["totals"]["expenditure_by_category"] == {}


@pytest.mark.parametrize(
    "query",
    [
        "year=2022",
        "year=2020&year_to=2023",
        "year=2022&country=KH",
        "year=2022&country=LA",
        "year=2022&by=current",
        "year=2022&command={bp_ln}",
    ],
)
def test_yearly_equals_the_reporting_module(query, users, worked_example, api_client):
    query = query.format(bp_ln=worked_example["bp_ln"].pk)
    user = users["staff"]
    response = api_client(user).get(f"/api/v1/reports/yearly/?{query}")
    assert response.status_code == 200, response.content
    params = dict(part.split("=") for part in query.split("&"))
    expected = yearly_report(
        user=user,
        year=int(params["year"]),
        year_to=int(params["year_to"]) if "year_to" in params else None,
        command=int(params["command"]) if "command" in params else None,
        country=params.get("country"),
        by=params.get("by", "recorded"),
    )
    assert response.json() == expected


def test_yearly_all_figures_are_json_integers(users, api_client):
    report = api_client(users["superuser"]).get("/api/v1/reports/yearly/?year=2022").json()
    for row in [report["totals"], *report["rows"]]:
        for key, value in row.items():
            if key in BP_OWN and not isinstance(BP_OWN[key], dict):
                assert type(value) is int
        assert all(type(v) is int for v in row["expenditure_by_category"].values())


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "year"),
        ("year=abc", "year"),
        ("year=1800", "year"),
        ("year=2022&year_to=2020", "year_to"),
        ("year=2022&by=sideways", "by"),
        ("year=2022&country=XX", "country"),
        ("year=2022&command=x", "command"),
        ("year=2022&format=pdf", "format"),
    ],
)
def test_yearly_bad_parameters_are_400_per_field(query, field, users, api_client):
    response = api_client(users["analyst"]).get(f"/api/v1/reports/yearly/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_yearly_outside_scope_is_404(users, worked_example, api_client):
    response = api_client(users["other_analyst"]).get(
        f"/api/v1/reports/yearly/?year=2022&command={worked_example['bp'].pk}"
    )
    assert response.status_code == 404


def test_reports_need_login(worked_example, api_client):
    assert api_client().get("/api/v1/reports/yearly/?year=2022").status_code == 401
    assert api_client().get("/api/v1/reports/border-meetings/?year=2022").status_code == 401


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_yearly_download_is_the_page_file_and_logged(fmt, users, worked_example, api_client):
    user = users["analyst"]
    response = api_client(user).get(f"/api/v1/reports/yearly/?year=2022&format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        assert "BP-LN" in text
        assert "103500500" in text
    else:
        assert content[:2] == b"PK"
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.file_format) == (user, "yearly_report", fmt)


def test_border_meetings_worked_example(users, worked_example, api_client):
    w = worked_example
    user = users["staff"]
    response = api_client(user).get(f"/api/v1/reports/border-meetings/?year=2022&command={w['bp'].pk}")
    assert response.status_code == 200, response.content
    report = response.json()
    rows = {(row["command"], row["partner_unit"]): row for row in report["rows"]}
    assert set(rows) == {(w["bp"].pk, w["krt"].pk), (w["bp_ln"].pk, w["snl"].pk)}
    bp = rows[(w["bp"].pk, w["krt"].pk)]
    assert (bp["level"], bp["periods_due"], bp["periods_met"], bp["missing"]) == ("province", 2, 1, ["2022-H2"])
    ln = rows[(w["bp_ln"].pk, w["snl"].pk)]
    assert (ln["level"], ln["periods_due"], ln["periods_met"], ln["missing"]) == ("district", 2, 1, ["2022-Q4"])
    expected = border_meetings_report(user=user, year=2022, command=w["bp"].pk)
    assert report == expected


def test_border_meetings_bad_year_and_other_scope(users, worked_example, api_client):
    client = api_client(users["other_staff"])
    assert "year" in client.get("/api/v1/reports/border-meetings/").json()
    url = f"/api/v1/reports/border-meetings/?year=2022&command={worked_example['bp'].pk}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("extra", [0, 50])
def test_report_query_counts_do_not_depend_on_rows(extra, users, worked_example, api_client, django_assert_num_queries):
    from tests import factories as f

    w = worked_example
    for i in range(extra):
        day = datetime.date(2022, 1, 1) + datetime.timedelta(days=i)
        f.delegation(w["bp_ln"], day, partners=[w["snl"]])
        f.activity(w["bp_ln"], day, partners=[w["snl"]])
        f.expenditure(w["bp"], day, 1_000_000, partner_unit=w["krt"])
    client = api_client(users["analyst"])
    # 1 token + user, 2 the user's role groups and command, 3 the command tree (dnqp.access.tree),
    # 4 agreements, 5 delegations, 6 activities, 7 support — each one grouped query; 8 the approved plans'
    # targets; 9 the token's last use (written on its first request in five minutes, dnqp/access/tokens.py).
    with django_assert_num_queries(9):
        assert client.get("/api/v1/reports/yearly/?year=2022").status_code == 200
    client = api_client(users["analyst"])  # a fresh user object: its role and command are read again
    # 1 token + user, 2 role groups and command, 3 the command tree, 4 the border pairs' agreements,
    # 5 their border-meeting activities (the token's last use was written a moment ago: not again).
    with django_assert_num_queries(5):
        assert client.get("/api/v1/reports/border-meetings/?year=2022").status_code == 200
