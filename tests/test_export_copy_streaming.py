"""The CSV written by PostgreSQL's COPY streams: constant queries, the export log's row count, a clean stop.

A download that stops early (the client went away) cancels the COPY, ends its thread and leaves the
connection usable; inside a transaction (the tests') it lets the COPY run out instead, and the transaction
stays usable.
"""

import datetime
import threading
import time

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp import columns, exports
from dnqp.models import ExportLog
from dnqp.web.views import ExpenditureList
from events.models import Expenditure
from tests import factories as f

D = datetime.date

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY … TO STDOUT is PostgreSQL's; other databases keep the Python writer (CI runs PostgreSQL)",
)


# Outside a test transaction, like a served response. serialized_rollback: the flush after each such test would
# otherwise drop the rows of the data migrations (role groups) that later tests rely on.
AUTOCOMMIT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def lines(n, command, partner):
    Expenditure.objects.bulk_create(
        Expenditure(
            command=command,
            partner_unit=partner if i % 2 else None,
            date=D(2020 + i % 5, 1 + i % 12, 1 + i % 28),
            amount_vnd=1_000 + i,
            category="gifts",
            funding_source="province",
            description=f'Hỗ trợ số {i}\ndòng hai, "trích"' if i % 3 else "",
        )
        for i in range(n)
    )


@pytest.fixture
def root_client(client, db):
    client.force_login(f.user("root", superuser=True))
    return client


@pytest.fixture
def units(db):
    return f.command("BP", "Bộ CHQS tỉnh Bình Phước"), f.partner("KH-KRT", "Tiểu khu Quân sự Kratie")


@pytest.fixture
def small_batches(monkeypatch):
    """Chunks of 7 rows, at most 2 waiting: a few dozen rows are already many chunks and a full queue."""
    monkeypatch.setattr(exports, "COPY_BATCH_ROWS", 7)
    monkeypatch.setattr(exports, "COPY_QUEUE_CHUNKS", 2)


@pytest.fixture
def fresh_connection(db):
    """A connection opened now: the server's close_old_connections then keeps it unless it is unusable.

    (A persistent connection older than CONN_MAX_AGE would be closed whatever happened; in a long test
    run, the connection a transactional test gets may be that old.)
    """
    connection.close()
    connection.ensure_connection()
    return connection.connection


def copy_threads():
    return [t for t in threading.enumerate() if t.name == "dnqp-csv-copy"]


def test_csv_rows_take_copy_only_on_postgresql(units):
    rows = columns.csv_rows(Expenditure.objects.order_by("id"), columns.EXPENDITURE_COLUMNS)
    assert isinstance(rows, exports.PostgresCopy) == (connection.vendor == "postgresql")
    # Either way the rows are those of the Python path, for any writer that iterates them.
    lines(3, *units)
    expected = list(columns.export_values(Expenditure.objects.order_by("id"), columns.EXPENDITURE_COLUMNS))
    assert [list(r) for r in rows] == [list(r) for r in expected]


@on_postgresql
def test_query_count_does_not_grow_with_rows(root_client, units, small_batches):
    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            response = root_client.get(reverse("expenditure-list"), {"format": "csv"})
            body = b"".join(response.streaming_content)
        return [q["sql"] for q in queries.captured_queries], body

    lines(3, *units)
    few, _ = export_queries()
    lines(60, *units)
    many, body = export_queries()
    assert len(many) == len(few)
    assert sum(q.startswith("COPY (") for q in many) == 1
    assert body.count(b"\r\n") == 63 + 1  # header and rows (the line breaks inside fields are \n)


@on_postgresql
def test_export_log_holds_the_row_count(root_client, units, small_batches):
    lines(40, *units)
    response = root_client.get(reverse("expenditure-list"), {"format": "csv", "year": 2021})
    entry = ExportLog.objects.get()
    assert entry.row_count is None  # logged before the first byte, counted at the end
    b"".join(response.streaming_content)
    entry.refresh_from_db()
    assert entry.row_count == Expenditure.objects.filter(date__year=2021).count() == 8
    assert entry.filters == {"year": "2021"} and entry.file_format == "csv" and entry.what == "support"


