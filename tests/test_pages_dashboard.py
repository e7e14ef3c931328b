"""The dashboard shows dashboard_data(): cards that link to their records, chart data for the static script,
and the lists of what needs attention, in a constant number of queries."""

import json
import re

import pytest
from django.urls import reverse

from dnqp.reports.dashboard import dashboard_data
from tests.pages_helpers import add_rows


@pytest.fixture
def analyst_client(client, users):
    client.force_login(users["analyst"])
    return client


def test_cards_equal_the_reporting_module(analyst_client, users, worked_example):
    response = analyst_client.get(reverse("dashboard"), {"year": 2022, "command": worked_example["bp"].pk})
    assert response.status_code == 200
    expected = dashboard_data(user=users["analyst"], year=2022, command=worked_example["bp"].pk)
    assert response.context["cards"] == expected["cards"]
    assert expected["cards"]["delegations_inbound"] == 1
    assert "103.500.500 ₫" in response.content.decode()


def test_every_card_links_to_the_records_behind_it(analyst_client, worked_example):
    w = worked_example
    response = analyst_client.get(reverse("dashboard"), {"year": 2022, "command": w["bp"].pk})
    links = response.context["links"]
    inbound = analyst_client.get(links["delegations_inbound"])
    assert {d.pk for d in inbound.context["object_list"]} == {w["d1"].pk}  # D3 is cancelled: not counted
    signed = analyst_client.get(links["agreements_signed"])
    assert {a.pk for a in signed.context["object_list"]} == {w["p2"].pk, w["p3"].pk}
    in_force = analyst_client.get(links["agreements_in_force"])
    assert len(in_force.context["object_list"]) == response.context["cards"]["agreements_in_force"]
    support = analyst_client.get(links["expenditure_vnd"])
    assert sum(s.amount_vnd for s in support.context["object_list"]) == response.context["cards"]["expenditure_vnd"]
    activities = analyst_client.get(links["activities"])
    assert len(activities.context["object_list"]) == response.context["cards"]["activities"]
    content = response.content.decode()
    for url in links.values():
        assert url.replace("&", "&amp;") in content


def test_chart_data_is_passed_as_json_for_the_static_script(analyst_client, worked_example):
    content = analyst_client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', content, re.S)
    data = json.loads(match.group(1))
    assert data["per_month"]["inbound"][3] == 1  # D1 in April
    assert data["per_month"]["outbound"][11] == 1  # D2 starts on 30/12
    assert {c["category"] for c in data["categories"]} == {"gifts", "materials"}
    assert len(data["links"]["months"]) == 12
    # No inline script: every <script> has a src under /static/ (Content-Security-Policy script-src 'self').
    for tag in re.findall(r"<script[^>]*>", content):
        assert 'type="application/json"' in tag or 'src="/static/' in tag, tag
    assert "vendor/chartjs/chart.umd.js" in content


def test_nothing_is_loaded_from_outside_the_server(analyst_client, worked_example):
    content = analyst_client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', content)


def test_pairs_behind_on_border_meetings_are_listed(analyst_client, worked_example):
    response = analyst_client.get(reverse("dashboard"), {"year": 2022, "command": worked_example["bp"].pk})
    behind = response.context["behind"]
    assert {(r["command_code"], r["partner_unit_code"]) for r in behind} == {("BP", "KH-KRT"), ("BP-LN", "KH-KRT-SNL")}
    assert all("kind=border_meeting" in r["url"] for r in behind)


def test_user_without_a_command_gets_an_explanation(client, users, worked_example):
    client.force_login(users["nobody"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["no_scope"] is True


def test_another_scopes_command_is_404_and_bad_year_is_400(client, users, worked_example):
    client.force_login(users["other_analyst"])
    assert client.get(reverse("dashboard"), {"command": worked_example["bp"].pk}).status_code == 404
    assert client.get(reverse("dashboard"), {"year": "abc"}).status_code == 400


# Queries of the dashboard for a scoped analyst:
#  0. the session (kept in the database, not the cache: docs/OPERATIONS.md)
#  1. the session's user with their groups (roles) and command id (dnqp.access.accounts)
#  2. the user's command (its level decides which levels the scope select leaves out)   3. the commands of
#     the scope select (2 and 3 only when the form is rendered: with the report cache on it is kept)
#  4. the command tree
#  5-8. the yearly report's four aggregates (cards, support by category; the first one also gives the
#       partner units in force per country)
#  9. the targets of the year's approved annual plans (results against plan)
#  10. the trend per year and 11. completed delegations per month and direction (monthly chart), from the
#      summary per command subtree (events/summary.py)
#  12. agreements expiring within 90 days
#  13-14. planned delegations / activities coming up
#  15-16. planned delegations / activities already past
#  17-18. border-meetings report: agreements of the border pairs, months with border meetings (events/summary.py)
# The reminders panel is a request of its own (/reminders/panel/, tests/test_pages_reminders.py).
DASHBOARD_QUERIES = 1 + 18


@pytest.mark.parametrize("rows", [10, 200])
def test_dashboard_query_count_does_not_grow(analyst_client, worked_example, django_assert_num_queries, rows):
    add_rows(worked_example, rows)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = analyst_client.get(reverse("dashboard"))
    assert response.status_code == 200
    data = response.context["data"]
    assert data["expiring"] and data["upcoming"] and data["overdue"]
