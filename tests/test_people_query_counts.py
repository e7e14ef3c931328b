"""The people list (API and page) and the overdue-reports list run a fixed number of queries, at 10 and 200 rows."""

import datetime

import pytest
from django.urls import reverse

from events.models import Delegation
from partnerships.models import Person, Position

TODAY = datetime.date.today()


def fill_people(w, n):
    """``n`` partner-side people with two posts each in Kratie (bulk inserts)."""
    people = Person.objects.bulk_create(Person(name=f"Người thử {i:03d}", side="partner") for i in range(n))
    Position.objects.bulk_create(
        Position(person=p, partner_unit=w["krt"], title=title, valid_from=datetime.date(2010 + k, 1, 1))
        for p in people
        for k, title in enumerate(["Phó Chỉ huy trưởng", "Chỉ huy trưởng"])
    )


def fill_overdue(w, n):
    start = TODAY - datetime.timedelta(days=60)
    Delegation.objects.bulk_create(
        Delegation(command=w["bp_ln"], direction="outbound", purpose="working", country="KH", member_count=3,
                   start_date=start, end_date=start, report_due_on=start + datetime.timedelta(days=15))
        for _ in range(n)
    )  # fmt: skip


# API, a staff user by token: token + user, roles and command (scope), 2 permission queries (view_person),
# COUNT, the page of people, their positions (one prefetch); plus the token's last use (first request).
PERSONS_API = 7 + 1
# Page, an analyst: the session, the session's user (roles, command), commands of the "command" select, partner
# units of the "partner unit" select, COUNT, 2 permission queries (the "add" button), the page of people, the
# posts of the page's people (one query).
PERSONS_PAGE = 9
# The API's delegation list (tests/test_api_queries.py) with the members' prefetch: 8, + the token's last use.
OVERDUE_API = 8 + 1
# The delegations page: the session, its user, the two selects, COUNT, 2 permission queries, the rows, their
# partner units (one prefetch), and the count of the overdue link.
OVERDUE_PAGE = 10


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_persons_list_query_count_is_constant(
    users, worked_example, api_client, client, django_assert_num_queries, rows
):
    fill_people(worked_example, rows)
    api = api_client(users["staff"])
    with django_assert_num_queries(PERSONS_API):
        response = api.get("/api/v1/persons/", {"partner_unit": worked_example["krt"].pk, "on": "2015-06-01"})
    assert response.status_code == 200 and response.json()["count"] == rows
    assert all(len(p["positions"]) == 2 for p in response.json()["results"])

    client.force_login(users["analyst"])
    with django_assert_num_queries(PERSONS_PAGE):
        page = client.get(reverse("person-list"))
    assert page.status_code == 200 and len(page.context["object_list"]) == min(rows, 50)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 200])
def test_overdue_list_query_count_is_constant(
    users, worked_example, api_client, client, django_assert_num_queries, rows
):
    fill_overdue(worked_example, rows)
    api = api_client(users["analyst"])
    with django_assert_num_queries(OVERDUE_API):
        response = api.get("/api/v1/delegations/", {"report": "overdue"})
    assert response.json()["count"] == rows

    client.force_login(users["analyst"])
    with django_assert_num_queries(OVERDUE_PAGE):
        page = client.get(reverse("delegation-list"), {"report": "overdue"})
    assert page.context["paginator"].count == rows
