"""Backup and restore at national scale, timed, and the restored figures compared with the original's.

``python bench/backup_restore.py [--database URL] [--target NAME] [--only pg|app] [--jobs N]``

Reads the PostgreSQL database ``dnqp_bench`` (``BENCH_DATABASE_URL`` or ``--database`` to choose another;
migrated with the current code, as ``make bench`` leaves it; only read, never written) and, in turn:

1. ``pg_dump --format=custom`` of it, then ``pg_restore`` into a new database ``dnqp_restored``;
2. ``python manage.py backup FILE.json.gz``, then into a new ``dnqp_restored``: ``manage.py migrate`` and
   ``manage.py restore FILE.json.gz``.

After each restore, the yearly summary of ten years (2015–2024), the whole country, as an administrator
(an active superuser: the widest scope), is computed on the original and on the restored database — as
recorded and by current organisation, the figures cache off — and the two must be equal, as must the
numbers of rows of the record tables. Prints the timings, the file sizes and the comparison; exits 1 if
anything differs. The restored database and the dump files (in a temporary folder) are deleted at the end.
The figures are in docs/OPERATIONS.md and docs/PERFORMANCE.md ("Backup and restore").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dnqp_bench")
DEFAULT_TARGET = "dnqp_restored"
YEAR_FROM, YEAR_TO = 2015, 2024
# The environment of every manage.py run: production settings, the figures cache off (each figure computed
# from the database it is asked of), no Redis.
DJANGO_ENV = {
    "DJANGO_SETTINGS_MODULE": "dnqp.settings",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
    "DJANGO_DEBUG": "off",
    "DJANGO_HTTPS": "off",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DNQP_REPORT_CACHE": "off",
    "DNQP_LOG_LEVEL": "WARNING",
}
COUNTED_TABLES = [
    "partnerships_command",
    "partnerships_partnerunit",
    "partnerships_agreement",
    "events_delegation",
    "events_delegationpartner",
    "events_activity",
    "events_activitypartner",
    "events_expenditure",
    "auth_user",
]


def log(message: str) -> None:
    print(f"[backup {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


def django_env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    return {**env, **DJANGO_ENV, "DATABASE_URL": database_url}


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run ``cmd`` (failing loudly); its wall-clock seconds and its peak resident memory in MB."""
    started = time.monotonic()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, cmd)
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def manage(database_url: str, *args: str) -> tuple[float, float]:
    return timed([PYTHON, "manage.py", *args], env=django_env(database_url))


def server_url(database_url: str, name: str) -> str:
    """The URL of database ``name`` on the same server as ``database_url``."""
    return database_url.rsplit("/", 1)[0] + "/" + name


