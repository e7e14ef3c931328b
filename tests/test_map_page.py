"""The map page (/map/) opens for every role, in Vietnamese, with the vendored map script and no script of its own
inline; a user with no command is told so; a visitor who is not logged in is sent to the login page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.map_helpers import get_map, map_json, placed_example

ROLES = ["superuser", "admin", "staff", "commander", "analyst", "district_staff", "successor_analyst"]


@pytest.mark.parametrize("role", ROLES)
def test_the_page_opens_for_every_role(client, users, worked_example, role):
    placed_example(worked_example, users)
    client.force_login(users[role])
    response = get_map(client, year=2022)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="map" class="map-box"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/js/map.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert "/static/geo/countries-region-50m.json" in html  # the outlines: a file of the application itself
    assert "<h1>Bản đồ 2022</h1>" in html
    data = map_json(response)
    assert data["year"] == 2022 and data["commands"] and data["partner_units"]
    assert {"twinning", "annual_plan"} <= set(data["colours"])


def test_the_year_defaults_to_this_year(client, users, worked_example):
    client.force_login(users["analyst"])
    assert map_json(get_map(client))["year"] == timezone.localdate().year


def test_a_user_with_no_command_is_told_so_and_sees_no_unit(client, users, worked_example):
    placed_example(worked_example, users)
    client.force_login(users["nobody"])
    response = get_map(client, year=2022)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tài khoản của đồng chí chưa được gán cho đơn vị nào." in html
    assert 'id="map-data"' not in html and "js/map.js" not in html


def test_a_visitor_not_logged_in_is_sent_to_the_login_page(client, db):
    response = get_map(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
