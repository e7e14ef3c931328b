"""The report cache never serves figures from before a write that changes them.

Caching is on only when the cache is shared (Redis) in production; here it is switched on over the
per-process cache. Every test reads a figure (filling the cache), writes through one route (ORM,
API, a QuerySet.update() inside a request, a partner link, a transaction), and reads it again.
"""

import datetime

from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp.core import cache
from dnqp.reports import dashboard_data, yearly_report
from events.models import Expenditure
from tests import factories as f

D = datetime.date


def support_2022(user):
    return yearly_report(user=user, year=2022)["totals"]["expenditure_vnd"]


def test_second_read_is_served_from_the_cache(report_cache, users):
    assert support_2022(users["analyst"]) == 103_500_500
    with CaptureQueriesContext(connection) as queries:
        assert support_2022(users["analyst"]) == 103_500_500
    assert "events_expenditure" not in " ".join(q["sql"] for q in queries)


def test_orm_write_shows_at_once(report_cache, users, worked_example):
    assert support_2022(users["analyst"]) == 103_500_500
    line = f.expenditure(worked_example["bp"], D(2022, 10, 1), 1_000_000)
    assert support_2022(users["analyst"]) == 104_500_500
    line.amount_vnd = 2_000_000
    line.save()
    assert support_2022(users["analyst"]) == 105_500_500
    line.delete()
    assert support_2022(users["analyst"]) == 103_500_500


def test_api_write_shows_at_once(report_cache, users, worked_example, client):
    client.force_login(users["staff"])
    url = reverse("api-report-yearly")
    assert client.get(url, {"year": 2022}).json()["totals"]["expenditure_vnd"] == 103_500_500
    s1 = worked_example["s1"]
    response = client.patch(
        f"/api/v1/expenditures/{s1.pk}/",
        {"amount_vnd": 90_000_000, "version": Expenditure.objects.get(pk=s1.pk).version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert client.get(url, {"year": 2022}).json()["totals"]["expenditure_vnd"] == 113_500_500


def test_write_without_signals_inside_a_request_is_seen(report_cache, users, worked_example, client):
    """QuerySet.update() sends no signal: the middleware drops the cache after any unsafe request."""
    assert support_2022(users["analyst"]) == 103_500_500
    Expenditure.objects.filter(pk=worked_example["s1"].pk).update(amount_vnd=70_000_000)
    assert support_2022(users["analyst"]) == 103_500_500  # stale: no signal, no request (what the cache cannot see)
    client.force_login(users["staff"])
    client.post(reverse("set_language"), {"language": "vi"})  # any POST through the middleware
    assert support_2022(users["analyst"]) == 93_500_500


def test_partner_links_and_agreements_change_the_dashboard(report_cache, users, worked_example):
    w, commander = worked_example, users["commander"]
    today = D(2022, 12, 31)
    before = dashboard_data(user=commander, year=2022, today=today)["cards"]
    new_partner = f.partner("KH-PV", "Tiểu khu Quân sự Preah Vihear")
    f.agreement(w["bp"], new_partner, "twinning", D(2022, 3, 1))
    after = dashboard_data(user=commander, year=2022, today=today)["cards"]
    assert after["partners_twinned"] == before["partners_twinned"] + 1
    assert after["agreements_signed"] == before["agreements_signed"] + 1
    # A partner link on an activity (m2m) drops the figures too.
    generation = django_cache.get(cache.GENERATION_KEY)
    w["t1"].partner_units.add(new_partner)
    assert django_cache.get(cache.GENERATION_KEY) > generation


def test_commit_bumps_again(report_cache, db, django_capture_on_commit_callbacks):
    """A figure computed from data before the commit and stored after the first bump is orphaned at commit.

    Every write bumps at once; the transaction queues one more bump for its commit (one, however many rows).
    """
    django_cache.set(cache.GENERATION_KEY, 100, timeout=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        f.command("QK5", "Bộ Tư lệnh Quân khu 5", level="military_region")
        f.command("QK9", "Bộ Tư lệnh Quân khu 9", level="military_region")
        assert django_cache.get(cache.GENERATION_KEY) == 102
    assert len(callbacks) == 1
    assert django_cache.get(cache.GENERATION_KEY) == 103


def test_scopes_never_share_an_entry(report_cache, users, worked_example):
    """Same parameters, different scopes: each user gets their own figures."""
    assert support_2022(users["analyst"]) == 103_500_500  # BP's subtree
    assert yearly_report(user=users["district_staff"], year=2022)["totals"]["expenditure_vnd"] == 23_500_500
    assert yearly_report(user=users["other_analyst"], year=2022)["totals"]["expenditure_vnd"] == 0


def test_off_by_default_without_a_shared_cache(users, settings):
    settings.DNQP_REPORT_CACHE = False
    django_cache.clear()
    support_2022(users["analyst"])
    with CaptureQueriesContext(connection) as queries:
        support_2022(users["analyst"])
    sql = " ".join(q["sql"] for q in queries)
    assert "events_summary" in sql or "events_expenditure" in sql  # computed again, not read from a cache


def test_dashboard_page_never_shows_figures_from_before_a_write(report_cache, users, worked_example, client):
    """The page shows cached figures until a write, and the write's figures at once."""
    client.force_login(users["commander"])
    first = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert "103.500.500" in first
    assert "103.500.500" in client.get(reverse("dashboard"), {"year": 2022}).content.decode()  # from the cache
    f.expenditure(worked_example["bp"], D(2022, 10, 1), 1_000_000)
    again = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert "104.500.500" in again and "103.500.500" not in again
    # Another scope never gets this scope's page.
    client.force_login(users["other_analyst"])
    assert "104.500.500" not in client.get(reverse("dashboard"), {"year": 2022}).content.decode()


def test_a_write_without_signals_is_dropped_by_its_unsafe_request(report_cache, users, worked_example, client):
    """QuerySet.update() sends no signal; the POST that ran it drops the cached figures too."""
    client.force_login(users["commander"])
    assert "103.500.500" in client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    Expenditure.objects.filter(pk=worked_example["s1"].pk).update(amount_vnd=70_000_000)
    client.post(reverse("set_language"), {"language": "vi"})
    again = client.get(reverse("dashboard"), {"year": 2022}).content.decode()
    assert "93.500.500" in again and "103.500.500" not in again
