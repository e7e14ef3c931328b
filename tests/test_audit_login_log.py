"""Every login is logged (django-axes): successful ones with their logout, failed ones too, and the logs are
browsable in the admin by administrators only."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

PASSWORD = "Mật-khẩu-thử-123"


def test_successful_login_and_logout_are_logged(client, users):
    response = client.post("/admin/login/", {"username": "nhaplieu_bp", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302

    entry = AccessLog.objects.get(username="nhaplieu_bp")
    assert entry.attempt_time is not None and entry.logout_time is None
    assert entry.path_info == "/admin/login/"
    assert entry.ip_address == "127.0.0.1"

    client.post("/admin/logout/")
    entry.refresh_from_db()
    assert entry.logout_time is not None


def test_login_through_the_site_login_page_is_logged(client, users):
    response = client.post("/accounts/login/", {"username": "chihuy_bp", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessLog.objects.filter(username="chihuy_bp", path_info="/accounts/login/").count() == 1


def test_failed_logins_are_logged_one_row_each_with_no_password(client, users):
    client.post("/admin/login/", {"username": "nhaplieu_bp", "password": "sai-mat-khau-1"})
    client.post("/accounts/login/", {"username": "khong-ton-tai", "password": "sai-mat-khau-2"})

    failures = AccessFailureLog.objects.order_by("attempt_time")
    assert [(f.username, f.path_info, f.locked_out) for f in failures] == [
        ("nhaplieu_bp", "/admin/login/", False),
        ("khong-ton-tai", "/accounts/login/", False),
    ]
    assert not AccessLog.objects.exists()
    attempt = AccessAttempt.objects.get(username="nhaplieu_bp")
    assert "sai-mat-khau" not in attempt.post_data  # the lockout counter keeps the form, password masked


def test_api_token_login_is_logged(client, users):
    response = client.post(
        "/api/v1/auth/token/", {"username": "tonghop_bp", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    assert AccessLog.objects.filter(username="tonghop_bp", path_info="/api/v1/auth/token/").exists()


LOG_PAGES = ["/admin/axes/accesslog/", "/admin/axes/accessfailurelog/", "/admin/axes/accessattempt/"]


@pytest.mark.parametrize("path", LOG_PAGES)
@pytest.mark.parametrize("role", ["superuser", "admin"])
def test_administrators_browse_the_login_logs(client, users, path, role):
    client.post("/admin/login/", {"username": "nhaplieu_bp", "password": "sai-mat-khau"})
    client.post("/admin/login/", {"username": "nhaplieu_tn", "password": PASSWORD})
    client.force_login(users[role])

    response = client.get(path)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("path", LOG_PAGES)
@pytest.mark.parametrize("role", ["staff", "other_staff", "commander", "analyst", "nobody", "anonymous"])
def test_nobody_else_sees_the_login_logs(client, users, path, role):
    if role != "anonymous":
        client.force_login(users[role])

    response = client.get(path)

    if users.get(role) is not None and users[role].is_staff:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
