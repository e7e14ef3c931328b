"""django-axes locks a username out after repeated failed logins, on every login route, with a clear page."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

from dnqp.access.accounts import client_ip

PASSWORD = "Mật-khẩu-thử-123"  # tests.factories.user's password
LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


def routed(path):
    try:
        resolve(path)
    except Resolver404:
        pytest.skip(f"{path} is not routed yet")


def post_login(client, path, username, password):
    return client.post(path, {"username": username, "password": password, "next": "/admin/"})


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_lockout_after_the_failure_limit_then_even_the_right_password_is_refused(client, users, path):
    routed(path)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = post_login(client, path, "nhaplieu_bp", "sai-mat-khau")
        assert response.status_code == 200  # the form again, with its error
        assert response.context["form"].errors

    response = post_login(client, path, "nhaplieu_bp", "sai-mat-khau")
    assert response.status_code == 429
    assert "axes/lockout.html" in [t.name for t in response.templates]
    with translation.override(settings.LANGUAGE_CODE):
        assert gettext("Login temporarily locked") in response.content.decode()
    assert "nhaplieu_bp" in response.content.decode()
    assert "Content-Security-Policy" in response.headers

    response = post_login(client, path, "nhaplieu_bp", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="nhaplieu_bp").count() == limit + 1
    assert AccessAttempt.objects.get(username="nhaplieu_bp").failures_since_start >= limit


def test_lockout_is_per_username_so_other_users_still_log_in(client, users):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        post_login(client, "/admin/login/", "nhaplieu_bp", "sai-mat-khau")

    response = post_login(client, "/admin/login/", users["other_staff"].username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["other_staff"].pk)


def test_a_success_before_the_limit_resets_the_count(client, users):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        post_login(client, "/admin/login/", "nhaplieu_bp", "sai-mat-khau")
    assert post_login(client, "/admin/login/", "nhaplieu_bp", PASSWORD).status_code == 302
    client.logout()

    for _ in range(limit - 1):
        assert post_login(client, "/admin/login/", "nhaplieu_bp", "sai-mat-khau").status_code == 200
    assert post_login(client, "/admin/login/", "nhaplieu_bp", PASSWORD).status_code == 302


def test_api_token_route_counts_failures_and_locks_out(client, users):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = client.post(
            "/api/v1/auth/token/", {"username": "tonghop_bp", "password": "sai"}, content_type="application/json"
        )
        assert response.status_code == 400
    response = client.post(
        "/api/v1/auth/token/", {"username": "tonghop_bp", "password": "sai"}, content_type="application/json"
    )
    assert response.status_code == 429
    response = client.post(
        "/api/v1/auth/token/", {"username": "tonghop_bp", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429
    assert "token" not in response.json()
    assert AccessFailureLog.objects.filter(username="tonghop_bp").count() == limit + 1


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, users):
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        client.post(
            "/admin/login/",
            {"username": "nhaplieu_bp", "password": "sai"},
            headers={"X-Forwarded-For": f"198.51.100.{i}"},
        )
    response = client.post(
        "/admin/login/", {"username": "nhaplieu_bp", "password": PASSWORD}, headers={"X-Forwarded-For": "192.0.2.99"}
    )
    assert response.status_code == 429


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_the_proxy_appended_counts(rf):
    request = rf.get("/", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}, REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_directly_exposed_the_forwarded_for_header_is_ignored(rf):
    request = rf.get("/", headers={"X-Forwarded-For": "6.6.6.6"}, REMOTE_ADDR="203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
