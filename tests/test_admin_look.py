"""The admin looks and reads as the same product as the pages: "ĐNQP – Nhập liệu" in the header and the page
title, the product's stylesheet (static/css/admin.css: its colours over Django's CSS variables, the dark theme
included) and favicon, Vietnamese words where Django's own catalogue reads unlike a staff officer, and nowhere
Django's name. The lockout page too. Django's admin features stay: search, filters, actions, the theme button."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from events.models import Delegation

pytestmark = pytest.mark.django_db

PRODUCT = "ĐNQP – Nhập liệu"
STYLESHEET = f'href="{settings.STATIC_URL}css/admin.css"'
FAVICON = f'href="{settings.STATIC_URL}img/favicon.svg"'
NOT_OURS = ["Django administration", "Django site admin", "Quản trị Django", "Trang quản trị cho Django", "Django"]
# Django's Vietnamese that the product replaces: the user addressed as "bạn", the admin's actions called
# "Hoạt động" (the joint activities here), "Thêm vào", "Bởi", "Đi đến".
DJANGOS_WORDS = ["Chào mừng bạn", "Hoạt động:", "Thêm vào", "Bởi ", "Đi đến", "của tôi"]


def admin_pages(worked_example):
    delegation = Delegation.objects.order_by("pk").first()
    agreement = worked_example["p1"]
    return [
        reverse("admin:index"),
        reverse("admin:events_delegation_changelist"),
        reverse("admin:events_delegation_change", args=[delegation.pk]),
        reverse("admin:events_delegation_delete", args=[delegation.pk]),
        reverse("admin:events_delegation_history", args=[delegation.pk]),
        reverse("admin:partnerships_agreement_add"),
        reverse("admin:partnerships_agreement_changelist") + f"?q={agreement.pk}",
        reverse("admin:password_change"),
    ]


def assert_our_look(html, where):
    assert "<title>" in html and f"| {PRODUCT}</title>" in html, where
    assert '<span class="brand-mark">ĐNQP</span> Nhập liệu' in html, where
    assert STYLESHEET in html and FAVICON in html, where
    # Django's own theme files stay, before ours: dark mode and its button keep working.
    assert html.index("admin/css/dark_mode.css") < html.index(STYLESHEET), where
    for text in NOT_OURS:
        assert text not in html, (where, text)


def test_every_admin_page_carries_the_products_name_and_look(client, users, worked_example):
    client.force_login(users["superuser"])
    for url in admin_pages(worked_example):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_our_look(html, url)
        assert 'class="theme-toggle"' in html, url  # Django's light/dark/auto button
        for words in DJANGOS_WORDS:
            assert words not in html, (url, words)


def test_the_changelist_keeps_djangos_features_in_the_products_words(client, users, worked_example):
    client.force_login(users["superuser"])
    html = client.get(reverse("admin:events_delegation_changelist")).content.decode()
    assert 'id="changelist-search"' in html and 'id="changelist-filter"' in html
    assert "Thao tác:" in html and ">Thực hiện</button>" in html  # the actions, not "Hoạt động:" / "Đi đến"
    assert "Chào đồng chí," in html
    assert " Theo chiều đoàn " in html or "Theo chiều đoàn" in html  # a filter's heading, not "Bởi …"


def test_the_admin_login_page_and_logging_out_keep_the_products_name(client, users):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_our_look(response.content.decode(), "login")
    client.force_login(users["staff"])
    response = client.post(reverse("admin:logout"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="brand-mark">ĐNQP</span>' in html  # the pages' login page
    for text in NOT_OURS:
        assert text not in html, text


def test_a_data_entry_user_sees_the_same_look_and_a_user_without_admin_access_is_refused(client, users, worked_example):
    client.force_login(users["staff"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_our_look(response.content.decode(), "staff index")
    client.force_login(users["analyst"])  # analysts read the pages; the admin is not theirs
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_lockout_page_carries_the_products_name_and_look(client, users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": "nhaplieu_bp", "password": "sai-mat-khau"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "— ĐNQP</title>" in html
    assert '<span class="brand-mark">ĐNQP</span>' in html
    assert STYLESHEET in html and FAVICON in html
    for text in NOT_OURS + ["DNQP"]:
        assert text not in html, text


def test_the_stylesheet_sets_the_products_colours_for_the_light_and_the_dark_theme():
    path = finders.find("css/admin.css")
    assert path
    css = Path(path).read_text(encoding="utf-8")
    light, auto_dark, dark = (
        css.split('html[data-theme="light"],\n:root {')[1].split("}")[0],
        css.split("@media (prefers-color-scheme: dark) {")[1].split("}\n}")[0],
        css.split('html[data-theme="dark"] {')[1].split("}")[0],
    )
    for variable in ("--primary", "--secondary", "--header-bg", "--link-fg", "--button-bg", "--breadcrumbs-bg"):
        assert f"{variable}:" in light and f"{variable}:" in auto_dark and f"{variable}:" in dark, variable
    # The pages' own colours (static/css/dnqp.css): the header green and the yellow of the ĐNQP mark.
    pages = Path(finders.find("css/dnqp.css")).read_text(encoding="utf-8")
    for colour in ("#1f4e3d", "#f2c94c"):
        assert colour in pages and colour in light, colour
