"""The generation counters are read once per request, both in one round trip; a write of the request is seen
at once; outside a request every read goes to the cache."""

import datetime

import pytest
from django.core.cache import cache as django_cache

from dnqp import cache
from dnqp.reports.tree import tree_generation
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
