"""Every response carries ``X-Request-ID``: the proxy's when it sent a well-formed one, else one made here."""

import re

import pytest
from django.urls import reverse


def test_an_ordinary_page_carries_a_new_request_id(client, users):
    client.force_login(users["analyst"])
    first = client.get(reverse("dashboard"))
    second = client.get(reverse("dashboard"))
    assert first.status_code == second.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{16}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert first.wsgi_request.request_id == first["X-Request-ID"]


def test_redirects_api_answers_and_the_health_check_carry_it_too(client, db):
    assert client.get("/").has_header("X-Request-ID")  # a redirect to the login page
    assert client.get("/api/v1/agreements/").has_header("X-Request-ID")  # a 401
    assert client.get("/healthz").has_header("X-Request-ID")


def test_a_well_formed_incoming_id_is_kept(client, db):
    incoming = "7f6c1a0e-2b4d-4e8a-9c3f-5d2e1b0a9c8d"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming", ["", "short", "x" * 65, "abc def ghi", "id\r\nSet-Cookie: a=b", "<script>1</script>"]
)
def test_a_malformed_incoming_id_is_replaced(client, db, incoming):
    answered = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]
    assert answered != incoming
    assert re.fullmatch(r"[0-9a-f]{16}", answered)
