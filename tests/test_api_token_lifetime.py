"""API tokens work for ``DNQP_API_TOKEN_DAYS`` days after issue (401 after that) and note their last use."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from dnqp.models import Profile, TokenUse
from tests.token_helpers import issued_days_ago, local, with_token

PASSWORD = "Mật-khẩu-thử-123"  # tests/factories.py
ROOT = Path(__file__).resolve().parent.parent


# --- lifetime --------------------------------------------------------------------------------------------


def test_login_gives_a_token_with_its_expiry_that_works_and_notes_its_last_use(users, api_client):
    before = timezone.now()
    client = api_client()
    response = client.post("/api/v1/auth/token/", {"username": "tonghop_bp", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    body = response.json()
    token = Token.objects.get(user=users["analyst"])
    assert body["token"] == token.key
    expires = datetime.datetime.fromisoformat(body["expires"])
    assert expires == token.created + datetime.timedelta(days=90)  # the default lifetime
    assert TokenUse.objects.get(token=token).last_used_at is None  # issued, not used yet

    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/agreements/").status_code == 200
    mine = client.get("/api/v1/auth/token/")
    assert mine.status_code == 200
    info = mine.json()
    assert set(info) == {"created", "expires", "last_used", "expired"}  # never the key
    assert datetime.datetime.fromisoformat(info["expires"]) == expires
    assert info["expired"] is False
    assert before <= datetime.datetime.fromisoformat(info["last_used"]) <= timezone.now()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_expired_token_is_refused_with_a_401_saying_so(language, users, api_client):
    # In the language the token's user picked (dnqp/web/language.py), whatever the client's Accept-Language.
    Profile.objects.filter(user=users["analyst"]).update(language="en" if language == "en" else "")
    browser = "vi" if language == "en" else "en-US,en;q=0.9"
    token = issued_days_ago(users["analyst"], 91)
    client = with_token(api_client, token)
    expired = local(token.created + datetime.timedelta(days=90))
    for response in (
        client.get("/api/v1/agreements/", HTTP_ACCEPT_LANGUAGE=browser),
        client.get("/api/v1/auth/token/", HTTP_ACCEPT_LANGUAGE=browser),
        client.delete("/api/v1/auth/token/", HTTP_ACCEPT_LANGUAGE=browser),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        detail = response.json()["detail"]
        if language == "vi":
            assert detail == (
                f"Token này đã hết hạn lúc {expired}, không dùng được nữa. Đồng chí hãy lấy token mới bằng "
                "POST /api/v1/auth/token/ (tên đăng nhập và mật khẩu)."
            )
        else:
            assert detail.startswith(f"This API token expired on {expired} and can no longer be used.")
    assert Token.objects.filter(pk=token.pk).exists()  # still listed (as expired), never used
    assert TokenUse.objects.get(token=token).last_used_at is None


def test_a_token_works_until_the_end_of_its_last_day(users, api_client):
    token = issued_days_ago(users["analyst"], 89, hours=23)
    assert with_token(api_client, token).get("/api/v1/agreements/").status_code == 200


def test_logging_in_again_replaces_an_expired_token(users, api_client):
    old = issued_days_ago(users["analyst"], 100)
    body = {"username": "tonghop_bp", "password": PASSWORD}
    response = api_client().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 200
    new_key = response.json()["token"]
    assert new_key != old.key
    assert not Token.objects.filter(pk=old.key).exists()
    assert with_token(api_client, Token.objects.get(pk=new_key)).get("/api/v1/agreements/").status_code == 200
    # While the new one is valid, logging in again gives it back.
    assert api_client().post("/api/v1/auth/token/", body, format="json").json()["token"] == new_key


@pytest.mark.parametrize(("days", "status"), [(1, 401), (3, 200)])
def test_the_lifetime_setting_is_respected(days, status, settings, users, api_client):
    settings.DNQP_API_TOKEN_DAYS = days
    token = issued_days_ago(users["analyst"], 2)
    assert with_token(api_client, token).get("/api/v1/agreements/").status_code == status
    if status == 200:
        info = with_token(api_client, token).get("/api/v1/auth/token/").json()
        assert datetime.datetime.fromisoformat(info["expires"]) == token.created + datetime.timedelta(days=days)


def test_a_login_states_the_configured_lifetime(settings, users, api_client):
    settings.DNQP_API_TOKEN_DAYS = 7
    body = {"username": "tonghop_bp", "password": PASSWORD}
    response = api_client().post("/api/v1/auth/token/", body, format="json").json()
    created = Token.objects.get(user=users["analyst"]).created
    assert datetime.datetime.fromisoformat(response["expires"]) == created + datetime.timedelta(days=7)


def settings_value(value: str | None):
    env = {k: v for k, v in os.environ.items() if k != "DNQP_API_TOKEN_DAYS"}
    if value is not None:
        env["DNQP_API_TOKEN_DAYS"] = value
    code = "import dnqp.settings_test as s; print(s.DNQP_API_TOKEN_DAYS)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("value", "days"), [(None, 90), ("", 90), ("30", 30)])
def test_the_lifetime_comes_from_the_environment(value, days):
    result = settings_value(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(days)


@pytest.mark.parametrize("value", ["0", "-5", "3651", "ninety"])
def test_a_bad_lifetime_stops_the_start(value):
    result = settings_value(value)
    assert result.returncode != 0
    assert "DNQP_API_TOKEN_DAYS must be" in result.stderr


# --- last use --------------------------------------------------------------------------------------------


def test_last_use_is_written_at_most_once_every_five_minutes(users, api_client, django_assert_num_queries):
    token = Token.objects.create(user=users["analyst"])
    client = with_token(api_client, token)
    assert client.get("/api/v1/auth/token/").status_code == 200
    first = TokenUse.objects.get(token=token).last_used_at
    assert first is not None

    # Four minutes later: not written again. The request reads the token, its user and its use in one query.
    TokenUse.objects.filter(token=token).update(last_used_at=first - datetime.timedelta(minutes=4))
    with django_assert_num_queries(1):
        assert client.get("/api/v1/auth/token/").status_code == 200
    assert TokenUse.objects.get(token=token).last_used_at == first - datetime.timedelta(minutes=4)

    # Six minutes later: written (one more query).
    TokenUse.objects.filter(token=token).update(last_used_at=first - datetime.timedelta(minutes=6))
    with django_assert_num_queries(2):
        response = client.get("/api/v1/auth/token/")
    assert datetime.datetime.fromisoformat(response.json()["last_used"]) > first - datetime.timedelta(minutes=1)


def test_a_token_without_its_row_gets_one_at_first_use(users, api_client):
    token = Token.objects.create(user=users["analyst"])
    TokenUse.objects.filter(token=token).delete()  # a token made outside Django (raw SQL, bulk_create)
    assert with_token(api_client, token).get("/api/v1/agreements/").status_code == 200
    assert TokenUse.objects.get(token=token).last_used_at is not None


def test_a_backup_restores_tokens_with_their_last_use(users, tmp_path):
    from django.core.management import call_command

    token = Token.objects.create(user=users["analyst"])
    used = (timezone.now() - datetime.timedelta(hours=2)).replace(microsecond=0)  # JSON keeps milliseconds
    TokenUse.objects.filter(token=token).update(last_used_at=used)
    dump = tmp_path / "tokens.json"
    call_command("dumpdata", "authtoken.token", "dnqp.tokenuse", output=str(dump), verbosity=0)
    Token.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)  # the token is loaded first: no second row made for it
    assert TokenUse.objects.get().token_id == token.key
    assert TokenUse.objects.get().last_used_at == used
