"""A report's independent queries side by side (``dnqp.core.concurrent``): same figures, only when it is safe.

On PostgreSQL the dashboard and the yearly report give the same figures with the pool as without it,
and the pool really ran some of their queries. Everywhere: results come back in order, an exception
reaches the caller, the caller's context follows each call, a call the busy pool has not started is run
by the caller, and nothing runs side by side inside a transaction, while queries are being counted,
with the pool off, on SQLite, or from inside the pool.
"""

import contextvars
import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dnqp.core import concurrent
from dnqp.reports.dashboard import dashboard_data
from dnqp.reports.yearly import yearly_report

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="queries run side by side on PostgreSQL only (CI runs PostgreSQL)"
)
# Committed data (other connections must see it); serialized_rollback restores the migrations' rows (role
# groups, content types) after the flush, as tests/test_router.py does.
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MAIN = threading.current_thread().name
REAL_SIDE_BY_SIDE = concurrent.side_by_side


@pytest.fixture
def pool(settings):
    """The pool on, with two threads; its threads and their connections closed after the test."""
    settings.DNQP_QUERY_THREADS = 2
    yield
    concurrent.shutdown()


@pytest.fixture
def always(monkeypatch, pool):
    """Side by side whatever the database (for calls that run no query)."""
    monkeypatch.setattr(concurrent, "side_by_side", lambda alias="default": True)


def test_results_in_order_from_the_pool(always, monkeypatch):
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)

    def slow(n, pause):
        def call():
            time.sleep(pause)
            return n, threading.current_thread().name

        return call

    results = concurrent.run_all([slow(0, 0.05), slow(1, 0.10), slow(2, 0.0), slow(3, 0.0)])
    assert [n for n, _thread in results] == [0, 1, 2, 3]
    assert results[0][1] == MAIN
    assert all(thread.startswith("dnqp-query") for _n, thread in results[1:])


def test_an_exception_reaches_the_caller(always):
    def fails():
        raise ValueError("hỏng")

    with pytest.raises(ValueError, match="hỏng"):
        concurrent.run_all([lambda: 1, fails, lambda: 3])


def test_the_callers_context_follows_each_call(always):
    var = contextvars.ContextVar("dnqp_test_var", default="không")
    token = var.set("có")
    try:
        assert concurrent.run_all([var.get, var.get, var.get]) == ["có", "có", "có"]
    finally:
        var.reset(token)


def test_the_callers_language_follows_each_call(always):
    with translation.override("en"):
        assert concurrent.run_all([translation.get_language] * 3) == ["en", "en", "en"]
    with translation.override("vi"):
        assert concurrent.run_all([translation.get_language] * 3) == ["vi", "vi", "vi"]


def test_a_call_the_busy_pool_has_not_started_is_run_by_the_caller(always, settings):
    settings.DNQP_QUERY_THREADS = 1
    release, started = threading.Event(), threading.Event()

    def occupy():
        started.set()
        release.wait(5)

    blocker = concurrent._executor().submit(occupy)
    try:
        assert started.wait(5)
        names = concurrent.run_all([lambda: threading.current_thread().name] * 3)
        assert names == [MAIN, MAIN, MAIN]  # waited for no thread: both queued calls taken back
    finally:
        release.set()
        blocker.result()


def test_never_nested(always, monkeypatch):
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)

    def call():
        return threading.current_thread().name, REAL_SIDE_BY_SIDE()

    results = concurrent.run_all([call, call, call])
    from_pool = [inner for thread, inner in results if thread.startswith("dnqp-query")]
    assert len(from_pool) == 2 and not any(from_pool)  # a run_all inside a call of the pool runs in sequence


def test_not_side_by_side_inside_a_transaction_while_counting_or_when_off(db, settings, pool):
    # pytest-django runs this test inside a transaction: other connections could not see its data.
    assert connection.in_atomic_block
    assert not concurrent.side_by_side()
    assert concurrent.run_all([lambda: threading.current_thread().name] * 3) == [MAIN] * 3
    settings.DNQP_QUERY_THREADS = 0
    assert not concurrent.side_by_side()


@COMMITTED
def test_not_side_by_side_when_counting_queries_or_on_sqlite(settings, pool):
    assert not connection.in_atomic_block
    assert concurrent.side_by_side() is (connection.vendor == "postgresql")
    with CaptureQueriesContext(connection):  # assertNumQueries, django_assert_num_queries, the benchmark
        assert not concurrent.side_by_side()
    with transaction.atomic():
        assert not concurrent.side_by_side()
    settings.DEBUG = True  # every query logged on its own connection
    assert not concurrent.side_by_side()
    settings.DEBUG = False
    conn_max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0  # a new connection per request: no pool either
    try:
        assert not concurrent.side_by_side()
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = conn_max_age


