"""The user admin: an administrator gives a user a role and a command in one form; nobody else may."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dnqp.models import ROLE_GROUPS
from tests import factories as f

PASSWORD = "Mật-khẩu-đủ-dài-2024"


def profile_inline(command_id="", initial=0, profile_id=""):
    return {
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": str(initial),
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-command": str(command_id),
        "profile-0-id": str(profile_id),
    }


def test_administrator_adds_a_staff_user_with_command(client, users, worked_example):
    client.force_login(users["admin"])
    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "moi",
            "role": "staff",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **profile_inline(worked_example["bp_ln"].pk),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="moi")
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS["staff"]]
    assert user.profile.command == worked_example["bp_ln"]
    assert user.is_staff
    assert user.check_password(PASSWORD)


def test_weak_password_is_refused_in_the_admin(client, users, worked_example):
    client.force_login(users["admin"])
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "moi", "role": "staff", "usable_password": "true", "password1": "123", "password2": "123"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not User.objects.filter(username="moi").exists()


def test_changing_the_role_replaces_the_group_and_admin_access(client, users, worked_example):
    staff = users["staff"]
    client.force_login(users["admin"])
    page = client.get(f"/admin/auth/user/{staff.pk}/change/")
    assert page.context["adminform"].form["role"].value() == "staff"

    response = client.post(
        f"/admin/auth/user/{staff.pk}/change/",
        {
            "username": staff.username,
            "role": "commander",
            "is_active": "on",
            "date_joined_0": "01/01/2025",
            "date_joined_1": "08:00:00",
            **profile_inline(worked_example["dn"].pk, initial=1, profile_id=staff.profile.pk),
            "profile-0-user": str(staff.pk),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    staff.refresh_from_db()
    assert list(staff.groups.values_list("name", flat=True)) == [ROLE_GROUPS["commander"]]
    assert not staff.is_staff  # commanders use the pages, not the admin
    assert staff.profile.command == worked_example["dn"]


def test_an_administrator_who_is_not_superuser_cannot_make_superusers(client, users):
    client.force_login(users["admin"])
    page = client.get(f"/admin/auth/user/{users['staff'].pk}/change/")
    assert "is_superuser" not in page.context["adminform"].form.fields


@pytest.mark.parametrize("role", ["staff", "commander", "analyst", "other_staff", "nobody"])
def test_other_roles_cannot_manage_users(client, users, role):
    client.force_login(users[role])
    for url in ["/admin/auth/user/", "/admin/auth/user/add/", f"/admin/auth/user/{users['admin'].pk}/change/"]:
        response = client.get(url)
        # staff reach the admin but get 403; the others are sent to the admin login
        assert response.status_code in (302, 403), (role, url, response.status_code)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


def changelist_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/auth/user/")
    assert response.status_code == 200
    return response, len(queries)


def test_user_changelist_shows_role_and_command_without_a_query_per_row(client, users, worked_example):
    client.force_login(users["admin"])
    response, few = changelist_queries(client)
    text = response.content.decode()
    assert "BP-LN" in text and "nhaplieu_ln" in text and "Cán bộ nhập liệu" in text

    for i in range(20):
        f.user(f"them_{i}", "analyst", worked_example["dn"])
    _response, many = changelist_queries(client)
    # session, user, (permissions), count ×2, the page of users with profile and command, their groups
    assert many == few


def test_the_command_of_a_user_is_picked_with_autocomplete(client, users, worked_example):
    client.force_login(users["admin"])
    page = client.get(f"/admin/auth/user/{users['staff'].pk}/change/")
    assert 'name="profile-0-command"' in page.content.decode()
    assert "admin-autocomplete" in page.content.decode()

    response = client.get(
        "/admin/autocomplete/", {"app_label": "dnqp", "model_name": "profile", "field_name": "command", "term": "loc"}
    )

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(worked_example["bp_ln"].pk)]
