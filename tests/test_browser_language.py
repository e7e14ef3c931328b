"""In a real browser whose language is English (tests/conftest.py: ``locale="en-US"``): the pages come in
Vietnamese; the header's picker switches to English and back, and the choice survives logging out and in."""

import pytest
from django.urls import reverse

from dnqp.models import Profile
from tests.test_browser_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


def test_an_english_browser_reads_vietnamese_until_english_is_picked(page, live_server, users):
    response = page.goto(live_server.url + reverse("login"))
    assert response.request.headers["accept-language"].startswith("en-US")  # the browser asks for English
    assert page.evaluate("navigator.language") == "en-US"
    assert page.locator("html[lang=vi]").count() == 1
    log_in(page, live_server, "tonghop_bp")
    assert page.locator("html[lang=vi]").count() == 1

    page.click(".lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.url == live_server.url + reverse("dashboard")  # back where the user was
    assert Profile.objects.get(user=users["analyst"]).language == "en"

    page.click(".user-menu summary")
    page.click(".user-menu button[type=submit]")  # log out
    page.wait_for_url("**" + reverse("login"))
    assert page.locator("html[lang=en]").count() == 1  # this browser's pick, for nobody logged in
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    assert page.locator("html[lang=vi]").count() == 1
    log_in(page, live_server, "tonghop_bp")
    assert page.locator("html[lang=en]").count() == 1  # the profile's pick

    page.click(".lang-switch button[value=vi]")
    page.wait_for_selector("html[lang=vi]")
    assert Profile.objects.get(user=users["analyst"]).language == "vi"
