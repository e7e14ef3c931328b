"""The one writer of every export (CSV streamed, XLSX), and the export log."""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse


def csv_response(rows: Iterable[Sequence], filename: str, **kw) -> StreamingHttpResponse:
    raise NotImplementedError


def xlsx_response(
    rows: Iterable[Sequence], filename: str, *, sheet_title: str, money_columns=(), total_row: bool = False, **kw
) -> HttpResponse:
    raise NotImplementedError


def export_response(fmt: str, rows: Iterable[Sequence], filename: str, **kw) -> HttpResponse:
    raise NotImplementedError


def log_export(*, user, what: str, file_format: str, filters: dict, row_count: int | None):
    raise NotImplementedError
