"""The one writer of every export (pretix ``base/exporter.py`` style), and the export log.

An export is one generator of rows, headers first (lists of plain values: str, int, Decimal, date,
datetime, None, bool). The same rows render to:

- CSV: UTF-8 with a byte-order mark (Excel then shows Vietnamese diacritics), streamed in chunks of
  ``CSV_BATCH_ROWS`` rows, so a million rows go out fast in bounded memory. Dates are written ISO
  (YYYY-MM-DD): spreadsheets in every locale read them as dates and the admin import reads them back.
- XLSX: openpyxl in write-only mode (constant memory), bold frozen header, ``#,##0`` on the money and
  count columns, real dates shown dd/mm/yyyy, an optional bold totals row.

Every export is logged in ``ExportLog`` (who, when, what, filters, rows).

A list's CSV on PostgreSQL is written by the database itself when it writes the same bytes
(:class:`PostgresCopy`, built by ``dnqp.columns.csv_rows``): ``COPY (<the list's query>) TO STDOUT``
streamed through a bounded queue, about twice as fast as the Python writer (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from dnqp.models import ExportLog

CSV_BATCH_ROWS = 2000
# COPY's rows go to the response in chunks of COPY_BATCH_ROWS, at most COPY_QUEUE_CHUNKS of them waiting:
# a client that reads slowly holds the database back instead of filling the worker's memory.
COPY_BATCH_ROWS = 2000
COPY_QUEUE_CHUNKS = 8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NUMBER_FORMAT = "#,##0"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv_chunks(rows: Iterable[Sequence], on_finish: Callable[[int], None] | None, total_row: bool):
    """BOM, then the rows in batches of ``CSV_BATCH_ROWS`` (one ``writerows`` and one encode per batch)."""
    if isinstance(rows, PostgresCopy):
        if total_row:
            raise ValueError("PostgreSQL's COPY writes no totals row")
        yield from rows.csv_chunks(on_finish)
        return
    yield "\ufeff".encode()
    written = 0
    for count, chunk in _python_csv(rows):
        written += count
        yield chunk
    if on_finish is not None:
        # Data rows: everything after the header (and before the totals row, if there is one).
        on_finish(max(written - 1 - (1 if total_row and written > 1 else 0), 0))


def _python_csv(rows: Iterable[Sequence]):
    """``(rows, bytes)`` per batch of ``CSV_BATCH_ROWS`` rows, as Python's csv module writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    iterator = iter(rows)
    while True:
        batch = list(itertools.islice(iterator, CSV_BATCH_ROWS))
        if not batch:
            break
        writer.writerows(batch)
        yield len(batch), buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def copy_available(alias: str) -> bool:
    """True if the database ``alias`` can stream a ``COPY … TO STDOUT`` here (PostgreSQL through psycopg2)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


_DONE = object()


class PostgresCopy:
    """The rows of a ``values_list()`` queryset, which the CSV writer has PostgreSQL write itself.

    ``queryset`` comes from ``dnqp.columns.copy_values``: its rows, written by ``COPY (…) TO STDOUT WITH
    (FORMAT csv)``, are byte for byte the CSV rows Python's writer makes of ``fallback()`` (tested in
    tests/test_export_copy_identical.py). Iterated as a plain iterable it gives ``fallback()``'s rows, so
    any other writer (XLSX) gets the same rows the usual way.

    Streaming: psycopg2's ``copy_expert`` returns only when the COPY is over, so it runs in a thread on
    the request's own connection (the main thread does not touch it meanwhile) and hands the rows over in
    chunks through a bounded queue. PostgreSQL ends every row with ``\\n``; libpq hands over exactly one row
    per call (PQgetCopyData), so each one's last byte is its terminator and becomes ``\\r\\n`` like Python's
    (line breaks inside quoted fields stay as they are). If the download stops early (the client went
    away, the response is closed), the COPY is cancelled, the thread joined and the connection left idle;
    inside a transaction the COPY is not cancelled but runs out into the void (a cancel would abort the
    transaction). One query, like the Python path's SELECT, whatever the number of rows.
    """

    def __init__(self, queryset, headers: Sequence[str], fallback: Callable[[], Iterable[Sequence]]):
        self.queryset = queryset
        self.headers = list(headers)
        self.fallback = fallback

    def __iter__(self):
        return iter(self.fallback())

    def copy_sql(self, cursor) -> bytes | None:
        """The ``COPY`` statement with the query's parameters bound; None if the query selects nothing."""
        try:
            sql, params = self.queryset.query.get_compiler(using=self.queryset.db).as_sql()
        except EmptyResultSet:  # e.g. a user without a scope: no query at all, like the Python path
            return None
        return b"COPY (" + cursor.mogrify(sql, params) + b") TO STDOUT WITH (FORMAT csv)"

    @staticmethod
    def _writes_like_python(raw_connection) -> bool:
        # Dates as YYYY-MM-DD and text in UTF-8, as Python writes them (both are libpq-reported settings).
        datestyle = raw_connection.get_parameter_status("DateStyle") or ""
        encoding = raw_connection.get_parameter_status("client_encoding") or ""
        return datestyle.startswith("ISO") and encoding.upper().replace("-", "") == "UTF8"

    def csv_chunks(self, on_finish: Callable[[int], None] | None):
        connection = connections[self.queryset.db]
        cursor = connection.cursor()  # health check, connection, thread check, like any query
        try:
            raw_cursor = cursor.cursor  # psycopg2's, inside Django's wrapper
            if not self._writes_like_python(raw_cursor.connection):
                yield from _csv_chunks(self.fallback(), on_finish, False)
                return
            header = io.StringIO()
            csv.writer(header, lineterminator="\r\n").writerow(self.headers)
            yield "\ufeff".encode() + header.getvalue().encode("utf-8")
            sql = self.copy_sql(raw_cursor)
            rows = 0
            if sql is not None:
                connection.validate_no_broken_transaction()
                started = time.monotonic()
                try:
                    rows = yield from self._stream(connection, raw_cursor, sql)
                finally:
                    if connection.queries_logged:
                        connection.queries_log.append(
                            {"sql": sql.decode("utf-8"), "time": f"{time.monotonic() - started:.3f}"}
                        )
        finally:
            cursor.close()
        if on_finish is not None:
            on_finish(rows)

    @staticmethod
    def _stream(connection, raw_cursor, sql: bytes):
        """Yield the CSV bytes of ``sql`` (a COPY TO STDOUT) as it runs; returns the number of rows."""
        chunks: queue.Queue = queue.Queue(maxsize=COPY_QUEUE_CHUNKS)
        stop = threading.Event()
        state = {"rows": 0, "error": None}

        def put(item) -> None:
            while not stop.is_set():
                try:
                    chunks.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue

        class Sink:
            """What ``copy_expert`` writes to: one call per row, the row ending in its ``\\n``."""

            def __init__(self):
                self.batch = []

            def write(self, row: bytes) -> None:
                batch = self.batch
                batch.append(row[:-1])
                if len(batch) == COPY_BATCH_ROWS:
                    self.flush()

            def flush(self) -> None:
                if self.batch:
                    state["rows"] += len(self.batch)
                    put(b"\r\n".join(self.batch) + b"\r\n")
                    self.batch = []

        def copy() -> None:
            try:
                sink = Sink()
                raw_cursor.copy_expert(sql, sink)
                sink.flush()
            except BaseException as exc:  # handed to the main thread, raised there
                state["error"] = exc
            finally:
                put(_DONE)

        in_transaction = not raw_cursor.connection.autocommit
        thread = threading.Thread(target=copy, name="dnqp-csv-copy", daemon=True)
        thread.start()
        finished = False
        try:
            while (chunk := chunks.get()) is not _DONE:
                yield chunk
            finished = True
        finally:
            if not finished:  # closed early: stop the COPY, let the thread finish, leave the connection idle
                stop.set()
                # Cancelled, the COPY ends in an error, which would abort a surrounding transaction: inside
                # one (never the case when a response streams, but tests run in one) it runs out instead.
                if thread.is_alive() and not in_transaction:
                    raw_cursor.connection.cancel()
                while thread.is_alive():
                    with contextlib.suppress(queue.Empty):
                        chunks.get(timeout=0.05)
            thread.join()
            if state["error"] is not None:
                connection.errors_occurred = True  # Django checks the connection before reusing it
        if state["error"] is not None:
            with connection.wrap_database_errors:
                raise state["error"]
        return state["rows"]


