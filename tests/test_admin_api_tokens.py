"""Administrators list every API token (user, issued, expires, last used, expired) read-only, and may delete one;
other roles do not see the list."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from dnqp.models import TokenUse
from tests.token_helpers import issued_days_ago, local


@pytest.fixture
def three_tokens(users):
    """The analyst's used token, the commander's expired one, and the other analyst's never used."""
    used = Token.objects.create(user=users["analyst"])
    last = timezone.now() - datetime.timedelta(hours=3)
    TokenUse.objects.filter(token=used).update(last_used_at=last)
    expired = issued_days_ago(users["commander"], 200)
    never = Token.objects.create(user=users["other_analyst"])
    return {"used": used, "last": last, "expired": expired, "never": never}


@pytest.mark.parametrize("role", ["admin", "superuser"])
def test_the_administrator_lists_tokens_with_their_last_use(role, users, three_tokens, client):
    client.force_login(users[role])
    response = client.get("/admin/dnqp/tokenuse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["cl"].result_count == 3
    for label in ("Dùng lần cuối", "Hết hạn lúc", "Cấp lúc", "Đã hết hạn", "Người dùng"):
        assert label in html, label
    assert local(three_tokens["last"]) in html
    assert local(three_tokens["expired"].created + datetime.timedelta(days=90)) in html
    assert "chưa dùng" in html
    for token in (three_tokens["used"], three_tokens["expired"], three_tokens["never"]):
        assert token.user.username in html
        assert token.key not in html  # the secret is never shown
    rows = {use.token.user.username: use for use in response.context["cl"].result_list}
    assert rows["chihuy_bp"].is_expired and not rows["tonghop_bp"].is_expired

    expired_only = client.get("/admin/dnqp/tokenuse/", {"expired": "yes"})
    assert [use.token.user.username for use in expired_only.context["cl"].result_list] == ["chihuy_bp"]
    valid_only = client.get("/admin/dnqp/tokenuse/", {"expired": "no"})
    assert sorted(use.token.user.username for use in valid_only.context["cl"].result_list) == [
        "tonghop_bp",
        "tonghop_tn",
    ]


def test_the_administrators_list_is_read_only_except_delete(users, three_tokens, client):
    client.force_login(users["admin"])
    use = TokenUse.objects.get(token=three_tokens["used"])
    detail = client.get(f"/admin/dnqp/tokenuse/{use.pk}/change/")
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert three_tokens["used"].key not in detail.content.decode()
    assert client.get("/admin/dnqp/tokenuse/add/").status_code == 403
    assert client.post(f"/admin/dnqp/tokenuse/{use.pk}/change/", {"last_used_at": ""}).status_code == 403
    # DRF's own token admin (keys shown, tokens made by hand) is not offered.
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404

    response = client.post(f"/admin/dnqp/tokenuse/{use.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(pk=three_tokens["used"].pk).exists()
    batch = [TokenUse.objects.get(token=three_tokens[name]).pk for name in ("expired", "never")]
    response = client.post(
        "/admin/dnqp/tokenuse/", {"action": "delete_selected", "_selected_action": batch, "post": "yes"}
    )
    assert response.status_code == 302
    assert not Token.objects.exists() and not TokenUse.objects.exists()


@pytest.mark.parametrize("role", ["staff", "other_staff", "commander", "analyst", "nobody"])
def test_other_roles_do_not_see_the_token_list(role, users, three_tokens, client):
    client.force_login(users[role])
    use = TokenUse.objects.get(token=three_tokens["never"])
    response = client.get("/admin/dnqp/tokenuse/")
    if users[role].is_staff:  # data-entry staff: in the admin, but not this list
        assert response.status_code == 403
        assert client.post(f"/admin/dnqp/tokenuse/{use.pk}/delete/", {"post": "yes"}).status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Token.objects.count() == 3


def test_deleting_a_user_names_their_token_without_its_key(users, three_tokens, client):
    client.force_login(users["admin"])
    confirm = client.get(f"/admin/auth/user/{users['analyst'].pk}/delete/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert three_tokens["used"].key not in html
    assert "Mã truy cập API: …" in html  # the token is still listed among what goes with the user
    assert "Mã truy cập API của tonghop_bp" in html
    response = client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [users["analyst"].pk, users["commander"].pk]},
    )
    assert response.status_code == 200  # the action's confirmation page
    assert three_tokens["used"].key not in response.content.decode()
    assert three_tokens["expired"].key not in response.content.decode()
