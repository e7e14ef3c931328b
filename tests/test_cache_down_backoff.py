"""A cache that is down costs little and is logged once: after a failure, calls skip it for
``DNQP_CACHE_RETRY_SECONDS`` without touching the network; the outage is one error line, its end one "cache back"."""

import logging
from unittest import mock

import redis.connection
from django.core.cache import cache
from django.urls import reverse

from dnqp.core.resilient_cache import breaker

LOGGER = "dnqp.core.resilient_cache"


def outage_lines(caplog):
    return [r.getMessage().split(" at ")[0] for r in caplog.records if r.name == LOGGER]


def test_one_attempt_then_the_cache_is_left_alone(client, users, worked_example, cache_down, caplog, settings):
    settings.DNQP_CACHE_RETRY_SECONDS = 3600  # however slow the machine, every later call falls in the back-off
    client.force_login(users["analyst"])
    with mock.patch.object(redis.connection.Connection, "_connect", autospec=True, side_effect=ConnectionRefusedError):
        with caplog.at_level(logging.ERROR, logger=LOGGER):
            for _ in range(3):
                assert client.get(reverse("dashboard"), {"year": 2022}).status_code == 200
                assert client.get(reverse("yearly-report"), {"year": 2022}).status_code == 200
            assert cache.get("dnqp:anything") is None
            assert cache.add("dnqp:anything", 1) is False
        attempts = redis.connection.Connection._connect.call_count
    assert attempts == 1  # the first call; every later one skipped during the back-off
    assert outage_lines(caplog) == ["cache unreachable"]


def test_tried_again_after_the_back_off_logged_once_and_back(db, cache_down, real_redis, settings, caplog):
    settings.DNQP_CACHE_RETRY_SECONDS = 0  # no waiting in a test: every call may try again
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(3):
            assert cache.get("dnqp:key", "default") == "default"  # three failed attempts, one line
        assert breaker.is_down()
        settings.CACHES = {"default": real_redis}  # the cache returns: no restart, the next call uses it
        cache.set("dnqp:key", "value")
        assert cache.get("dnqp:key") == "value"
    assert not breaker.is_down()
    assert outage_lines(caplog) == ["cache unreachable", "cache back"]
