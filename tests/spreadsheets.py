"""Build the spreadsheets the import tests feed in (XLSX with openpyxl, CSV), and read import results."""

import csv
import io

import openpyxl
from import_export.formats import base_formats

from dnqp.spreadsheets.imports import read_file, row_errors


def xlsx(header, rows, title_rows=()) -> bytes:
    """An XLSX file: optional title rows (one cell each), the header row, then the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(header, rows, title_rows=(), delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for title in title_rows:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def load(content: bytes, name: str):
    return read_file(content, name)


def run(resource, content: bytes, name: str = "file.xlsx", *, dry_run=False, user=None):
    """Import ``content`` through ``resource`` the way the admin does (transaction, errors collected)."""
    dataset = load(content, name)
    return resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, user=user, file_name=name
    )


def problems(result):
    return row_errors(result)


def export_file(resource, queryset, fmt="xlsx") -> bytes | str:
    """What the admin's export writes for ``queryset`` in ``fmt``."""
    file_format = base_formats.XLSX() if fmt == "xlsx" else base_formats.CSV()
    dataset = resource.export(queryset, force_native_type=fmt == "xlsx")
    data = file_format.export_data(dataset)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def set_cell(dataset, header, value, row=0):
    """Change one cell of ``dataset`` (as a user edits an exported file)."""
    cells = list(dataset[row])
    cells[dataset.headers.index(header)] = value
    dataset[row] = cells
