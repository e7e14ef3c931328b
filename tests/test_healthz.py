"""``/healthz``: the one URL that needs no login; 503 when the database cannot be reached.

With the cache down it says so, with 200: tests/test_cache_down_healthz.py."""

from unittest import mock

from django.db import OperationalError


def test_healthz_ok_without_login(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    # The tests' cache is one per process: no shared cache to report on.
    assert response.json() == {"status": "ok", "database": "ok", "cache": "none"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_database_unreachable(client, db):
    with mock.patch("dnqp.web.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "down", "cache": "none"}


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
