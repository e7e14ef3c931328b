"""Every response carries a Content-Security-Policy that names no outside source and allows no inline script,
and the HTML pages hold no inline script or event handler that this policy would block."""

import re

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve

OWN_SOURCES = {"'self'", "'none'", "data:", "'unsafe-inline'"}  # unsafe-inline: style-src only (checked below)

# (path, who): "anonymous" pages are served before login; {name} is the id of that worked example record.
PAGES = [
    ("/admin/login/", "anonymous"),
    ("/accounts/login/", "anonymous"),
    ("/admin/", "superuser"),
    ("/admin/partnerships/agreement/", "superuser"),
    ("/admin/partnerships/agreement/add/", "superuser"),
    ("/admin/events/delegation/add/", "superuser"),
    ("/admin/events/expenditure/", "superuser"),
    ("/admin/auth/user/add/", "superuser"),
    ("/admin/dnqp/exportlog/", "superuser"),
    ("/admin/axes/accesslog/", "superuser"),
    ("/", "superuser"),
    ("/agreements/", "superuser"),
    ("/delegations/", "superuser"),
    ("/activities/", "superuser"),
    ("/support/", "superuser"),
    ("/reports/yearly/", "superuser"),
    ("/reports/yearly/print/", "superuser"),
    ("/reports/border-meetings/", "superuser"),
    ("/map/?year=2022", "analyst"),
    ("/commands/", "superuser"),
    ("/partners/", "superuser"),
    ("/agreements/{p1}/", "superuser"),
    ("/delegations/{d1}/", "analyst"),
    ("/activities/{t1}/", "commander"),
    ("/support/{s2}/", "analyst"),
    ("/commands/{bp}/", "analyst"),
    ("/partners/{krt}/", "analyst"),
    ("/admin/partnerships/agreement/{p1}/change/", "staff"),
    ("/admin/partnerships/agreement/{p1}/history/", "staff"),
    ("/admin/events/delegation/{d1}/change/", "staff"),
    ("/admin/events/expenditure/{s2}/change/", "staff"),
    ("/admin/auth/user/", "admin"),
    ("/api/v1/docs/", "superuser"),
]
NON_HTML = [
    ("/api/v1/agreements/", "superuser"),
    ("/api/v1/reports/yearly/?year=2022", "superuser"),
    ("/api/v1/agreements/", "anonymous"),
    ("/healthz", "anonymous"),
]


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def fetch(client, users, path, who, records=None):
    if "{" in path:
        path = path.format(**{name: obj.pk for name, obj in (records or {}).items() if hasattr(obj, "pk")})
    try:
        resolve(path.split("?")[0])
    except (Resolver404, NoReverseMatch):
        pytest.skip(f"{path} is not routed yet")
    if who != "anonymous":
        client.force_login(users[who])
    return client.get(path)


def assert_strict(directives):
    for name, sources in directives.items():
        outside = set(sources) - OWN_SOURCES
        assert not outside, f"{name} allows {outside}"
    for name in ("script-src", "default-src"):
        assert "'unsafe-inline'" not in directives.get(name, []), name
        assert "'unsafe-eval'" not in directives.get(name, []), name
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


@pytest.mark.parametrize(("path", "who"), PAGES)
def test_html_pages_have_a_strict_policy_and_no_inline_script(client, users, worked_example, path, who):
    response = fetch(client, users, path, who, records=worked_example)

    assert response.status_code == 200, (path, response.status_code)
    assert_strict(policy(response))
    html = response.content.decode()
    assert not INLINE_SCRIPT.findall(html), f"inline <script> on {path}: {INLINE_SCRIPT.findall(html)[:3]}"
    assert not INLINE_HANDLER.findall(html), f"inline event handler on {path}: {INLINE_HANDLER.findall(html)[:3]}"
    assert not JAVASCRIPT_URL.findall(html), f"javascript: URL on {path}"
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", html), f"outside resource on {path}"


@pytest.mark.parametrize(("path", "who"), NON_HTML)
def test_api_and_health_responses_carry_the_policy_too(client, users, path, who):
    response = fetch(client, users, path, who)

    assert response.status_code in (200, 401), (path, response.status_code)
    assert_strict(policy(response))


def test_other_security_headers(client, users):
    client.force_login(users["analyst"])
    response = client.get("/admin/login/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
