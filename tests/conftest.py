"""Fixtures shared by the whole suite."""

import datetime
import os
from decimal import Decimal

import pytest

from tests import factories as f

D = datetime.date


@pytest.fixture
def worked_example(db):
    """The case of docs/WORKED_EXAMPLE.md: Bình Phước merged into Đồng Nai, with Lộc Ninh."""
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    dn = f.command("DN", "Bộ CHQS tỉnh Đồng Nai", parent=qk7)
    bp = f.command(
        "BP", "Bộ CHQS tỉnh Bình Phước", parent=qk7, is_border=True, valid_until=D(2025, 6, 30), successor=dn
    )
    bp_ln = f.command("BP-LN", "Ban CHQS huyện Lộc Ninh", level="district", parent=bp, is_border=True)
    krt = f.partner("KH-KRT", "Tiểu khu Quân sự Kratie")
    mdk = f.partner("KH-MDK", "Tiểu khu Quân sự Mondulkiri")
    snl = f.partner("KH-KRT-SNL", "Chi khu quân sự Snuol", level="district", parent=krt)
    p1 = f.agreement(bp, krt, "twinning", D(2016, 3, 10))
    p2 = f.agreement(bp, mdk, "annual_plan", D(2022, 1, 15), valid_until=D(2022, 12, 31))
    p3 = f.agreement(bp_ln, snl, "twinning", D(2022, 7, 1))
    d1 = f.delegation(bp, D(2022, 4, 12), end=D(2022, 4, 14), members=20, partners=[krt])
    d2 = f.delegation(bp_ln, D(2022, 12, 30), end=D(2023, 1, 2), members=8, direction="outbound", partners=[snl])
    d3 = f.delegation(bp, D(2022, 5, 1), members=30, partners=[krt], status="cancelled")
    t1 = f.activity(bp_ln, D(2022, 8, 15), partners=[snl])
    t2 = f.activity(bp, D(2022, 6, 1), partners=[krt])
    s1 = f.expenditure(bp, D(2022, 4, 13), 80_000_000, category="gifts", partner_unit=krt)
    s2 = f.expenditure(
        bp_ln,
        D(2022, 9, 1),
        None,
        category="materials",
        partner_unit=snl,
        currency="USD",
        amount_original=Decimal("1000"),
        exchange_rate=Decimal("23500.5"),
    )
    return {k: v for k, v in locals().items() if k not in ("f", "db")}


@pytest.fixture
def report_cache(settings):
    """The figures cache on (dnqp/core/cache.py), on an empty cache, emptied after the test."""
    from django.core.cache import caches

    settings.DNQP_REPORT_CACHE = True
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


# The shared cache unreachable: a Redis cache pointed at port 1, where nothing listens (every connection refused).
CACHE_REFUSING = "redis://127.0.0.1:1/0"
# A real Redis for the tests that need one back (db 9, every key under a prefix of its own); CI starts one.
TEST_REDIS_URL = os.environ.get("DNQP_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def cache_down(settings):
    """The shared cache configured (Redis, figures cache on) but refusing every connection.

    Every cache call then fails, or is skipped during the back-off (dnqp/core/resilient_cache.py).
    """
    from dnqp.core.resilient_cache import breaker, redis_cache

    settings.CACHES = {"default": redis_cache(CACHE_REFUSING)}
    settings.DNQP_REPORT_CACHE = True
    breaker.reset()
    yield
    breaker.reset()


@pytest.fixture
def real_redis():
    """``CACHES`` entry of a real Redis (``TEST_REDIS_URL``) under a key prefix of this test's, deleted after it.

    A prefix rather than FLUSHDB: test workers running side by side share the database number. Skipped (with the
    reason) when no Redis answers, except where CI requires one (``DNQP_REQUIRE_REDIS=1``).
    """
    import uuid

    import redis

    from dnqp.core.resilient_cache import breaker, redis_cache

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = f"needs a Redis at {TEST_REDIS_URL} ({exc})"
        if os.environ.get("DNQP_REQUIRE_REDIS") == "1":
            pytest.fail(f"DNQP_REQUIRE_REDIS=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)
    prefix = f"dnqp-test-{uuid.uuid4().hex}"
    breaker.reset()
    yield {**redis_cache(TEST_REDIS_URL), "KEY_PREFIX": prefix}
    breaker.reset()
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def committed_role_groups(transactional_db):
    """The role groups of data migrations dnqp 0002 and 0004, made again for a test whose data is committed.

    The flush after each transactional test (live server, queries side by side) drops them;
    ``serialized_rollback`` cannot restore them in browser tests: once Playwright's sync API runs its event
    loop in this thread, Django hands the test another connection object, without the serialized copy.
    """
    from importlib import import_module

    from django.apps import apps
    from django.db.migrations.state import ProjectState

    state = ProjectState.from_apps(apps).apps
    import_module("dnqp.migrations.0002_role_groups").create_groups(state, None)
    import_module("dnqp.migrations.0004_plan_permissions").grant(state, None)


@pytest.fixture
def users(worked_example):
    """One user per role: superuser, staff/commander/analyst of BP, and users of another scope.

    The other scope is Tây Ninh (TN), a sibling of BP that BP was never merged into: Đồng Nai (DN), BP's
    successor, answers for BP's records since the 2025 merger, so DN's users see them.
    """
    w = worked_example
    tn = f.command("TN", "Bộ CHQS tỉnh Tây Ninh", parent=w["qk7"], is_border=True)
    return {
        "superuser": f.user("root", superuser=True),
        "admin": f.user("quantri", "admin"),
        "staff": f.user("nhaplieu_bp", "staff", w["bp"]),
        "commander": f.user("chihuy_bp", "commander", w["bp"]),
        "analyst": f.user("tonghop_bp", "analyst", w["bp"]),
        "district_staff": f.user("nhaplieu_ln", "staff", w["bp_ln"]),
        "other_staff": f.user("nhaplieu_tn", "staff", tn),
        "other_analyst": f.user("tonghop_tn", "analyst", tn),
        "successor_analyst": f.user("tonghop_dn", "analyst", w["dn"]),
        "nobody": f.user("khongquyen"),
    }


@pytest.fixture
def api_client():
    """``api_client(user)``: a DRF test client authenticated with ``user``'s token; ``api_client()`` is anonymous."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


# --- Browser tests (Playwright driving Debian's chromium; see README.md) ---------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium instead of a downloaded browser; no background traffic of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An English browser (most office laptops here): it sends ``Accept-Language: en-US`` and the pages must still
    come in Vietnamese (dnqp/web/language.py)."""
    return {**browser_context_args, "locale": "en-US"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last (after pytest-django's own ordering): Playwright's sync API leaves an event loop
    running in the main thread, after which Django gives tests other connection objects (asgiref then treats the
    thread as async), and later tests would lose the serialized copy that ``serialized_rollback`` restores."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """``@pytest.mark.browser`` tests skip (with the reason) without chromium, but fail when CI requires them."""
    if item.get_closest_marker("browser") is None:
        return
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        reason = f"browser test needs {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("DNQP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"DNQP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
