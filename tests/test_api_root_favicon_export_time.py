"""Small things a new user met: the API root, the icon of the print view, the export log's local time."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dnqp.models import ExportLog


def test_the_api_root_lists_its_routes_to_a_logged_in_user(client, users):
    assert client.get("/api/v1/").status_code == 401  # nothing public but the health check and the token
    client.force_login(users["analyst"])
    response = client.get("/api/v1/")
    assert response.status_code == 200
    routes = response.json()
    assert routes["agreements"].endswith("/api/v1/agreements/")
    assert routes["reports/yearly"].endswith("/api/v1/reports/yearly/")
    assert set(routes) >= {"commands", "partner-units", "delegations", "activities", "expenditures", "docs"}


def test_the_print_view_names_its_icon_and_favicon_ico_answers(client, users, worked_example):
    client.force_login(users["analyst"])
    html = client.get(reverse("yearly-report-print"), {"year": 2022}).content.decode()
    assert 'rel="icon"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_the_export_log_heading_shows_local_time(users, settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    entry = ExportLog.objects.create(user=users["analyst"], what="support", file_format="csv", filters={})
    ExportLog.objects.filter(pk=entry.pk).update(created_at=datetime.datetime(2026, 12, 3, 3, 39, tzinfo=datetime.UTC))
    entry.refresh_from_db()
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert str(entry).startswith("03/12/2026 10:39 ")
