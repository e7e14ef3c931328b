"""The remains-search page: one dry season (1 October to 31 May) of a command's scope.

Operations per command with their partner provinces, the remains found and repatriated, the handovers; totals
that equal the yearly report's for the season's days; planned operations listed, never added in; another
province's user sees none of it; a fixed number of queries whatever the number of operations.
"""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f

D = datetime.date
KIND = "remains_search"


@pytest.fixture
def seasons(worked_example):
    w = worked_example
    pailin = f.partner("KH-PLN", "Tiểu khu Quân sự Pailin", province_name="Pailin")
    ops = {
        # the 2021–2022 season: two completed operations, one planned, one cancelled
        "dec": f.activity(w["dn"], D(2021, 12, 1), end=D(2022, 4, 30), kind=KIND, title="Mùa khô 2021–2022",
                          partners=[w["krt"]], remains_found=14, remains_repatriated=12),
        "may": f.activity(w["bp"], D(2022, 5, 20), end=D(2022, 5, 31), kind=KIND, title="Đợt bổ sung",
                          partners=[pailin], remains_found=3, remains_repatriated=None),
        "planned": f.activity(w["dn"], D(2022, 3, 1), kind=KIND, title="Đợt dự kiến", status="planned",
                              partners=[pailin], remains_found=None),
        "cancelled": f.activity(w["dn"], D(2022, 2, 1), kind=KIND, title="Đợt hủy", status="cancelled"),
        # outside the season: the next one starts on 1 October 2022; September 2021 belongs to neither
        "next": f.activity(w["dn"], D(2022, 10, 1), kind=KIND, title="Mùa khô 2022–2023", remains_found=5),
        "before": f.activity(w["dn"], D(2021, 9, 30), kind=KIND, title="Tháng 9", remains_found=7),
    }  # fmt: skip
    return {**w, **ops, "pailin": pailin}


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("remains-report"), params)


def test_the_season_lists_its_operations_with_totals_of_the_completed_ones(client, users, seasons):
    response = page(client, users["admin"], season=2021)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report["date_from"], report["date_to"]) == (D(2021, 10, 1), D(2022, 5, 31))
    listed = {op.title for row in report["rows"] for op in row["operations"]}
    assert listed == {"Mùa khô 2021–2022", "Đợt bổ sung", "Đợt dự kiến"}
    assert (report["remains_found"], report["remains_repatriated"]) == (17, 12)
    assert (report["operations_completed"], report["operations_planned"]) == (2, 1)
    assert report["partner_provinces"] == sorted([seasons["krt"].province_name or seasons["krt"].name, "Pailin"])
    assert [op.title for op in report["handovers"]] == ["Mùa khô 2021–2022"]
    html = response.content.decode()
    assert "Mùa khô 2021–2022" in html and "Đợt dự kiến" in html and "Mùa khô 2022–2023" not in html


@pytest.mark.parametrize("who, found, repatriated", [("admin", 17, 12), ("successor_analyst", 14, 12)])
def test_the_totals_equal_the_yearly_report_for_the_seasons_days(client, users, seasons, who, found, repatriated):
    user = users[who]
    report = page(client, user, season=2021).context["report"]
    client.force_login(user)
    yearly = client.get(
        "/api/v1/reports/yearly/", {"date_from": "2021-10-01", "date_to": "2022-05-31"}, HTTP_ACCEPT="application/json"
    ).json()
    assert yearly["totals"]["remains_found"] == report["remains_found"] == found
    assert yearly["totals"]["remains_repatriated"] == report["remains_repatriated"] == repatriated


def test_each_command_has_its_own_rows_and_subtotals(client, users, seasons):
    rows = page(client, users["admin"], season=2021).context["report"]["rows"]
    by_code = {row["command"].code: (row["remains_found"], row["remains_repatriated"]) for row in rows}
    assert by_code == {"DN": (14, 12), "BP": (3, 0)}


def test_a_command_under_the_scope_narrows_the_page(client, users, seasons):
    report = page(client, users["admin"], season=2021, command=seasons["bp"].pk).context["report"]
    assert [row["command"].code for row in report["rows"]] == ["BP"]
    assert report["remains_found"] == 3


def test_another_provinces_user_sees_nothing_and_is_refused_the_command(client, users, seasons):
    report = page(client, users["other_analyst"], season=2021).context["report"]
    assert report["rows"] == [] and report["remains_found"] == 0
    assert page(client, users["other_analyst"], season=2021, command=seasons["dn"].pk).status_code == 404


def test_the_season_defaults_to_the_one_running_or_about_to_start(client, users, seasons, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: D(2022, 3, 15))
    assert page(client, users["successor_analyst"]).context["report"]["season"] == 2021
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: D(2022, 7, 1))
    assert page(client, users["successor_analyst"]).context["report"]["season"] == 2022


def test_a_bad_season_is_a_form_error_not_a_500(client, users, seasons):
    response = page(client, users["successor_analyst"], season="mùa khô")
    assert response.status_code == 400
    assert response.context["form"].errors["season"]


def test_the_page_asks_a_fixed_number_of_queries(client, users, seasons, django_assert_max_num_queries):
    for i in range(10):
        f.activity(seasons["dn"], D(2022, 1, 1 + i), kind=KIND, title=f"Đợt {i}", partners=[seasons["pailin"]],
                   remains_found=1)  # fmt: skip
    client.force_login(users["successor_analyst"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("remains-report"), {"season": 2021})
    for i in range(10):
        f.activity(seasons["bp"], D(2022, 2, 1 + i), kind=KIND, title=f"Thêm {i}", partners=[seasons["krt"]])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("remains-report"), {"season": 2021})


def test_anonymous_users_are_sent_to_the_login_page(client, seasons):
    response = client.get(reverse("remains-report"))
    assert response.status_code == 302 and "login" in response["Location"]
