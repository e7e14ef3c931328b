"""The plans list reads plans and their targets in a fixed number of queries, however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import AnnualPlan, PlanTarget


def add_plans(command, years):
    for year in years:
        plan = AnnualPlan.objects.create(command=command, year=year)
        PlanTarget.objects.bulk_create(
            [
                PlanTarget(plan=plan, metric="delegations_inbound", target=3),
                PlanTarget(plan=plan, metric="activities", activity_kind="border_meeting", target=4),
                PlanTarget(plan=plan, metric="expenditure_vnd", target=100_000_000),
            ]
        )


def list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/plans/")
    assert response.status_code == 200
    return len(queries), response.json()["count"]


@pytest.mark.django_db
def test_no_query_per_plan_or_target(users, worked_example, api_client):
    client = api_client(users["analyst"])
    client.get("/api/v1/plans/")  # the token's first use is written once (dnqp/access/tokens.py)
    add_plans(worked_example["bp"], range(2020, 2022))
    few, count = list_queries(client)
    assert count == 2
    add_plans(worked_example["bp_ln"], range(2010, 2022))
    many, count = list_queries(client)
    assert count == 14
    assert many == few


def test_staff_of_another_province_lists_none_of_them(users, worked_example, api_client):
    add_plans(worked_example["bp"], [2021])
    response = api_client(users["other_staff"]).get("/api/v1/plans/")
    assert response.status_code == 200 and response.json()["count"] == 0
