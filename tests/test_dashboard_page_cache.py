"""The dashboard page is cached whole, per user, and is the same page as the one rendered from scratch.

A page served from the cache carries the request's own CSRF token (filled into the stored page), the
user's own name, the user's current scope; it never holds messages, and it runs one query (the user with their
roles and command, dnqp.access.accounts.ScopedModelBackend) whatever the data.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache as django_cache
from django.test import Client, RequestFactory
from django.urls import reverse

from dnqp.models import ROLE_GROUPS, Profile
from tests.pages_helpers import add_rows

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(client, **params):
    return client.get(reverse("dashboard"), {"year": 2022, **params})


def from_page_cache(response) -> bool:
    """A page served whole from the cache renders no template."""
    return not response.templates


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("role", ["analyst", "superuser", "district_staff", "nobody"])
def test_the_cached_page_is_the_page_rendered_from_scratch(client, users, worked_example, settings, role):
    client.force_login(users[role])
    settings.DNQP_REPORT_CACHE = False
    straight = get(client)
    settings.DNQP_REPORT_CACHE = True
    django_cache.clear()
    first, second = get(client), get(client)
    assert not from_page_cache(first) and from_page_cache(second)
    assert straight.status_code == first.status_code == second.status_code == 200
    pages = [without_tokens(r.content.decode()) for r in (straight, first, second)]
    assert pages[0] == pages[1] == pages[2]
    assert "csrf-slot-" not in pages[2]
    # The chart script only with figures: the user with no scope gets the explanation and no script.
    assert ("js/dashboard.js" in pages[2]) == (role != "nobody")
    django_cache.clear()


def test_the_page_from_the_figures_html_skips_the_figures(client, users, worked_example, report_cache):
    """A second user of the same scope: the figures' HTML is cached, the figures are not even loaded."""
    client.force_login(users["analyst"])
    first = get(client)
    client.force_login(users["commander"])  # same scope (BP), another user: their own page
    second = get(client)
    assert not from_page_cache(second)
    assert "data" not in second.context and second.context["cached_html"]
    assert without_tokens(second.content.decode()).replace("chihuy_bp", "tonghop_bp") == without_tokens(
        first.content.decode()
    )


def test_the_token_of_a_cached_page_is_this_sessions_and_fresh(users, worked_example, report_cache):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["analyst"])
    get(client)
    hit, again = get(client), get(client)
    assert from_page_cache(hit) and from_page_cache(again)
    tokens = TOKEN.findall(hit.content.decode())
    assert len(tokens) == 2 and tokens[0] == tokens[1]  # language switch and logout forms
    assert TOKEN.findall(again.content.decode())[0] != tokens[0]  # masked afresh on every request
    # Another session of the same user gets the same page with a token of its own (valid for it only).
    other = Client(enforce_csrf_checks=True)
    other.force_login(users["analyst"])
    other_page = get(other)
    assert from_page_cache(other_page)
    other_token = TOKEN.findall(other_page.content.decode())[0]
    assert other_token not in hit.content.decode()
    assert other.cookies["csrftoken"].value != client.cookies["csrftoken"].value
    response = client.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    refused = client.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_headers_of_a_cached_page_are_those_of_a_rendered_page(client, users, worked_example, report_cache):
    client.force_login(users["analyst"])
    first, second = get(client), get(client)
    assert from_page_cache(second)
    for response in (first, second):
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert {"Cookie", "Accept-Language"} <= set(response["Vary"].split(", "))
        assert response["Content-Language"] == "vi"
        assert response["X-Frame-Options"] == "DENY"
        assert "csrftoken" in response.cookies
    assert sorted(first.headers) == sorted(second.headers)


@pytest.mark.parametrize("rows", [10, 200])
def test_a_cached_page_runs_one_query(client, users, worked_example, report_cache, django_assert_num_queries, rows):
    add_rows(worked_example, rows)
    client.force_login(users["analyst"])
    get(client)
    with django_assert_num_queries(1):  # the user with their roles and command
        response = get(client)
    assert from_page_cache(response) and response.status_code == 200


