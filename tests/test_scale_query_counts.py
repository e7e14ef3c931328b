"""On ``seed_scale --scale small`` data (a whole tree, mergers, thousands of rows), every page, report, list and
export still runs the query counts pinned on the small fixtures of the other tests: nothing grows with rows,
commands, levels or partner links.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from dnqp.reports import border_meetings_report, yearly_report
from events.models import Expenditure
from partnerships.models import Command
from tests import factories as f
from tests.test_admin_query_counts import EXPECTED as ADMIN_CHANGELIST_QUERIES
from tests.test_admin_query_counts import SESSION
from tests.test_api_queries import EXPECTED as API_LIST_QUERIES
from tests.test_api_queries import LAST_USE
from tests.test_pages_dashboard import DASHBOARD_QUERIES
from tests.test_pages_yearly import YEARLY_EXPORT_QUERIES, YEARLY_PAGE_QUERIES


@pytest.fixture
def synthetic(db):
    call_command("seed_scale", scale="small", no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    region = Command.objects.get(code="S-QK7")
    return {
        "region": region,
        "province": Command.objects.get(code="S-BRVT"),
        "analyst": User.objects.get(pk=f.user("tonghop_qk7", "analyst", region).pk),
        "staff": User.objects.get(pk=f.user("nhaplieu_qk7", "staff", region).pk),
        "root": User.objects.get(pk=f.user("root", superuser=True).pk),
    }


def test_yearly_report_function(synthetic, django_assert_num_queries):
    # Same numbers as tests/test_report_yearly_query_counts.py: roles and command, tree, four aggregates, plans.
    with django_assert_num_queries(7):
        report = yearly_report(user=synthetic["analyst"], year=2024, year_to=2025)
    assert len(report["rows"]) > 1 and report["totals"]["expenditure_vnd"] > 0
    with django_assert_num_queries(6):  # a superuser: no scope queries
        yearly_report(user=synthetic["root"], year=2015, year_to=2024, by="current")


def test_border_meetings_report(synthetic, django_assert_num_queries):
    yearly_report(user=synthetic["analyst"], year=2024)  # roles and command now cached on the user
    # tree, border pairs' agreements, border meetings held
    with django_assert_num_queries(3):
        border_meetings_report(user=synthetic["analyst"], year=2024)


def test_dashboard_page(synthetic, client, django_assert_num_queries):
    client.force_login(synthetic["analyst"])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"), {"year": 2024})
    assert response.status_code == 200
    assert response.context["data"]["cards"]["expenditure_vnd"] > 0


@pytest.mark.parametrize("file_format", [None, "csv", "xlsx"])
def test_yearly_page_and_downloads(synthetic, client, django_assert_num_queries, file_format):
    client.force_login(synthetic["analyst"])
    params = {"year": 2015, "year_to": 2024} | ({"format": file_format} if file_format else {})
    with django_assert_num_queries(YEARLY_EXPORT_QUERIES if file_format else YEARLY_PAGE_QUERIES):
        response = client.get(reverse("yearly-report"), params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["root", "staff"])
def test_admin_changelist_of_support(synthetic, client, django_assert_num_queries, who):
    client.force_login(synthetic[who])
    superuser_count, staff_count = ADMIN_CHANGELIST_QUERIES[Expenditure]
    with django_assert_num_queries(SESSION + (superuser_count if who == "root" else staff_count)):
        response = client.get(reverse("admin:events_expenditure_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) > 0


@pytest.mark.parametrize("resource", ["agreements", "delegations", "activities", "expenditures"])
def test_api_list_pages(synthetic, api_client, django_assert_num_queries, resource):
    client = api_client(synthetic["staff"])
    with django_assert_num_queries(API_LIST_QUERIES[resource] + LAST_USE):  # the token's first request
        response = client.get(f"/api/v1/{resource}/?page_size=200")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 200


def test_support_csv_export_streams_every_row(synthetic, client):
    client.force_login(synthetic["root"])
    response = client.get(reverse("expenditure-list"), {"format": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == Expenditure.objects.count() + 1  # header + one line per support line
