"""Every route requires login except the health check and the login itself: the list comes from the URL
resolver, so a route added later without a login check fails here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Public: the health check, logging in and out, the language, the API's token, the icon,
# and the calendar feed, whose private address is its key (tests/test_calendar_feed.py).
PUBLIC = {"healthz", "login", "logout", "set_language", "api-token", "favicon", "calendar-feed"}


def routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/"):
                continue  # the admin site has its own login (tests/test_scope_matrix.py)
            yield from routes(entry.url_patterns, prefix + pattern)
        elif isinstance(entry, URLPattern) and entry.name not in PUBLIC and "format>" not in pattern:
            path = prefix + pattern
            path = re.sub(r"<int:\w+>|\(\?P<\w+>[^)]*\)", "1", path).replace("^", "").replace("$", "")
            yield entry.name, "/" + path


ROUTES = sorted(set(routes()))


def test_the_resolver_lists_the_routes_of_every_area():
    names = {name for name, _path in ROUTES}
    assert {"dashboard", "agreement-list", "attachment-download", "agreement-api-list", "api-report-yearly"} <= names


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _path in ROUTES])
def test_anonymous_requests_are_refused(client, db, name, path):
    response = client.get(path)
    if path.startswith("/api/"):
        assert response.status_code == 401, (path, response.status_code)
    else:
        assert response.status_code == 302, (path, response.status_code)
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]


@pytest.mark.parametrize("path", ["/healthz", "/accounts/login/"])
def test_public_routes(client, db, path):
    assert client.get(path).status_code == 200
