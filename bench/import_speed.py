"""Import speed: a province's year of support lines through the admin import, preview then confirm.

``python bench/import_speed.py [--rows 10000] [--format xlsx|csv] [--profile DIR]``

Uses the PostgreSQL database ``dnqp_importspeed`` (``IMPORT_BENCH_DATABASE_URL`` to choose another, an
SQLite URL too): created if missing, migrated, and given the demo data (``load_demo``) if it has none.
Writes a support file of ``--rows`` lines for the demo's Bà Rịa – Vũng Tàu data-entry officer
(``nhaplieu_brvt``: the province and its districts, partner units by code, Vietnamese category words,
dd/mm/yyyy dates, a few lines in US dollars with their rate, some linked to an agreement, a delegation or
an activity by ID), then, as that officer, through the admin views with Django's test client:

1. the preview (the dry run: every row read, looked up and validated, nothing written);
2. the confirmation (the same file read and validated again, then written in one transaction);
3. the preview of the same file again (every line now matches a stored record and is unchanged).

Prints the wall-clock time, the queries and the growth of the process's peak memory of each step, then
deletes the lines it imported (and their history), so that runs can be repeated on the same database.
``--profile DIR`` writes a cProfile of each step (``preview.prof``, ``confirm.prof``…) into DIR.
The figures are in docs/PERFORMANCE.md ("Imports").
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime
import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("IMPORT_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dnqp_importspeed")
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "dnqp.settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
        "DJANGO_DEBUG": "off",
        "DJANGO_HTTPS": "off",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DNQP_LOG_LEVEL": "WARNING",
    }
)
os.environ.pop("REDIS_URL", None)  # the figures cache in process memory: the import is what is measured
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

USER = "nhaplieu_brvt"
PREFIX = "BENCH-IMP-"
IMPORT_URL = "/admin/events/expenditure/import/"
CONFIRM_URL = "/admin/events/expenditure/process_import/"
STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
FORMATS = {"csv": "0", "xlsx": "1"}  # positions in dnqp.spreadsheets.imports.IMPORT_FORMATS
CATEGORIES = ["Quà tặng", "Vật tư y tế", "Kinh phí", "Vật chất", "Đào tạo", "Tiếp đón"]
FUNDING = ["UBND tỉnh", "Quân khu", "Bộ Quốc phòng", "Đơn vị"]


def log(message: str) -> None:
    print(f"[import bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_database() -> None:
    if not DATABASE_URL.startswith("postgres"):
        return
    import psycopg2

    base, name = DATABASE_URL.rsplit("/", 1)
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not cur.fetchone():
                log(f"creating database {name}")
                cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


def prepare():
    """Migrate, load the demo data if missing; the officer and the records the file may link to."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from dnqp.access import scoping
    from events.models import Activity, Delegation, Expenditure
    from partnerships.models import Agreement, PartnerUnit

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username=USER).exists():
        log("loading the demo data (load_demo)")
        os.environ.setdefault("DNQP_DEMO_PASSWORD", "bench-only-demo-password")
        call_command("load_demo", verbosity=0)
    cleanup()
    if connection.vendor == "postgresql":
        # Each run writes and rolls back tens of thousands of rows: without autovacuum (off on some servers)
        # the next run would read the dead ones too.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) events_expenditure, events_historicalexpenditure, events_summary")
    user = User.objects.get(username=USER)
    # The province and its districts as they were in 2024 (merged on 30/06/2025: their records end then).
    commands = list(scoping.visible_commands(user).filter(valid_until__isnull=False).values_list("code", flat=True))
    partners = list(PartnerUnit.objects.filter(country="KH").values_list("code", flat=True))

    def ids(model):
        return list(scoping.scope_records(user, model.objects.all()).values_list("pk", flat=True)[:20])

    links = {"agreement": ids(Agreement), "delegation": ids(Delegation), "activity": ids(Activity)}
    log(f"{Expenditure.objects.count()} support lines stored; importing as {USER} ({len(commands)} commands)")
    return user, commands, partners, links


def rows(count: int, commands, partners, links, native_dates: bool):
    """The file's lines: a year of support (2024) spread over the province's commands."""
    start = datetime.date(2024, 1, 1)
    for i in range(count):
        day = start + datetime.timedelta(days=(i * 7) % 366)
        usd = i % 33 == 0
        yield [
            "",  # ID: empty, new lines
            day if native_dates else day.strftime("%d/%m/%Y"),
            commands[i % len(commands)],
            partners[i % len(partners)] if i % 5 else "",
            f"Đồn biên phòng số {i % 97 + 1}",
            CATEGORIES[i % len(CATEGORIES)],
            FUNDING[i % len(FUNDING)],
            "" if usd else f"{(i % 90 + 1) * 500_000:,}".replace(",", "."),
            "USD" if usd else "",
            f"{1_000 + i % 50:,}".replace(",", ".") if usd else "",
            "25.400" if usd else "",
            links["agreement"][i % len(links["agreement"])] if links["agreement"] and i % 4 == 0 else "",
            links["delegation"][i % len(links["delegation"])] if links["delegation"] and i % 20 == 1 else "",
            links["activity"][i % len(links["activity"])] if links["activity"] and i % 20 == 2 else "",
            f"{PREFIX}{i + 1:06d}",
            f"Hỗ trợ theo kế hoạch năm 2024, đợt {i % 12 + 1}",
        ]


