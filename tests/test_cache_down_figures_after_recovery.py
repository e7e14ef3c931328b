"""No figure from before a write is served after the cache returns, though the write happened while it was away.

The write could not move the cache's generation on; it moved the database's stamp instead (dnqp/core/cache.py). The
cache that returns is the one that held the figure (a real Redis, or the same per-process cache), with the figure
and the generation exactly as they were. Committed data (a transactional test): the stamp is written at commit.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dnqp.core import cache as figures
from dnqp.models import FiguresStamp
from dnqp.reports.yearly import yearly_report
from tests import factories as f
from tests.conftest import CACHE_REFUSING

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["redis", "local memory"])
def cache_that_returns(request, settings, committed_role_groups):
    if request.param == "redis":
        entry = request.getfixturevalue("real_redis")
    else:
        entry = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dnqp-test-recovery"}
    settings.CACHES = {"default": entry}
    settings.DNQP_REPORT_CACHE = True
    cache.clear()
    yield entry
    settings.CACHES = {"default": entry}
    cache.clear()


def support_2022(user) -> int:
    return yearly_report(user=user, year=2022)["totals"]["expenditure_vnd"]


def test_a_write_while_the_cache_was_down_is_seen_when_it_returns(cache_that_returns, users, worked_example, settings):
    analyst = users["analyst"]
    before = support_2022(analyst)  # computed, then cached
    generation = cache.get(figures.GENERATION_KEY)
    assert generation is not None

    settings.CACHES = {"default": {**cache_that_returns, "BACKEND": "dnqp.core.resilient_cache.ResilientRedisCache",
                                   "LOCATION": CACHE_REFUSING}}  # fmt: skip
    f.expenditure(worked_example["bp"], datetime.date(2022, 11, 5), 2_500_000)  # committed while the cache is down
    assert FiguresStamp.objects.get().value == figures.database_stamp() != 0

    settings.CACHES = {"default": cache_that_returns}  # the cache is back, as it was
    settings.DNQP_CACHE_RETRY_SECONDS = 0  # and the back-off after the failure is over
    assert cache.get(figures.GENERATION_KEY) == generation  # the write could not move it on
    assert support_2022(analyst) == before + 2_500_000
    assert support_2022(analyst) == before + 2_500_000  # cached again, under the new stamp


def test_figures_are_served_from_the_cache_while_nothing_is_written(cache_that_returns, users, worked_example):
    """The stamp does not stop the cache from working: a second read is a hit (no query on the records)."""
    analyst = users["analyst"]
    first = support_2022(analyst)
    with CaptureQueriesContext(connection) as queries:
        assert support_2022(analyst) == first
    assert [q["sql"] for q in queries] == [f"SELECT value FROM {figures.STAMP_TABLE} WHERE id = 1"]
