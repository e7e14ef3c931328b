"""``POST /api/v1/auth/token/``: a token for a username and password; failed attempts count towards the lockout."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from rest_framework.authtoken.models import Token

PASSWORD = "Mật-khẩu-thử-123"  # tests/factories.py


def test_token_for_good_credentials_then_use_it(users, api_client):
    client = api_client()
    response = client.post("/api/v1/auth/token/", {"username": "tonghop_bp", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=users["analyst"]).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/agreements/").status_code == 200


def test_same_token_on_second_login(users, api_client):
    body = {"username": "tonghop_bp", "password": PASSWORD}
    first = api_client().post("/api/v1/auth/token/", body, format="json").json()["token"]
    assert api_client().post("/api/v1/auth/token/", body, format="json").json()["token"] == first


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "tonghop_bp", "password": "sai-mat-khau"}, "non_field_errors"),
        ({"username": "khong-co-ai", "password": PASSWORD}, "non_field_errors"),
        ({"username": "tonghop_bp"}, "password"),
        ({"password": PASSWORD}, "username"),
    ],
)
def test_bad_credentials_are_400(body, field, users, api_client):
    response = api_client().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(users, api_client):
    users["analyst"].is_active = False
    users["analyst"].save()
    body = {"username": "tonghop_bp", "password": PASSWORD}
    assert api_client().post("/api/v1/auth/token/", body, format="json").status_code == 400


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_failed_token_logins_lock_the_account_out_with_a_clear_429(users, api_client):
    client = api_client()
    wrong = {"username": "tonghop_bp", "password": "sai-mat-khau"}
    for _ in range(2):
        assert client.post("/api/v1/auth/token/", wrong, format="json").status_code == 400
    assert AccessAttempt.objects.get(username="tonghop_bp").failures_since_start == 2
    third = client.post("/api/v1/auth/token/", wrong, format="json")
    assert third.status_code == 429  # the attempt that reaches the limit already says so
    # Locked out now: even the right password is refused, with a message saying why.
    response = client.post("/api/v1/auth/token/", {"username": "tonghop_bp", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "detail" in response.json()
    assert not Token.objects.filter(user=users["analyst"]).exists()