def support_file(fmt: str, count: int, commands, partners, links) -> bytes:
    from dnqp.spreadsheets import columns

    header = columns.headers(columns.EXPENDITURE_COLUMNS)
    title = "BỘ CHQS TỈNH BÀ RỊA – VŨNG TÀU – CHI HỖ TRỢ NĂM 2024"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows(rows(count, commands, partners, links, native_dates=False))
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Chi hỗ trợ")
    sheet.append([title])
    sheet.append(header)
    for row in rows(count, commands, partners, links, native_dates=True):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class QueryCounter:
    """Counts the queries of a step without keeping their SQL (a connection execute wrapper)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, action, profile_dir: Path | None):
    from django.db import connection

    counter = QueryCounter()
    peak_before = peak_rss_mb()
    profiler = cProfile.Profile() if profile_dir else None
    with connection.execute_wrapper(counter):
        started, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        response = action()
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.dump_stats(profile_dir / f"{name}.prof")
    return response, {
        "step": name,
        "seconds": elapsed,
        "cpu": cpu,
        "queries": counter.count,
        "peak_growth_mb": peak_rss_mb() - peak_before,
    }


def upload(client, content: bytes, fmt: str):
    handle = io.BytesIO(content)
    handle.name = f"chi-ho-tro-2024.{fmt}"
    return client.post(IMPORT_URL, {"import_file": handle, "format": FORMATS[fmt]})


def preview_ok(response) -> dict:
    from dnqp.spreadsheets.imports import row_errors

    result = response.context["result"] if response.context else None
    if response.status_code != 200 or result is None or not response.context.get("confirm_form"):
        problems = row_errors(result)[:10] if result is not None else response.status_code
        raise SystemExit(f"the preview found errors: {problems}")
    return response.context["confirm_form"].initial


def cleanup() -> None:
    """Delete the lines a run imported and their history (the per-year summary follows by its triggers)."""
    from django.db import transaction

    from events.models import Expenditure

    with transaction.atomic():
        Expenditure.history.filter(voucher__startswith=PREFIX).delete()
        Expenditure.objects.filter(voucher__startswith=PREFIX).delete()
        Expenditure.history.filter(voucher__startswith=PREFIX).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=sorted(FORMATS), default="xlsx")
    parser.add_argument("--profile", type=Path, help="write a cProfile of each step into this folder")
    parser.add_argument("--keep", action="store_true", help="keep the imported lines (default: delete them)")
    args = parser.parse_args()

    ensure_database()
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    # The pages' static files by name: the measured views need no collected manifest.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": STATIC_STORAGE}}
    setup_test_environment(debug=False)  # the test client then hands back each response's template context
    from events.models import Expenditure

    user, commands, partners, links = prepare()
    content = support_file(args.format, args.rows, commands, partners, links)
    log(f"{args.rows} lines, {args.format.upper()}, {len(content) / 1e6:.1f} MB")
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    client = Client()
    client.force_login(user)
    before = Expenditure.objects.count()
    figures = []
    try:
        response, step = measure("preview", lambda: upload(client, content, args.format), args.profile)
        initial = preview_ok(response)
        figures.append(step)
        response, step = measure("confirm", lambda: client.post(CONFIRM_URL, dict(initial)), args.profile)
        figures.append(step)
        imported = Expenditure.objects.count() - before
        if response.status_code != 302 or imported != args.rows:
            raise SystemExit(f"the confirmation imported {imported} lines of {args.rows} ({response.status_code})")
        response, step = measure("preview-again", lambda: upload(client, content, args.format), args.profile)
        preview_ok(response)
        totals = response.context["result"].totals
        step["note"] = f"{totals['skip']:,} unchanged, {totals['update']:,} to update, {totals['new']:,} new"
        figures.append(step)
    finally:
        if not args.keep:
            cleanup()

    vendor = connection.vendor
    print(f"\n{args.rows:,} support lines, {args.format.upper()} ({len(content) / 1e6:.1f} MB), {vendor}, as {USER}")
    print(f"{'step':<15} {'seconds':>8} {'Django CPU':>11} {'queries':>8} {'peak memory +MB':>16}")
    for step in figures:
        line = (
            f"{step['step']:<15} {step['seconds']:>8.2f} {step['cpu']:>11.2f} {step['queries']:>8} "
            f"{step['peak_growth_mb']:>16.1f}"
        )
        print(line + (f"  ({step['note']})" if "note" in step else ""))
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
