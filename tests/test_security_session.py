"""Sessions end when the browser closes and after SESSION_COOKIE_AGE (8 hours) at the latest."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

PASSWORD = "Mật-khẩu-thử-123"


def test_session_cookie_is_a_browser_session_cookie_that_scripts_cannot_read(client, users):
    response = client.post("/accounts/login/", {"username": "chihuy_bp", "password": PASSWORD})
    assert response.status_code == 302

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes


def test_session_expires_on_the_server_after_eight_hours(client, users):
    client.post("/accounts/login/", {"username": "chihuy_bp", "password": PASSWORD})
    assert settings.SESSION_COOKIE_AGE == 8 * 3600

    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < remaining <= datetime.timedelta(hours=8)

    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_logout_needs_a_post_and_ends_the_session(client, users):
    client.force_login(users["analyst"])
    assert client.get("/accounts/logout/").status_code == 405  # a link or an image cannot log anyone out
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_login_form_is_protected_against_cross_site_posts(users):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "chihuy_bp", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
