"""The Redis cache backend (dnqp/core/cache_backend.py) behaves as Django's and reuses its redis-py clients."""

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from dnqp.core.cache_backend import RedisCache

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379 (it runs there on the project's machines and in CI)")
    cache = RedisCache(URL, {"KEY_PREFIX": "dnqp-test-backend"})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_per_pool(backend):
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=True) is client
    assert backend._cache.get_client() is client  # one server: reads and writes share the pool


def test_behaves_as_djangos_backend(backend):
    django_cache = DjangoRedisCache(URL, {"KEY_PREFIX": "dnqp-test-backend"})
    backend.set("figures", {"vnd": 103_500_500, "name": "Bình Phước"}, 30)
    assert django_cache.get("figures") == {"vnd": 103_500_500, "name": "Bình Phước"}
    assert backend.add("counter", 1) and not backend.add("counter", 5)
    assert backend.incr("counter") == 2
    assert backend.get_many(["figures", "counter", "missing"]) == {
        "figures": {"vnd": 103_500_500, "name": "Bình Phước"},
        "counter": 2,
    }
    backend.delete("figures")
    assert backend.get("figures") is None and django_cache.get("figures") is None