def stop_early(response):
    """Read two chunks, then close the response as the server does when the client has gone away."""
    chunks = iter(response.streaming_content)
    first = next(chunks)
    second = next(chunks)
    response.close()
    return first, second


@on_postgresql
def test_stopped_download_cancels_the_copy_inside_a_transaction(units, small_batches, rf):
    lines(200, *units)
    request = rf.get(reverse("expenditure-list"), {"format": "csv"})
    request.user = f.user("root", superuser=True)
    response = ExpenditureList.as_view()(request)
    # The server's close sends request_finished, whose close_old_connections would close a connection left
    # in a transaction (the test's): Django's test client switches it off around the close, so do we.
    request_finished.disconnect(close_old_connections)
    try:
        first, second = stop_early(response)
    finally:
        request_finished.connect(close_old_connections)
    assert first.startswith(b"\xef\xbb\xbf") and second.count(b"\r\n") == 7
    assert not copy_threads()
    assert ExportLog.objects.get().row_count is None  # not finished: no row count
    assert Expenditure.objects.count() == 200  # the test's transaction is still usable


@on_postgresql
@AUTOCOMMIT
def test_stopped_download_leaves_an_autocommit_connection_usable(root_client, units, small_batches, fresh_connection):
    lines(200, *units)
    raw = fresh_connection
    stop_early(root_client.get(reverse("expenditure-list"), {"format": "csv"}))
    assert not copy_threads()
    assert connection.get_autocommit() and not connection.in_atomic_block
    assert connection.connection is raw  # checked and kept, not closed and reopened
    assert Expenditure.objects.count() == 200
    # and the next export on the same connection runs whole
    body = b"".join(root_client.get(reverse("expenditure-list"), {"format": "csv"}).streaming_content)
    assert body.count(b"\r\n") == 201
    assert ExportLog.objects.order_by("id").last().row_count == 200


@on_postgresql
@AUTOCOMMIT
def test_a_failing_copy_raises_and_leaves_the_connection_usable(root_client, units, monkeypatch, fresh_connection):
    lines(5, *units)

    def broken_sql(self, cursor):
        return b"COPY (SELECT 1 / 0) TO STDOUT WITH (FORMAT csv)"

    monkeypatch.setattr(exports.PostgresCopy, "copy_sql", broken_sql)
    response = root_client.get(reverse("expenditure-list"), {"format": "csv"})
    from django.db import DataError

    raw = fresh_connection
    with pytest.raises(DataError):
        b"".join(response.streaming_content)
    assert not copy_threads()
    assert connection.connection is raw
    assert ExportLog.objects.get().row_count is None
    assert Expenditure.objects.count() == 5


@on_postgresql
@AUTOCOMMIT
def test_a_stopped_download_stops_the_database_work(root_client, units, small_batches, monkeypatch, fresh_connection):
    """An endless COPY (a billion rows) ends as soon as the response is closed: it is cancelled."""

    def endless(self, cursor):
        rows = "generate_series(1, 1000) a, generate_series(1, 1000) b, generate_series(1, 1000) c"  # streams
        return f"COPY (SELECT 1, 'Đồng Nai' FROM {rows}) TO STDOUT WITH (FORMAT csv)".encode()

    monkeypatch.setattr(exports.PostgresCopy, "copy_sql", endless)
    with connection.cursor() as cursor:  # should the cancel fail, the test fails in 30 s instead of hanging
        cursor.execute("SET statement_timeout = '30s'")
    try:
        started = time.monotonic()
        first, second = stop_early(root_client.get(reverse("expenditure-list"), {"format": "csv"}))
        assert second == "1,Đồng Nai\r\n".encode() * 7
        assert not copy_threads()
        assert time.monotonic() - started < 10
        assert connection.connection is fresh_connection  # checked and kept, not closed and reopened
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
