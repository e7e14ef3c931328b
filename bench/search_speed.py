"""Search at national scale: every list, admin and API search (``q``), as an administrator (the whole country).

Each search is requested in process through Django's test client (the whole view: filters, count, page,
template or serializer), ``BENCH_SEARCH_REPEAT`` times (default 9) after one warm-up; the median is printed
beside its budget, with the CPU time of the request in this process (Python's share), the records found, the
queries run and the same list unsearched. The figures cache is off (no Redis): nothing is served from it.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dnqp_bench .venv/bin/python bench/search_speed.py

The database must hold the national scale (``make bench`` or ``python manage.py seed_scale --scale national``)
and be migrated. The script writes one thing: the bench administrator ``bench_root`` (as ``bench/run.py``).
``BENCH_SEARCH_TERM`` changes the term (default ``kratie``, a Cambodian province: a partner unit's name);
``BENCH_SEARCH_JSON=FILE`` also writes the figures to FILE. The exit code is 1 when a budget is not met.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
os.environ.update(
    {
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dnqp_bench"),
        "DJANGO_SETTINGS_MODULE": "dnqp.settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
        "DJANGO_DEBUG": "off",
        "DJANGO_HTTPS": "off",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DNQP_LOG_LEVEL": "WARNING",
    }
)
os.environ.pop("REDIS_URL", None)  # the per-process cache: the figures cache is off, nothing is served from it
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", 9))
TERM = os.environ.get("BENCH_SEARCH_TERM", "kratie")

# (name, path, model searched, budget in ms): issue 18's budgets; where it names none, the list's (150 ms) or
# the admin's (300 ms).
SEARCHES = [
    ("list: agreements", "/agreements/", "partnerships.Agreement", 150),
    ("list: delegations", "/delegations/", "events.Delegation", 150),
    ("list: activities", "/activities/", "events.Activity", 150),
    ("list: support", "/support/", "events.Expenditure", 150),
    ("admin: agreements", "/admin/partnerships/agreement/", "partnerships.Agreement", 300),
    ("admin: delegations", "/admin/events/delegation/", "events.Delegation", 300),
    ("admin: activities", "/admin/events/activity/", "events.Activity", 300),
    ("admin: support lines", "/admin/events/expenditure/", "events.Expenditure", 300),
    ("API: agreements", "/api/v1/agreements/", "partnerships.Agreement", 150),
    ("API: delegations", "/api/v1/delegations/", "events.Delegation", 150),
    ("API: activities", "/api/v1/activities/", "events.Activity", 150),
    ("API: support lines", "/api/v1/expenditures/", "events.Expenditure", 150),
]


def found(model: str) -> int:
    """Rows the search finds in the whole country (what an administrator's lists count)."""
    from django.apps import apps

    return apps.get_model(model).objects.search(TERM).count()


def measure(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"{path}?{urlencode({'q': TERM})}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # warm-up: what a running server keeps (templates, the command tree)
    query_count = len(queries)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    searched, cpu = medians(client, url)
    return {"median_ms": searched, "cpu_ms": cpu, "queries": query_count, "unsearched_ms": medians(client, path)[0]}


def medians(client, url: str) -> tuple[int, int]:
    """Median wall-clock time of a request and median CPU time this process spent on it (Python's share: on a
    shared machine the wall clock also counts the waits for a core)."""
    times, cpu = [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return round(statistics.median(times)), round(statistics.median(cpu))


def run() -> list[dict]:
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client, override_settings

    from dnqp.models import Profile

    root, _ = User.objects.get_or_create(username="bench_root", defaults={"is_staff": True, "is_superuser": True})
    Profile.objects.get_or_create(user=root)
    client = Client()
    client.force_login(root)
    out = []
    # Static files' addresses without the manifest of collectstatic (the same cost for every search).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        for name, path, model, budget in SEARCHES:
            out.append(search_figure(client, name, path, model, budget))
    return out


def search_figure(client, name: str, path: str, model: str, budget: int) -> dict:
    figure = measure(client, path)
    figure.update(
        rows=found(model), name=name, path=f"{path}?q={TERM}", budget_ms=budget, met=figure["median_ms"] <= budget
    )
    print(
        f"{name:22} {figure['median_ms']:>5} ms (budget {budget} ms, {'met' if figure['met'] else 'NOT met'}; "
        f"CPU {figure['cpu_ms']} ms)  {figure['rows']} found, {figure['queries']} queries; "
        f"unsearched {figure['unsearched_ms']} ms",
        flush=True,
    )
    return figure


if __name__ == "__main__":
    results = run()
    if os.environ.get("BENCH_SEARCH_JSON"):
        Path(os.environ["BENCH_SEARCH_JSON"]).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    sys.exit(0 if all(r["met"] for r in results) else 1)
