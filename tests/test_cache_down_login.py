"""With the shared cache unreachable, people log in and out; sessions and failed logins are kept in the database."""

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.models import Session
from django.core.cache import cache

PASSWORD = "Mật-khẩu-thử-123"  # tests.factories.user's password


def test_login_works_and_the_session_lives_in_the_database(client, users, cache_down):
    assert cache.get("anything", "no answer") == "no answer"  # the cache really is down

    response = client.post("/accounts/login/", {"username": "chihuy_bp", "password": PASSWORD})
    assert response.status_code == 302
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(users["commander"].pk)

    page = client.get("/")
    assert page.status_code == 200
    assert page.context["user"] == users["commander"]

    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert client.get("/").status_code == 302  # logged out for good: no cached copy to come back


def test_failed_logins_are_counted_in_the_database_and_refused(client, users, cache_down):
    response = client.post("/accounts/login/", {"username": "chihuy_bp", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="chihuy_bp").count() == 1
    assert AccessAttempt.objects.get(username="chihuy_bp").failures_since_start == 1
