"""The generation counters are read once per request, both in one round trip; a write of the request is seen
at once; outside a request every read goes to the cache."""

import datetime

import pytest
from django.core.cache import cache as django_cache

from dnqp.access.tree import tree_generation
from dnqp.core import cache
from tests import factories as f


class CountingCache:
    """The cache, counting its calls by name."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self.inner, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def counting(monkeypatch, report_cache):
    spy = CountingCache(django_cache)
    monkeypatch.setattr(cache, "cache", spy)
    return spy


def test_both_counters_in_one_round_trip_per_request(counting):
    cache.generation(), tree_generation()  # created if missing
    counting.calls.clear()
    with cache.counters_read_once():
        first = (cache.generation(), tree_generation())
        assert (cache.generation(), tree_generation()) == first
    assert counting.calls == ["get_many"]


def test_a_bump_of_the_request_is_seen_at_once(counting):
    with cache.counters_read_once():
        before = cache.generation()
        cache.invalidate()
        assert cache.generation() > before


def test_outside_a_request_every_read_goes_to_the_cache(counting):
    before = cache.generation()
    django_cache.incr(cache.GENERATION_KEY)  # another process's write
    assert cache.generation() == before + 1


def test_figures_after_a_write_in_the_next_request(worked_example, users, client, report_cache):
    """Through the middleware: the first request caches the figures, a write, the next request recomputes."""
    client.force_login(users["analyst"])
    url = "/api/v1/reports/yearly/?year=2022"
    assert client.get(url).json()["totals"]["expenditure_vnd"] == 103_500_500
    f.expenditure(worked_example["bp"], datetime.date(2022, 5, 5), 1_000, category="funds")
    assert client.get(url).json()["totals"]["expenditure_vnd"] == 103_501_500
    # The user of another province is refused BP's figures, cached or not.
    client.force_login(users["other_analyst"])
    assert client.get(f"{url}&command={worked_example['bp'].pk}").status_code == 404


@pytest.mark.django_db
def test_figures_and_counters_in_one_round_trip(counting):
    """A report's first cache read of a request reads its entry with both counters, at one moment."""
    cache.generation(), tree_generation()
    with cache.counters_read_once():
        cache.cached("yearly", None, ("year", 2024), lambda: {"total": 7})
    counting.calls.clear()
    with cache.counters_read_once():
        assert cache.cached("yearly", None, ("year", 2024), lambda: {"total": 0}) == {"total": 7}
        tree_generation()  # read with them: no round trip of its own
    assert counting.calls == ["get_many"]


@pytest.mark.django_db
def test_an_entry_of_an_earlier_generation_is_never_used(counting):
    cache.cached("yearly", None, ("year", 2024), lambda: {"total": 7})
    django_cache.incr(cache.GENERATION_KEY)  # another process's write, after the entry was stored
    with cache.counters_read_once():
        assert cache.cached("yearly", None, ("year", 2024), lambda: {"total": 8}) == {"total": 8}


def test_a_yearly_page_reads_the_cache_once(worked_example, users, client, counting):
    """Uncached: its figures and both counters in one round trip, the figures written after the response;
    cached: that one round trip (the form comes from the process's memory)."""
    client.force_login(users["analyst"])
    client.get("/reports/yearly/?year=2022")  # the form and the counters exist
    cache.invalidate()
    counting.calls.clear()
    assert client.get("/reports/yearly/?year=2022").status_code == 200
    assert counting.calls == ["get_many", "set_many"]
    counting.calls.clear()
    assert client.get("/reports/yearly/?year=2022").status_code == 200
    assert counting.calls == ["get_many"]
