"""Inside a request, the figures and pages computed for the report cache are written once the response has been
delivered (closed), in one round trip; the request itself finds them meanwhile; outside a request they are
written at once; a write that fails after the response is logged, never raised at the user."""

import logging

import pytest
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.test import RequestFactory

from dnqp.core import cache
from tests.test_cache_counters_per_request import CountingCache

pytestmark = pytest.mark.django_db  # the keys hold the user's scope, read from the database


@pytest.fixture
def counting(monkeypatch, report_cache):
    spy = CountingCache(django_cache)
    monkeypatch.setattr(cache, "cache", spy)
    return spy


def serve(view, method="get"):
    """``view`` run through the cache's middleware, as a request; the response not closed yet."""
    request = getattr(RequestFactory(), method)("/reports/yearly/")
    return cache.InvalidateOnWriteMiddleware(lambda request: view())(request)


def test_written_once_the_response_is_closed(counting):
    computed = []

    def view():
        cache.cached("yearly", None, ("year", 2024), lambda: computed.append(1) or {"total": 7})
        cache.cached("yearly", None, ("year", 2025), lambda: computed.append(2) or {"total": 8})
        return HttpResponse("page")

    response = serve(view)
    key = cache.entry_key("yearly", None, ("year", 2024))
    assert django_cache.get(key) is None  # not before the user has the page
    assert "set" not in counting.calls and "set_many" not in counting.calls
    response.close()
    assert django_cache.get(key) == (cache.generation(), {"total": 7})
    assert django_cache.get(cache.entry_key("yearly", None, ("year", 2025)))[1] == {"total": 8}
    assert counting.calls.count("set_many") == 1  # both in one round trip
    assert computed == [1, 2]


def test_the_request_finds_what_it_computed_before_it_is_written(report_cache):
    computed = []

    def view():
        for _ in range(3):
            cache.cached("yearly", None, ("year", 2024), lambda: computed.append(1) or {"total": 7})
        return HttpResponse("page")

    serve(view).close()
    assert computed == [1]


def test_outside_a_request_written_at_once(report_cache):
    cache.cached("yearly", None, ("year", 2024), lambda: {"total": 7})
    assert django_cache.get(cache.entry_key("yearly", None, ("year", 2024))) == (cache.generation(), {"total": 7})


def test_stored_after_a_write_of_the_same_request_is_unreachable(report_cache):
    """A POST that computed figures, then wrote: the entry lands under the generation it was computed in."""

    def view():
        cache.cached("yearly", None, ("year", 2024), lambda: {"total": 7})
        return HttpResponse("saved")

    serve(view, method="post").close()  # the middleware bumps the generation after an unsafe method
    assert cache.cached("yearly", None, ("year", 2024), lambda: {"total": 9}) == {"total": 9}


def test_a_failed_write_after_the_response_is_logged(monkeypatch, report_cache, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionError("redis went away")

    def view():
        cache.cached("yearly", None, ("year", 2024), lambda: {"total": 7})
        return HttpResponse("page")

    response = serve(view)
    monkeypatch.setattr(django_cache, "set_many", refuse)
    with caplog.at_level(logging.ERROR, logger="dnqp.core.cache"):
        response.close()  # no exception: the user has the page
    assert "1 entries not written" in caplog.text
    assert response.content == b"page"


def test_a_page_through_the_client_is_cached_for_the_next_request(
    worked_example, users, client, report_cache, django_assert_max_num_queries
):
    client.force_login(users["analyst"])
    assert client.get("/reports/yearly/?year=2024").status_code == 200
    with django_assert_max_num_queries(2):  # session user and scope only: the figures come from the cache
        assert client.get("/reports/yearly/?year=2024").status_code == 200
