"""A user sees and revokes their own API token (account page, ``DELETE /api/v1/auth/token/``), nobody else's."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from dnqp.models import TokenUse
from tests.token_helpers import issued_days_ago, local, with_token


def test_a_user_revokes_their_own_token_through_the_api(users, api_client):
    token = Token.objects.create(user=users["analyst"])
    client = with_token(api_client, token)
    response = client.delete("/api/v1/auth/token/")
    assert response.status_code == 204
    assert not Token.objects.filter(user=users["analyst"]).exists()
    assert not TokenUse.objects.exists()
    refused = client.get("/api/v1/agreements/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Token không hợp lệ."}


def test_a_logged_in_user_without_a_token_is_told_so(users, client):
    client.force_login(users["analyst"])
    response = client.get("/api/v1/auth/token/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Đồng chí chưa có mã truy cập API nào."}
    assert client.delete("/api/v1/auth/token/").status_code == 404


def test_revoking_through_the_api_touches_only_the_callers_token(users, api_client):
    mine = Token.objects.create(user=users["analyst"])
    theirs = Token.objects.create(user=users["other_analyst"])
    assert with_token(api_client, mine).delete("/api/v1/auth/token/").status_code == 204
    assert with_token(api_client, theirs).get("/api/v1/agreements/").status_code == 200
    # Not logged in: nothing to revoke, and nothing revoked.
    anonymous = api_client().delete("/api/v1/auth/token/")
    assert anonymous.status_code == 401
    assert api_client().get("/api/v1/auth/token/").status_code == 401
    assert Token.objects.filter(pk=theirs.pk).exists()


def test_the_account_page_lists_the_users_token_in_vietnamese(users, client):
    token = issued_days_ago(users["analyst"], 10)
    used = timezone.now() - datetime.timedelta(days=1)
    TokenUse.objects.filter(token=token).update(last_used_at=used)
    client.force_login(users["analyst"])
    dashboard = client.get("/")
    assert 'href="/account/"' in dashboard.content.decode()  # the user menu leads there
    page = client.get("/account/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tài khoản của đồng chí" in html
    assert "Mã truy cập API (token) của đồng chí" in html
    for label in ("Cấp lúc", "Hết hạn lúc", "Dùng lần cuối", "còn hiệu lực", "Thu hồi", "90 ngày"):
        assert label in html, label
    assert local(token.created) in html
    assert local(token.created + datetime.timedelta(days=90)) in html
    assert local(used) in html
    assert token.key not in html
    assert "Chuyên viên tổng hợp" in html and "Bộ CHQS tỉnh Bình Phước" in html


def test_the_account_page_shows_an_expired_token_and_a_user_without_one(users, client):
    issued_days_ago(users["analyst"], 120)
    client.force_login(users["analyst"])
    html = client.get("/account/").content.decode()
    assert "đã hết hạn" in html and "chưa dùng" in html
    client.force_login(users["commander"])
    assert "Đồng chí chưa có mã truy cập API nào." in client.get("/account/").content.decode()


def test_a_user_revokes_their_own_token_on_the_account_page(users, client, api_client):
    token = Token.objects.create(user=users["analyst"])
    use = TokenUse.objects.get(token=token)
    client.force_login(users["analyst"])
    response = client.post(f"/account/api-tokens/{use.pk}/revoke/", follow=True)
    assert response.redirect_chain == [("/account/", 302)]
    html = response.content.decode()
    assert "Đã thu hồi mã truy cập API của đồng chí" in html
    assert "Đồng chí chưa có mã truy cập API nào." in html
    assert not Token.objects.filter(pk=token.pk).exists()
    assert with_token(api_client, token).get("/api/v1/agreements/").status_code == 401


@pytest.mark.parametrize("role", ["other_analyst", "admin", "superuser"])
def test_nobody_revokes_another_users_token_on_the_account_page(role, users, client, api_client):
    token = Token.objects.create(user=users["analyst"])
    use = TokenUse.objects.get(token=token)
    client.force_login(users[role])
    assert client.post(f"/account/api-tokens/{use.pk}/revoke/").status_code == 404
    assert token.key not in client.get("/account/").content.decode()
    assert with_token(api_client, token).get("/api/v1/agreements/").status_code == 200


def test_revoking_needs_a_login_and_a_post(users, client):
    use = TokenUse.objects.get(token=Token.objects.create(user=users["analyst"]))
    response = client.post(f"/account/api-tokens/{use.pk}/revoke/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(users["analyst"])
    assert client.get(f"/account/api-tokens/{use.pk}/revoke/").status_code == 405
    assert Token.objects.filter(user=users["analyst"]).exists()
