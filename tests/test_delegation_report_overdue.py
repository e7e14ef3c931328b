"""Outbound trips whose report is overdue: completed, outbound, ``report_due_on`` before today, ``reported_on`` empty.
The delegations list (``?report=overdue``, linked from the list), the API filter and the admin filter agree; scoped."""

import datetime

import pytest
from django.urls import reverse

from tests import factories as f

D = datetime.date
TODAY = datetime.date.today()


def trips(w):
    """Bình Phước's outbound trips, one per case; returns the ones whose report is overdue."""

    def trip(days_ago, **extra):
        start = TODAY - datetime.timedelta(days=days_ago + 20)
        extra.setdefault("direction", "outbound")
        return f.delegation(w["bp_ln"], start, end=start + datetime.timedelta(days=2), **extra)

    overdue = [
        trip(30, report_due_on=TODAY - datetime.timedelta(days=30)),
        trip(1, report_due_on=TODAY - datetime.timedelta(days=1)),  # due yesterday
    ]
    trip(0, report_due_on=TODAY)  # due today: not overdue yet
    trip(40, report_due_on=TODAY - datetime.timedelta(days=10), reported_on=TODAY - datetime.timedelta(days=12))
    trip(40, report_due_on=TODAY - datetime.timedelta(days=10), status="cancelled")  # never went
    trip(40, report_due_on=TODAY - datetime.timedelta(days=10), status="planned")  # not closed yet
    trip(40, report_due_on=TODAY - datetime.timedelta(days=10), direction="inbound")  # the partner's visit
    trip(40)  # no report asked
    return overdue


@pytest.mark.django_db
def test_the_api_filter_lists_exactly_the_overdue_trips(users, worked_example, api_client):
    overdue = trips(worked_example)
    response = api_client(users["analyst"]).get("/api/v1/delegations/", {"report": "overdue"})
    assert response.status_code == 200
    assert sorted(d["id"] for d in response.json()["results"]) == sorted(d.pk for d in overdue)
    assert api_client(users["analyst"]).get("/api/v1/delegations/", {"report": "late"}).status_code == 400


@pytest.mark.django_db
def test_the_list_page_links_to_them_and_shows_the_due_dates(client, users, worked_example):
    overdue = trips(worked_example)
    client.force_login(users["analyst"])
    listing = client.get(reverse("delegation-list"))
    assert listing.context["report_overdue_count"] == 2
    assert "?report=overdue" in listing.content.decode()
    response = client.get(reverse("delegation-list"), {"report": "overdue", "ordering": "report_due_on"})
    assert [d.pk for d in response.context["object_list"]] == [d.pk for d in overdue]  # oldest due first
    html = response.content.decode()
    assert "Hạn báo cáo" in html


@pytest.mark.django_db
def test_another_commands_user_sees_none(client, users, worked_example, api_client):
    trips(worked_example)
    refused = users["other_analyst"]  # Tây Ninh
    assert api_client(refused).get("/api/v1/delegations/", {"report": "overdue"}).json()["results"] == []
    client.force_login(refused)
    response = client.get(reverse("delegation-list"), {"report": "overdue"})
    assert list(response.context["object_list"]) == [] and response.context["report_overdue_count"] == 0


@pytest.mark.django_db
def test_the_admin_filter_agrees(client, users, worked_example):
    overdue = trips(worked_example)
    client.force_login(users["staff"])
    response = client.get(reverse("admin:events_delegation_changelist"), {"report": "overdue"})
    assert sorted(d.pk for d in response.context["cl"].result_list) == sorted(d.pk for d in overdue)


@pytest.mark.django_db
def test_the_delegation_page_says_the_report_is_overdue(client, users, worked_example):
    overdue = trips(worked_example)
    client.force_login(users["analyst"])
    response = client.get(reverse("delegation-detail", args=[overdue[0].pk]))
    assert response.context["report_overdue"] is True
