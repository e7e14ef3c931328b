"""A new release never serves figures that the release before it cached: the cache outlives a deploy, and a
dashboard stored in the old shape would break the new page (the key carries the version of the reports' code)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dnqp.reports import caching


def test_figures_cached_by_the_previous_release_are_computed_afresh(report_cache, client, users, monkeypatch):
    client.force_login(users["analyst"])
    monkeypatch.setattr(caching, "CODE_VERSION", "previous-release")
    assert client.get(reverse("dashboard"), {"year": 2022}).status_code == 200  # cached by the old code
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard"), {"year": 2022}).status_code == 200
    assert "events_summary" not in " ".join(q["sql"] for q in queries)  # the same release: from the cache

    monkeypatch.setattr(caching, "CODE_VERSION", "this-release")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"), {"year": 2022})
    assert response.status_code == 200
    assert "events_summary" in " ".join(q["sql"] for q in queries)  # computed again, not read in the old shape
    assert response.context["cards"]["delegations_inbound"] == 1
