"""Every server error leaves a trace: the 500 is logged (django.request, to stderr) with its traceback, method, path,
user id and request id, and the user sees the same request id, on the page or in the API's JSON, and in the
``X-Request-ID`` header. A test URL map: the project's, with a page and an API route that fail."""

import logging

import pytest
from django.urls import path
from rest_framework.views import APIView

import dnqp.urls


def broken_page(request):
    raise RuntimeError("the page broke")


class BrokenApi(APIView):
    def get(self, request):
        raise RuntimeError("the API broke")


urlpatterns = [
    path("test-broken/", broken_page),
    path("api/v1/test-broken/", BrokenApi.as_view()),
    *dnqp.urls.urlpatterns,
]
handler500 = dnqp.urls.handler500

pytestmark = pytest.mark.urls(__name__)


def error_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR]


def stderr_line(record) -> str:
    """The record as the console handler of the ``django`` logger (stderr) writes it."""
    handler = next(h for h in logging.getLogger("django").handlers if h.get_name() == "console")
    assert handler.level <= logging.ERROR and handler.filter(record)
    return handler.format(record)


def test_a_failing_page_is_logged_and_shows_its_request_id(client, users, caplog):
    client.raise_request_exception = False  # as a browser sees it
    client.force_login(users["analyst"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-broken/", {"year": "2022"})

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert f'<code id="request-id">{request_id}</code>' in page
    assert "Mã yêu cầu" in page and 'lang="vi"' in page

    [record] = error_records(caplog)
    assert record.exc_info[0] is RuntimeError
    assert (record.request_id, record.request_method, record.request_path) == (request_id, "GET", "/test-broken/")
    assert record.user_id == str(users["analyst"].pk)  # loaded for the error record: the view never asked
    line = stderr_line(record)
    assert f"[{request_id} GET /test-broken/ user={users['analyst'].pk}]" in line
    assert "Traceback (most recent call last)" in line and "RuntimeError: the page broke" in line


def test_a_failing_api_route_answers_json_with_the_request_id(api_client, users, caplog):
    client = api_client(users["analyst"])
    incoming = "proxy-0123456789abcdef"
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/test-broken/", HTTP_X_REQUEST_ID=incoming)

    assert response.status_code == 500
    assert response["X-Request-ID"] == incoming
    body = response.json()
    assert body["request_id"] == incoming and incoming in body["detail"]

    [record] = error_records(caplog)  # once: not again by Django for the 500 it then sees
    assert record.exc_info[0] is RuntimeError
    assert (record.request_id, record.request_path) == (incoming, "/api/v1/test-broken/")
    assert record.user_id == str(users["analyst"].pk)  # the token's user
    assert "RuntimeError: the API broke" in stderr_line(record)


def test_an_anonymous_failure_is_logged_without_a_user(client, db, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-broken/")
    assert response.status_code == 500
    [record] = error_records(caplog)
    assert record.user_id == "-" and record.request_id == response["X-Request-ID"]