def psql(database_url: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-Atc", sql, database_url], capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"psql {database_url}: {done.stderr.strip()}")
    return done.stdout.strip()


def drop_database(database_url: str, name: str) -> None:
    psql(server_url(database_url, "postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(database_url: str, name: str) -> None:
    drop_database(database_url, name)
    psql(server_url(database_url, "postgres"), f'CREATE DATABASE "{name}"')


def database_size(database_url: str) -> int:
    return int(psql(database_url, "SELECT pg_database_size(current_database())"))


def row_counts(database_url: str) -> dict[str, int]:
    sql = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM {table}" for table in COUNTED_TABLES)
    return {table: int(count) for table, count in (line.split("|") for line in psql(database_url, sql).splitlines())}


def figures(database_url: str) -> dict:
    """The ten-year, whole-country yearly summary of ``database_url`` (this script with ``--figures``)."""
    out = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--figures"],
        cwd=ROOT,
        env=django_env(database_url),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def print_figures() -> None:
    """In a child process, on the database of ``DATABASE_URL``: the yearly summaries as JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model

    from dnqp.reports.yearly import yearly_report

    admin = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("username").first()
    if admin is None:
        raise SystemExit("no active superuser in this database: the whole country's report needs one")
    reports = {by: yearly_report(user=admin, year=YEAR_FROM, year_to=YEAR_TO, by=by) for by in ("recorded", "current")}
    json.dump({"user": admin.username, "reports": reports}, sys.stdout, sort_keys=True, default=str)


def compare(label: str, original: dict, original_counts: dict, restored_url: str) -> bool:
    started = time.monotonic()
    restored = figures(restored_url)
    restored_counts = row_counts(restored_url)
    seconds = time.monotonic() - started
    same_figures = restored == original
    same_counts = restored_counts == original_counts
    totals = original["reports"]["recorded"]["totals"]
    log(
        f"{label}: yearly summary {YEAR_FROM}–{YEAR_TO}, whole country, as {original['user']} "
        f"({len(original['reports']['recorded']['rows'])} rows; support {totals['expenditure_vnd']:,} VND): "
        f"{'equal' if same_figures else 'DIFFERENT'}; row counts {'equal' if same_counts else 'DIFFERENT'} "
        f"(compared in {seconds:.0f} s)"
    )
    if not same_counts:
        for table in COUNTED_TABLES:
            if original_counts.get(table) != restored_counts.get(table):
                log(f"  {table}: {original_counts.get(table)} → {restored_counts.get(table)}")
    return same_figures and same_counts


def size_mb(path: Path) -> float:
    return path.stat().st_size / 2**20


def run_pg(source: str, target: str, folder: Path, jobs: int, original: dict, counts: dict) -> tuple[dict, bool]:
    dump = folder / "dnqp.dump"
    target_url = server_url(source, target)
    log("pg_dump --format=custom")
    dump_s, dump_rss = timed(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source])
    dump_mb = size_mb(dump)
    create_database(source, target)
    log(f"pg_restore --jobs={jobs} into {target}")
    restore_s, restore_rss = timed(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--jobs={jobs}", f"--dbname={target_url}", str(dump)]
    )
    ok = compare("pg_dump / pg_restore", original, counts, target_url)
    result = {
        "dump_s": round(dump_s, 1),
        "dump_peak_mb": round(dump_rss),
        "file_mb": round(dump_mb, 1),
        "restore_s": round(restore_s, 1),
        "restore_peak_mb": round(restore_rss),
        "restored_db_mb": round(database_size(target_url) / 2**20),
        "equal": ok,
    }
    drop_database(source, target)
    dump.unlink()
    return result, ok


def run_app(source: str, target: str, folder: Path, original: dict, counts: dict) -> tuple[dict, bool]:
    backup = folder / "dnqp.json.gz"
    target_url = server_url(source, target)
    log("manage.py backup")
    backup_s, backup_rss = manage(source, "backup", str(backup))
    backup_mb = size_mb(backup)
    create_database(source, target)
    log(f"manage.py migrate on {target}")
    migrate_s, _migrate_rss = manage(target_url, "migrate", "--verbosity=0")
    log(f"manage.py restore into {target}")
    restore_s, restore_rss = manage(target_url, "restore", str(backup))
    ok = compare("manage.py backup / restore", original, counts, target_url)
    result = {
        "backup_s": round(backup_s, 1),
        "backup_peak_mb": round(backup_rss),
        "file_mb": round(backup_mb, 1),
        "migrate_s": round(migrate_s, 1),
        "restore_s": round(restore_s, 1),
        "restore_peak_mb": round(restore_rss),
        "restored_db_mb": round(database_size(target_url) / 2**20),
        "equal": ok,
    }
    drop_database(source, target)
    backup.unlink()
    return result, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="the database to back up (read only)")
    parser.add_argument("--target", default=DEFAULT_TARGET, help="the scratch database restored into, dropped after")
    parser.add_argument("--only", choices=("pg", "app"), help="time only pg_dump/pg_restore or only manage.py")
    parser.add_argument("--jobs", type=int, default=2, help="pg_restore --jobs (default 2)")
    parser.add_argument("--figures", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.figures:
        print_figures()
        return 0

    source = args.database
    if source.rsplit("/", 1)[1] == args.target:
        raise SystemExit(f"the target {args.target} is the database to back up")
    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing (Debian: apt-get install postgresql-client)")
    check = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--check"], cwd=ROOT, env=django_env(source), capture_output=True
    )
    if check.returncode:
        raise SystemExit(f"{source} is not migrated with this code: run `make bench` (or manage.py migrate) first")

    log(f"the original: {source} ({database_size(source) / 2**20:,.0f} MB)")
    started = time.monotonic()
    original, counts = figures(source), row_counts(source)
    log(
        f"its figures in {time.monotonic() - started:.0f} s; rows: "
        + ", ".join(f"{t} {n:,}" for t, n in counts.items())
    )

    # Stopped with SIGTERM: the finally blocks below still drop the scratch database and delete the dumps.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(1))
    results: dict = {"database": source.rsplit("/", 1)[1], "rows": counts}
    ok = True
    with tempfile.TemporaryDirectory(prefix="dnqp-backup-bench-") as folder:
        try:
            if args.only in (None, "pg"):
                results["pg"], pg_ok = run_pg(source, args.target, Path(folder), args.jobs, original, counts)
                ok &= pg_ok
            if args.only in (None, "app"):
                results["app"], app_ok = run_app(source, args.target, Path(folder), original, counts)
                ok &= app_ok
        finally:
            drop_database(source, args.target)

    print(json.dumps(results, indent=2))
    lines = [
        "",
        "| method | back up | file | restore | peak memory (back up / restore) | restored figures |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    if "pg" in results:
        pg = results["pg"]
        lines.append(
            f"| `pg_dump -Fc` / `pg_restore -j {args.jobs}` | {pg['dump_s']} s | {pg['file_mb']} MB "
            f"| {pg['restore_s']} s | {pg['dump_peak_mb']} / {pg['restore_peak_mb']} MB "
            f"| {'equal' if pg['equal'] else '**different**'} |"
        )
    if "app" in results:
        app = results["app"]
        lines.append(
            f"| `manage.py backup` / `migrate` + `restore` | {app['backup_s']} s | {app['file_mb']} MB "
            f"| {app['migrate_s']} + {app['restore_s']} s | {app['backup_peak_mb']} / {app['restore_peak_mb']} MB "
            f"| {'equal' if app['equal'] else '**different**'} |"
        )
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
