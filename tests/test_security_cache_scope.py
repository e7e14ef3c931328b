"""With the report cache on, a figure computed for one scope is never served to another."""

import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.fixture(autouse=True)
def report_cache_on():
    cache.clear()
    with override_settings(DNQP_REPORT_CACHE=True):
        yield
    cache.clear()


def yearly(client, user, **params):
    client.force_login(user)
    return client.get("/api/v1/reports/yearly/", {"year": 2022, **params})


def test_each_scope_gets_its_own_figures_from_a_warm_cache(client, users, worked_example):
    bp = yearly(client, users["analyst"]).json()
    assert bp["scope"]["code"] == "BP" and bp["totals"]["delegations_inbound"] == 1

    tn = yearly(client, users["other_analyst"]).json()
    assert tn["scope"]["code"] == "TN"
    assert tn["totals"]["delegations_inbound"] == 0 and tn["totals"]["expenditure_vnd"] == 0

    district = yearly(client, users["district_staff"]).json()
    assert district["scope"]["code"] == "BP-LN"
    assert district["totals"]["delegations_inbound"] == 0 and district["totals"]["delegations_outbound"] == 1


def test_a_warm_cache_does_not_open_another_scope(client, users, worked_example):
    bp_id = worked_example["bp"].pk
    assert yearly(client, users["analyst"], command=bp_id).status_code == 200
    assert yearly(client, users["other_analyst"], command=bp_id).status_code == 404
    assert yearly(client, users["district_staff"], command=bp_id).status_code == 404


def test_the_dashboard_from_a_warm_cache_stays_in_scope(client, users, worked_example):
    client.force_login(users["analyst"])
    response = client.get("/", {"year": 2022})
    assert response.status_code == 200
    assert "Bình Phước" in response.content.decode()
    client.force_login(users["other_analyst"])
    response = client.get("/", {"year": 2022})
    assert response.status_code == 200
    assert "Bình Phước" not in response.content.decode()
    assert client.get("/", {"year": 2022, "command": worked_example["bp"].pk}).status_code == 404


def test_figures_cached_for_one_user_never_reach_another_scope(client, users, worked_example):
    """The figures cache warmed by an unlimited user, then every other user."""
    client.force_login(users["superuser"])
    root_page = client.get("/", {"year": 2022})
    assert "Tây Ninh" in root_page.content.decode() or "Bình Phước" in root_page.content.decode()
    for name, expected, hidden in [
        ("other_analyst", "Tây Ninh", "Bình Phước"),
        ("district_staff", "Lộc Ninh", "Tây Ninh"),
        ("nobody", None, "Bình Phước"),
    ]:
        client.force_login(users[name])
        html = client.get("/", {"year": 2022}).content.decode()
        assert hidden not in html and "root" not in html.split("<main", 1)[0]
        if expected:
            assert expected in html
