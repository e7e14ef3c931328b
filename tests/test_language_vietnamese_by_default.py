"""Vietnamese for everyone, English only for whoever picks it in the page header (dnqp/web/language.py).

A browser that asks for English (``Accept-Language: en-US,en;q=0.9``, most office laptops) still gets the login
page, the dashboard, the admin and the API's errors in Vietnamese. A user who picks English keeps it on their
profile: after logging out and in again, on another browser, and for their API token. Nobody logged in: the
language picked on this browser (its cookie). The picker offers Vietnamese and English and refuses anything else.

The expected texts are read from the catalogue (``gettext`` in the language expected), so these tests hold
whatever wording the catalogue gives them.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dnqp.models import Profile

PASSWORD = "Mật-khẩu-thử-123"  # tests/factories.py
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """A request leaves its language active in the test's thread: later tests start from Vietnamese again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def text(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def vietnamese_differs():
    """The messages these tests look for, checked to read differently in the two languages (else they prove
    nothing)."""
    messages = ["Log in", "Dashboard", "Authentication credentials were not provided."]
    for message in messages:
        assert text(message, "vi") != text(message, "en"), message
    return messages


def page_language(response) -> str:
    content = response.content.decode()
    return "vi" if '<html lang="vi"' in content else "en" if '<html lang="en' in content else "?"


def log_in(client, username):
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", **ENGLISH_BROWSER
    )
    assert response.status_code == 302, response.content[:300]


def pick(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url}, **ENGLISH_BROWSER)


# --- An English browser gets Vietnamese -------------------------------------------------------------------------


def test_an_english_browser_gets_the_login_page_in_vietnamese(client, db, vietnamese_differs):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)
    assert response.status_code == 200
    assert page_language(response) == "vi"
    assert text("Log in", "vi") in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")  # the answer does not depend on it


def test_an_english_browser_gets_the_dashboard_and_the_admin_in_vietnamese(client, users, vietnamese_differs):
    log_in(client, "nhaplieu_bp")
    dashboard = client.get(reverse("dashboard"), **ENGLISH_BROWSER)
    assert dashboard.status_code == 200
    assert page_language(dashboard) == "vi"
    assert text("Dashboard", "vi") in dashboard.content.decode()
    admin = client.get(reverse("admin:index"), **ENGLISH_BROWSER)
    assert admin.status_code == 200
    assert page_language(admin) == "vi"
    assert admin["Content-Language"] == "vi"


def test_an_english_api_client_gets_errors_in_vietnamese(users, api_client, vietnamese_differs):
    anonymous = api_client().get("/api/v1/agreements/", **ENGLISH_BROWSER)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": text("Authentication credentials were not provided.", "vi")}
    refused = api_client(users["staff"]).get("/api/v1/agreements/", {"status": "lost"}, **ENGLISH_BROWSER)
    assert refused.status_code == 400
    message = refused.json()["status"][0]
    with translation.override("vi"):
        expected = translation.gettext("Select a valid choice. %(value)s is not one of the available choices.")
    assert message == expected % {"value": "lost"}
    assert refused["Content-Language"] == "vi"


def test_a_logged_in_user_who_picked_nothing_gets_vietnamese_whatever_the_cookie_says(client, users):
    """A laptop shared with someone who picked English: the cookie counts only while nobody is logged in."""
    client.cookies[COOKIE] = "en"
    log_in(client, "chihuy_bp")
    assert page_language(client.get(reverse("dashboard"), **ENGLISH_BROWSER)) == "vi"


# --- A user who picks English keeps it ----------------------------------------------------------------------


def test_a_user_who_picked_english_keeps_it_on_the_profile_through_logging_out_and_in(
    client, users, vietnamese_differs
):
    log_in(client, "tonghop_bp")
    response = pick(client, "en", reverse("yearly-report"))
    assert response.status_code == 302
    assert response["Location"] == reverse("yearly-report")
    assert Profile.objects.get(user=users["analyst"]).language == "en"
    assert response.cookies[COOKIE].value == "en"
    assert page_language(client.get(reverse("dashboard"))) == "en"

    client.post(reverse("logout"))
    login_page = client.get(reverse("login"))  # this browser's cookie: English
    assert page_language(login_page) == "en"

    client.cookies.clear()  # another browser, with no cookie: the login page is Vietnamese again…
    assert page_language(client.get(reverse("login"), **ENGLISH_BROWSER)) == "vi"
    log_in(client, "tonghop_bp")  # …and after logging in, the profile's English
    dashboard = client.get(reverse("dashboard"), **ENGLISH_BROWSER)
    assert page_language(dashboard) == "en"
    assert text("Dashboard", "en") in dashboard.content.decode()
    assert dashboard["Content-Language"] == "en"