def csv_response(
    rows: Iterable[Sequence],
    filename: str,
    *,
    on_finish: Callable[[int], None] | None = None,
    total_row: bool = False,
    **_ignored,
) -> StreamingHttpResponse:
    """A streamed CSV download of ``rows`` (headers first).

    ``on_finish(row_count)`` runs when the last chunk has been produced (used to log the row count of
    a streamed export without counting first). XLSX-only options (``sheet_title``, ``money_columns``)
    are accepted and ignored so that callers can pass the same keywords for both formats.
    """
    response = StreamingHttpResponse(_csv_chunks(rows, on_finish, total_row), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, filename)


def _plain(value):
    """A value openpyxl accepts: lazy translations as text, aware datetimes in local time without zone."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def xlsx_response(
    rows: Iterable[Sequence],
    filename: str,
    *,
    sheet_title: str,
    money_columns: Iterable[int] = (),
    total_row: bool = False,
    on_finish: Callable[[int], None] | None = None,
    **_ignored,
) -> HttpResponse:
    """An XLSX download of ``rows`` (headers first; the last row is the totals row if ``total_row``).

    ``money_columns``: 0-based indexes of columns holding amounts or counts, formatted ``#,##0``.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    money = frozenset(money_columns)

    iterator = iter(rows)
    headers = next(iterator, None)
    written = 0
    if headers is not None:
        headers = [_plain(h) for h in headers]
        for index, header in enumerate(headers, start=1):
            width = max(10, min(50, len(str(header or "")) + 4))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append([_header_cell(WriteOnlyCell, sheet, h, bold) for h in headers])

        def cells(values, font=None):
            out = []
            for index, value in enumerate(values):
                value = _plain(value)
                number_format = None
                if isinstance(value, datetime.datetime):
                    number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    number_format = DATE_FORMAT
                elif index in money and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    number_format = NUMBER_FORMAT
                if number_format is None and font is None:
                    out.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                if number_format:
                    cell.number_format = number_format
                if font is not None:
                    cell.font = font
                out.append(cell)
            return out

        # Hold back one row so that the last one can be written bold when it is the totals row.
        previous = None
        for row in iterator:
            if previous is not None:
                sheet.append(cells(previous))
                written += 1
            previous = row
        if previous is not None:
            sheet.append(cells(previous, bold if total_row else None))
            written += 1

    output = io.BytesIO()
    workbook.save(output)
    if on_finish is not None:
        on_finish(written - (1 if total_row and written else 0))
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)


