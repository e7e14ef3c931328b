"""With the shared cache unreachable, the dashboard and the yearly summary show the figures, computed."""

from django.urls import reverse

from dnqp.core.resilient_cache import breaker
from dnqp.reports.dashboard import dashboard_data
from dnqp.reports.yearly import yearly_report


def test_dashboard_and_yearly_summary_are_computed(client, users, worked_example, cache_down, settings):
    client.force_login(users["analyst"])
    params = {"year": 2022, "command": worked_example["bp"].pk}

    dashboard = client.get(reverse("dashboard"), params)
    yearly = client.get(reverse("yearly-report"), params)
    again = client.get(reverse("yearly-report"), params)

    assert breaker.is_down()  # the figures cache tried the cache and went on without it
    assert dashboard.status_code == yearly.status_code == again.status_code == 200
    settings.DNQP_REPORT_CACHE = False  # the same figures as without any cache
    assert (
        dashboard.context["cards"]
        == dashboard_data(user=users["analyst"], year=2022, command=params["command"])["cards"]
    )
    expected = yearly_report(user=users["analyst"], year=2022, command=params["command"])
    assert yearly.context["report"] == again.context["report"] == expected
    assert f"{expected['totals']['expenditure_vnd']:,}".replace(",", ".") in yearly.content.decode()
