"""Every page renders for a permitted user, redirects anonymous visitors to the login page, and shows
another scope's record as 404."""

import pytest
from django.urls import reverse


def list_urls():
    return [
        "dashboard",
        "agreement-list",
        "delegation-list",
        "activity-list",
        "expenditure-list",
        "command-list",
        "partner-unit-list",
        "yearly-report",
        "yearly-report-print",
        "border-meetings-report",
    ]


def detail_urls(w):
    return [
        ("agreement-detail", w["p1"].pk),
        ("delegation-detail", w["d1"].pk),
        ("activity-detail", w["t2"].pk),
        ("expenditure-detail", w["s1"].pk),
    ]


@pytest.mark.parametrize("name", list_urls())
def test_pages_render_for_commander(client, users, name):
    client.force_login(users["commander"])
    response = client.get(reverse(name))
    assert response.status_code == 200, response.content[:500]
    assert b"<html" in response.content


@pytest.mark.parametrize("name", list_urls())
def test_pages_redirect_anonymous_to_login(client, worked_example, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_detail_pages_render_for_analyst_of_the_scope(client, users, worked_example):
    client.force_login(users["analyst"])
    for name, pk in detail_urls(worked_example):
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200, (name, response.content[:300])


def test_detail_pages_are_404_for_another_scope(client, users, worked_example):
    client.force_login(users["other_analyst"])
    for name, pk in detail_urls(worked_example):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_detail_pages_are_404_for_a_user_with_no_command(client, users, worked_example):
    client.force_login(users["nobody"])
    for name, pk in detail_urls(worked_example):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_detail_pages_redirect_anonymous(client, worked_example):
    for name, pk in detail_urls(worked_example):
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_district_staff_cannot_see_the_province_records(client, users, worked_example):
    client.force_login(users["district_staff"])
    assert client.get(reverse("agreement-detail", args=[worked_example["p1"].pk])).status_code == 404
    assert client.get(reverse("agreement-detail", args=[worked_example["p3"].pk])).status_code == 200


def test_login_page_renders_and_logs_in(client, users):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    response = client.post(
        reverse("login"), {"username": "chihuy_bp", "password": "Mật-khẩu-thử-123"}, REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_logout_is_a_post_form_in_the_layout(client, users):
    client.force_login(users["commander"])
    content = client.get(reverse("agreement-list")).content.decode()
    assert f'action="{reverse("logout")}" method="post"' in content
    assert f'action="{reverse("set_language")}" method="post"' in content


def test_language_switch_to_english_and_back(client, users, worked_example):
    client.force_login(users["analyst"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("expenditure-list")})
    assert response.status_code == 302
    content = client.get(reverse("expenditure-list")).content.decode()
    assert '<html lang="en">' in content
    assert "80,000,000 ₫" in content
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    content = client.get(reverse("expenditure-list")).content.decode()
    assert '<html lang="vi">' in content
    assert "80.000.000 ₫" in content


def test_a_user_without_a_command_gets_an_explanation_on_the_reports(client, users, worked_example):
    client.force_login(users["nobody"])
    for name in ("dashboard", "yearly-report", "border-meetings-report"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.context["no_scope"] is True
        assert "empty-state" in response.content.decode()


def test_not_found_page_is_friendly(client, users, worked_example):
    client.force_login(users["other_analyst"])
    response = client.get(reverse("agreement-detail", args=[worked_example["p1"].pk]))
    assert response.status_code == 404
    assert reverse("dashboard") in response.content.decode()