def test_each_user_gets_their_own_header(client, users, worked_example, report_cache):
    client.force_login(users["analyst"])
    get(client)
    client.force_login(users["commander"])
    page = get(client).content.decode()
    assert "chihuy_bp" in page and "tonghop_bp" not in page
    # A change of name shows at once (users are not report data: no generation bump).
    users["commander"].first_name = "Nguyễn Văn"
    users["commander"].last_name = "Chỉ"
    users["commander"].save()
    renamed = get(client)
    assert "Nguyễn Văn Chỉ" in renamed.content.decode()


def test_a_change_of_scope_shows_at_once(client, users, worked_example, report_cache):
    """Scope changes made without any signal or request (QuerySet.update) still show: read every time."""
    analyst = users["analyst"]
    client.force_login(analyst)
    assert "Bình Phước" in get(client).content.decode()
    assert from_page_cache(get(client))
    tn = users["other_analyst"].profile.command
    Profile.objects.filter(user=analyst).update(command=tn)
    moved = get(client).content.decode()
    assert "Tây Ninh" in moved and "Bình Phước" not in moved
    Profile.objects.filter(user=analyst).update(command=None)
    assert "js/dashboard.js" not in get(client).content.decode()  # no scope: the explanation
    # An administrator role (through the groups table, no signal) opens everything.
    Group.objects.get(name=ROLE_GROUPS["admin"]).user_set.through.objects.create(
        user_id=analyst.pk, group_id=Group.objects.get(name=ROLE_GROUPS["admin"]).pk
    )
    everything = get(client).content.decode()
    assert "Bình Phước" in everything and "Tây Ninh" in everything
    # And a command of another scope stays a 404 from a warm cache.
    client.force_login(users["other_analyst"])
    assert get(client, command=worked_example["bp"].pk).status_code == 404


def test_a_page_with_messages_is_neither_served_nor_stored(client, users, worked_example, report_cache):
    client.force_login(users["analyst"])
    get(client)
    assert from_page_cache(get(client))
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Đã nhập 12 dòng.")])
    shown = get(client)
    assert not from_page_cache(shown) and "Đã nhập 12 dòng." in shown.content.decode()
    after = get(client)  # the message was shown once: gone, and never stored with the page
    assert from_page_cache(after) and "Đã nhập 12 dòng." not in after.content.decode()
    # Messages waiting on a cold cache: the page shown is not stored either.
    django_cache.clear()
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Đã nhập 13 dòng.")])
    assert "Đã nhập 13 dòng." in get(client).content.decode()
    fresh = get(client)
    assert not from_page_cache(fresh) and "Đã nhập 13 dòng." not in fresh.content.decode()


def test_errors_are_not_stored_and_parameters_and_language_have_their_own_page(
    client, users, worked_example, report_cache
):
    client.force_login(users["analyst"])
    assert get(client, year="abc").status_code == 400
    again = get(client, year="abc")
    assert again.status_code == 400 and not from_page_cache(again)
    assert get(client, command=users["other_analyst"].profile.command.pk).status_code == 404
    assert get(client, command=users["other_analyst"].profile.command.pk).status_code == 404
    get(client)
    y2021 = get(client, year=2021)
    assert not from_page_cache(y2021) and "2021" in y2021.content.decode()
    client.cookies["django_language"] = "en"
    english = get(client)
    assert not from_page_cache(english) and 'lang="en"' in english.content.decode()
    assert from_page_cache(get(client))


def test_a_write_drops_the_page(client, users, worked_example, report_cache):
    from tests import factories as f

    client.force_login(users["commander"])
    assert "103.500.500" in get(client).content.decode()
    assert from_page_cache(get(client))
    f.expenditure(worked_example["bp"], worked_example["s1"].date, 1_000_000)
    again = get(client)
    assert not from_page_cache(again) and "104.500.500" in again.content.decode()
