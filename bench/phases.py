"""``python bench/phases.py [PATH] [N]``: where a report page's time goes, in process, on the bench database.

Runs PATH (default: the yearly summary of 2024 for the region's analyst, figures uncached) N times (default
40) through Django's test client against ``dnqp_bench`` (seeded by ``make bench``) and prints medians of

- the request's wall time, and the time before, during and after the report's queries (side by side on
  the pool, as a running server does);
- the CPU time of the request's thread in each phase of the yearly report (view, form, figures, queries,
  roll-up, template), with the pool off so that every query runs, and is counted, in that thread.

For finding what to make faster; the figures that count are those of ``make bench`` (a real gunicorn).
"""

from __future__ import annotations

import collections
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run  # noqa: E402, F401  (the bench's settings and database)

PATH = sys.argv[1] if len(sys.argv) > 1 else "/reports/yearly/?year=2024"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 40


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.template.response import SimpleTemplateResponse
    from django.test import Client

    from dnqp.core import cache
    from dnqp.reports import yearly
    from dnqp.web import report_views

    client = Client()
    client.force_login(User.objects.get(username="bench_analyst"))

    def run(clock, phases: dict[str, list[float]]) -> list[float]:
        for _ in range(5):  # warm: connections, the tree, the kept SQL, the form
            cache.invalidate()
            client.get(PATH)
        for values in phases.values():
            values.clear()
        totals = []
        for _ in range(N):
            cache.invalidate()
            started = clock()
            assert client.get(PATH).status_code == 200
            totals.append(clock() - started)
        return totals

    # 1. Wall time around the report's queries, side by side as on a server.
    marks: dict[str, float] = {}
    phases: dict[str, list[float]] = collections.defaultdict(list)
    run_all = yearly.run_all

    def timed_run_all(*args, **kwargs):
        marks["start"] = time.perf_counter()
        try:
            return run_all(*args, **kwargs)
        finally:
            phases["queries"].append(time.perf_counter() - marks["start"])

    yearly.run_all = timed_run_all
    totals = run(time.perf_counter, phases)
    yearly.run_all = run_all
    print(f"{PATH}: wall time, queries side by side ({settings.DNQP_QUERY_THREADS} pool threads)")
    print(f"  request            {statistics.median(totals) * 1000:7.2f} ms")
    print(f"  of which queries   {statistics.median(phases['queries']) * 1000:7.2f} ms")

    # 2. CPU time of the request's thread per phase, every query in that thread.
    settings.DNQP_QUERY_THREADS = 0
    phases = collections.defaultdict(list)

    def wrap(owner, name, label):
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                phases[label].append(time.thread_time() - started)

        setattr(owner, name, timed)

    wrap(report_views.YearlyReportView, "get", "view")
    wrap(report_views.YearlyReportView, "get_form", "form")
    wrap(report_views, "yearly_report", "figures (cache and report)")
    wrap(yearly, "fetch", "queries (psycopg2 and Django)")
    wrap(yearly, "fold_yearly", "roll-up")
    rendered = SimpleTemplateResponse.rendered_content

    def timed_render(response):
        started = time.thread_time()
        try:
            return rendered.fget(response)
        finally:
            phases["template"].append(time.thread_time() - started)

    SimpleTemplateResponse.rendered_content = property(timed_render)
    totals = run(time.thread_time, phases)
    print("  CPU of the request's thread (pool off)")
    print(f"  request            {statistics.median(totals) * 1000:7.2f} ms")
    for label, values in phases.items():
        per_request = len(values) // N or 1
        sums = [sum(values[i * per_request : (i + 1) * per_request]) for i in range(N)]
        print(f"  {label:30s} {statistics.median(sums) * 1000:7.2f} ms")


if __name__ == "__main__":
    os.environ.setdefault("DNQP_LOG_LEVEL", "WARNING")
    main()
