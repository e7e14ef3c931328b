"""Cached HTML (whole pages, figures, forms) is keyed by the templates' and static files' version: a
deploy that changes a template never serves HTML the former template rendered."""

import pytest
from django.urls import reverse

from dnqp.core import cache

TEMPLATES_VERSION = cache._templates_version  # the function itself, whatever a test patches


@pytest.fixture
def html_cache(report_cache):
    TEMPLATES_VERSION.cache_clear()
    yield
    TEMPLATES_VERSION.cache_clear()


def test_the_version_follows_the_templates(settings, tmp_path, html_cache):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>một</p>")
    settings.BASE_DIR = tmp_path
    first = cache.html_version()
    assert cache.html_version() == first  # worked out once per process
    page.write_text("<p>hai</p>")
    cache._templates_version.cache_clear()  # a new process: the deployed code
    assert cache.html_version() != first


def test_a_new_template_version_renders_afresh(client, users, worked_example, html_cache, monkeypatch):
    client.force_login(users["analyst"])
    url = reverse("dashboard")
    client.get(url, {"year": 2022})
    assert not client.get(url, {"year": 2022}).templates  # served whole from the cache
    monkeypatch.setattr(cache, "_templates_version", lambda: "after-the-deploy")
    rendered = client.get(url, {"year": 2022})
    names = [t.name for t in rendered.templates]
    # Neither the page, nor the figures' HTML, nor the form is taken from before the deploy.
    assert "pages/dashboard.html" in names and "pages/_report_form.html" in names
    assert rendered.context.get("cached_html") is None


def test_the_keys_hold_the_version(rf, users, html_cache, monkeypatch):
    request = rf.get("/", {"year": 2022})
    request.user = users["analyst"]
    before = (
        cache.form_fragment("yearly", request)["form_key"],
        cache.fragment("dashboard-page", request.user, "year=2022")["fragment_key"],
        cache._page_key("dashboard", request),
    )
    monkeypatch.setattr(cache, "_templates_version", lambda: "after-the-deploy")
    after = (
        cache.form_fragment("yearly", request)["form_key"],
        cache.fragment("dashboard-page", request.user, "year=2022")["fragment_key"],
        cache._page_key("dashboard", request),
    )
    assert all(a != b for a, b in zip(before, after, strict=True))
