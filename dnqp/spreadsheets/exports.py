"""The one writer of every export (pretix ``base/exporter.py`` style), and the export log.

An export is one generator of rows, headers first (lists of plain values: str, int, Decimal, date,
datetime, None, bool). The same rows render to:

- CSV: UTF-8 with a byte-order mark (Excel then shows Vietnamese diacritics), streamed in chunks of
  ``CSV_BATCH_ROWS`` rows, so a million rows go out fast in bounded memory. Dates are written ISO
  (YYYY-MM-DD): spreadsheets in every locale read them as dates and the admin import reads them back.
- XLSX: openpyxl in write-only mode (constant memory), bold frozen header, ``#,##0`` on the money and
  count columns, real dates shown dd/mm/yyyy, an optional bold totals row.

Every export is logged in ``ExportLog`` (who, when, what, filters, rows).

Text typed by users never becomes a live formula in a spreadsheet (OWASP "CSV injection"): in XLSX
every text cell is written as a string cell; in CSV a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (after any leading apostrophes) gets one more apostrophe in front,
which :func:`restore_text` (used by the import) takes off again, so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from dnqp.models import ExportLog

CSV_BATCH_ROWS = 2000
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
    yield "\ufeff".encode()
    written = 0
    for count, chunk in _python_csv(rows):
        written += count
        yield chunk
    if on_finish is not None:
        # Data rows: everything after the header (and before the totals row, if there is one).
        on_finish(max(written - 1 - (1 if total_row and written > 1 else 0), 0))


# A cell starting with one of these, after any apostrophes, is a formula to a spreadsheet program.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise_text(value):
    """A CSV cell that no spreadsheet program runs as a formula: ``=1+1`` is written ``'=1+1``."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def restore_text(value):
    """What :func:`neutralise_text` was given: the one apostrophe it added is taken off again."""
    if isinstance(value, str) and _NEUTRALISED.match(value):
        return value[1:]
    return value


def _python_csv(rows: Iterable[Sequence]):
    """``(rows, bytes)`` per batch of ``CSV_BATCH_ROWS`` rows, as Python's csv module writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    iterator = iter(rows)
    while True:
        batch = list(itertools.islice(iterator, CSV_BATCH_ROWS))
        if not batch:
            break
        writer.writerows([[neutralise_text(value) for value in row] for row in batch])
        yield len(batch), buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


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
                if number_format is None and font is None and not isinstance(value, str):
                    out.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text: openpyxl would make "=…" a formula
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
    if isinstance(value, str):
        cell.data_type = "s"
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