def _header_cell(cell_class, sheet, value, font):
    cell = cell_class(sheet, value=value)
    cell.font = font
    return cell


def _sheet_title(title) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    title = str(title or "Sheet")
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def export_response(fmt: str, rows: Iterable[Sequence], filename: str, **kw) -> HttpResponse:
    """The download of ``rows`` as ``fmt`` (``csv`` or ``xlsx``); any other format → 404."""
    if fmt == "csv":
        return csv_response(rows, filename, **kw)
    if fmt == "xlsx":
        kw.setdefault("sheet_title", filename.rsplit(".", 1)[0])
        return xlsx_response(rows, filename, **kw)
    raise Http404(f"Unknown export format: {fmt}")


def log_export(*, user, what: str, file_format: str, filters: dict, row_count: int | None) -> ExportLog:
    """Record one export (who, when, what, which filters, how many rows)."""
    return ExportLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        what=what[:100],
        file_format=file_format[:10],
        filters=_json_filters(filters),
        row_count=row_count,
    )


def logged_export_response(
    fmt: str, rows: Iterable[Sequence], filename: str, *, user, what: str, filters: dict, **kw
) -> HttpResponse:
    """``export_response`` that also logs the export.

    The log entry is written before the first byte goes out (so an interrupted download is still
    logged) and its ``row_count`` is filled in when the writer has produced the last row: for a streamed
    CSV that is when the generator finishes, so no COUNT query runs first.
    """
    entry = log_export(user=user, what=what, file_format=fmt, filters=filters, row_count=None)

    def finished(row_count: int) -> None:
        ExportLog.objects.filter(pk=entry.pk).update(row_count=row_count)

    return export_response(fmt, rows, filename, on_finish=finished, **kw)


def _json_filters(filters) -> dict:
    """Filters as JSON-safe values (QueryDict lists flattened, dates ISO, model instances as ids)."""
    if filters is None:
        return {}
    if hasattr(filters, "lists"):
        filters = {k: v if len(v) > 1 else v[0] for k, v in filters.lists()}
    out = {}
    for key, value in dict(filters).items():
        if value in (None, "", []):
            continue
        out[str(key)] = _json_value(value)
    return out


def _json_value(value):
    if isinstance(value, (list, tuple, set)):
        return [_json_value(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