def test_the_pick_is_kept_in_the_profiles_history(client, users):
    log_in(client, "tonghop_bp")
    pick(client, "en")
    profile = Profile.objects.get(user=users["analyst"])
    assert profile.history.latest().language == "en"
    assert profile.history.latest().history_user == users["analyst"]


def test_picking_vietnamese_again_switches_back(client, users):
    Profile.objects.filter(user=users["commander"]).update(language="en")
    log_in(client, "chihuy_bp")
    assert page_language(client.get(reverse("dashboard"))) == "en"
    pick(client, "vi")
    assert Profile.objects.get(user=users["commander"]).language == "vi"
    assert page_language(client.get(reverse("dashboard"))) == "vi"


def test_the_admin_and_the_api_follow_the_users_pick(client, users, api_client, vietnamese_differs):
    Profile.objects.filter(user=users["staff"]).update(language="en")
    client.force_login(users["staff"])
    assert page_language(client.get(reverse("admin:index"))) == "en"
    # A token client is known only inside the API: the token's user's language, whatever the client asks for.
    response = api_client(users["staff"]).get("/api/v1/agreements/", {"status": "lost"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert response.json()["status"] == [
        text("Select a valid choice. %(value)s is not one of the available choices.", "en") % {"value": "lost"}
    ]
    assert response["Content-Language"] == "en"
    # The same request of a user who picked nothing: Vietnamese.
    other = api_client(users["analyst"]).get("/api/v1/agreements/", {"status": "lost"}, HTTP_ACCEPT_LANGUAGE="en")
    assert other["Content-Language"] == "vi"


def test_a_user_without_a_profile_can_pick_english(client, users):
    Profile.objects.filter(user=users["superuser"]).delete()
    client.force_login(users["superuser"])
    assert page_language(client.get(reverse("dashboard"))) == "vi"
    assert pick(client, "en").status_code == 302
    assert Profile.objects.get(user=users["superuser"]).language == "en"
    assert Profile.objects.get(user=users["superuser"]).command is None  # no scope given by the way
    assert page_language(client.get(reverse("dashboard"))) == "en"


# --- Nobody logged in: the cookie ----------------------------------------------------------------------------


def test_an_anonymous_pick_sets_the_cookie_and_the_login_page_follows_it(client, db, vietnamese_differs):
    response = pick(client, "en", reverse("login"))
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "en"
    assert response.cookies[COOKIE]["max-age"] == settings.LANGUAGE_COOKIE_AGE  # kept, not only this session
    login_page = client.get(reverse("login"), **ENGLISH_BROWSER)
    assert page_language(login_page) == "en"
    assert text("Log in", "en") in login_page.content.decode()
    assert "Cookie" in login_page["Vary"]
    assert Profile.objects.count() == 0  # nobody's profile


def test_an_anonymous_user_with_the_cookie_gets_english_on_the_login_page(client, db):
    client.cookies[COOKIE] = "en"
    assert page_language(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")) == "en"


def test_a_cookie_naming_a_language_not_offered_is_ignored(client, db):
    client.cookies[COOKIE] = "fr"
    assert page_language(client.get(reverse("login"), **ENGLISH_BROWSER)) == "vi"


# --- The picker ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en-us", "", "vi,en", "zh-hans"])
def test_the_picker_refuses_a_language_not_offered(client, users, language):
    log_in(client, "tonghop_bp")
    response = pick(client, language, reverse("dashboard"))
    assert response.status_code == 400
    assert "vi" in response.content.decode() and "en" in response.content.decode()  # says what is offered
    assert COOKIE not in response.cookies
    assert Profile.objects.get(user=users["analyst"]).language == ""
    assert page_language(client.get(reverse("dashboard"))) == "vi"


def test_the_picker_without_a_language_is_refused_and_answers_in_the_current_language(client, users):
    Profile.objects.filter(user=users["analyst"]).update(language="en")
    log_in(client, "tonghop_bp")
    response = client.post(reverse("set_language"), {"next": "/"})
    assert response.status_code == 400
    assert response.content.decode() == text("This language is not offered. Choose one of: %(offered)s.", "en") % {
        "offered": "vi (Vietnamese), en (English)"
    }


def test_the_picker_is_a_post(client, db):
    assert client.get(reverse("set_language"), {"language": "en"}).status_code == 405


@pytest.mark.parametrize("next_url", ["https://example.com/", "//example.com/", "javascript:alert(1)"])
def test_the_picker_never_sends_the_user_to_another_site(client, db, next_url):
    response = pick(client, "en", next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"