def in_pool_spy(monkeypatch):
    """Record the threads that ran a call of the pool."""
    seen = []
    real = concurrent._in_thread

    def spy(context, language, call):
        seen.append(threading.current_thread().name)
        return real(context, language, call)

    monkeypatch.setattr(concurrent, "_in_thread", spy)
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)  # every call but the first on the pool
    return seen


@on_postgresql
@COMMITTED
def test_dashboard_same_figures_with_the_pool(users, worked_example, settings, monkeypatch):
    today = datetime.date(2022, 10, 1)
    analyst, superuser = users["analyst"], users["superuser"]
    settings.DNQP_QUERY_THREADS = 0
    expected = [dashboard_data(user=u, year=2022, today=today) for u in (analyst, superuser)]
    settings.DNQP_QUERY_THREADS = 2
    seen = in_pool_spy(monkeypatch)
    try:
        got = [dashboard_data(user=u, year=2022, today=today) for u in (analyst, superuser)]
    finally:
        concurrent.shutdown()
    assert got == expected
    assert expected[0]["cards"]["delegations_inbound"] == 1  # the worked example's figures, not empty ones
    assert seen and all(name.startswith("dnqp-query") for name in seen)


@on_postgresql
@COMMITTED
def test_yearly_report_same_figures_with_the_pool(users, worked_example, settings, monkeypatch):
    analyst = users["analyst"]
    settings.DNQP_QUERY_THREADS = 0
    expected = yearly_report(user=analyst, year=2022), yearly_report(user=analyst, year=2016, year_to=2025)
    settings.DNQP_QUERY_THREADS = 2
    seen = in_pool_spy(monkeypatch)
    try:
        got = yearly_report(user=analyst, year=2022), yearly_report(user=analyst, year=2016, year_to=2025)
    finally:
        concurrent.shutdown()
    assert got == expected
    assert expected[0]["totals"]["expenditure_vnd"] > 0
    assert seen


@on_postgresql
@COMMITTED
def test_shutdown_closes_the_pools_connections(users, worked_example, pool, monkeypatch):
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)

    def backend_pid():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    pids = set(concurrent.run_all([backend_pid] * 3)[1:])  # the pool threads' own connections
    assert pids and backend_pid() not in pids
    concurrent.shutdown()

    def still_there():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])
            return cursor.fetchone()[0]

    deadline = time.monotonic() + 10  # a server process ends a moment after its client hangs up
    while still_there() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert still_there() == 0


@on_postgresql
@COMMITTED
def test_a_pool_connection_that_went_away_is_replaced(users, worked_example, pool, monkeypatch):
    """Calls soon after a successful one skip the health check; when the server has closed the connection
    meanwhile (a restart), the call is checked, reconnected and run again: the caller never sees it."""
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)

    def backend_pid():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    pids = set(concurrent.run_all([backend_pid] * 3)[1:])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(pids)])
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)])
            if not cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    again = concurrent.run_all([backend_pid] * 3)[1:]  # within FRESH_SECONDS of the calls above
    assert again and not set(again) & pids
    expected = yearly_report(user=users["analyst"], year=2022)
    assert expected["totals"]["expenditure_vnd"] == 103_500_500


@on_postgresql
@COMMITTED
def test_reporting_reads_go_to_the_replica_from_the_pool(settings, pool, monkeypatch):
    """Inside reporting code, the pool's calls read from the replica as the caller would (dnqp/core/routers.py)."""
    from django.db import router

    from dnqp.core.routers import reporting_reads
    from events.models import Expenditure

    settings.DATABASE_ROUTERS = ["dnqp.core.routers.ReplicaRouter"]
    monkeypatch.setattr(concurrent, "TAKE_BACK", False)

    def alias():
        return threading.current_thread().name, router.db_for_read(Expenditure)

    with reporting_reads():
        inside = concurrent.run_all([alias] * 3, using="replica")
    outside = concurrent.run_all([alias] * 3)
    assert [db for _thread, db in inside] == ["replica"] * 3
    assert sum(thread.startswith("dnqp-query") for thread, _db in inside) == 2
    assert [db for _thread, db in outside] == ["default"] * 3
