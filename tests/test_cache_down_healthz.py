"""``/healthz`` with the shared cache unreachable: 200, ``"status": "degraded"``, ``"cache": "down"``; back to "ok" by
itself when the cache returns (no restart); the database down is still a 503."""

import logging
from unittest import mock

from django.db import OperationalError

from dnqp.core.resilient_cache import breaker


def test_cache_down_is_degraded_not_an_error(client, db, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}
    assert breaker.is_down()


def test_the_database_down_is_still_503(client, db, cache_down):
    with mock.patch("dnqp.web.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "down", "cache": "down"}


def test_back_to_ok_when_the_cache_returns(client, db, cache_down, real_redis, settings, caplog):
    """The health check asks the cache even during the back-off after a failure: it sees it back at once."""
    assert client.get("/healthz").json()["cache"] == "down"
    settings.CACHES = {"default": real_redis}  # the cache is reachable again
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="dnqp.core.resilient_cache"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert not breaker.is_down()
    assert [r.getMessage().split(" at ")[0] for r in caplog.records] == ["cache back"]
