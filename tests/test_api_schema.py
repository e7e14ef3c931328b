"""The OpenAPI schema validates, the docs page loads nothing from outside, and a property-based run of the
whole schema (schemathesis) finds no server error and no response that breaks the schema."""

import datetime
import re
import time

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from events.models import AnnualPlan, PlanTarget
from tests import factories as f
from tests.people_helpers import add_people

# Bounded: examples per operation and generation mode, and a time budget for the whole run.
MAX_EXAMPLES = 6
BUDGET_SECONDS = 90


def test_schema_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_and_docs_need_login(worked_example, api_client):
    assert api_client().get("/api/v1/schema/").status_code == 401
    assert api_client().get("/api/v1/docs/").status_code == 401


def test_schema_lists_every_spec_route(users, api_client):
    response = api_client(users["analyst"]).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in ["commands", "partner-units", "agreements", "delegations", "activities", "expenditures"]:
        assert set(paths[f"/api/v1/{resource}/"]) >= {"get", "post"}
        assert set(paths[f"/api/v1/{resource}/{{id}}/"]) >= {"get", "put", "patch", "delete"}
    assert set(paths["/api/v1/auth/token/"]) >= {"post", "get", "delete"}
    assert "get" in paths["/api/v1/reports/yearly/"]
    assert "get" in paths["/api/v1/reports/border-meetings/"]


def test_docs_page_is_served_locally_without_inline_script(users, client):
    client.force_login(users["analyst"])
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    assert "<script>" not in html  # CSP script-src 'self': every script is a file
    static = [url for url in urls if url.startswith(django_settings.STATIC_URL)]
    assert len(static) >= 3  # the Swagger UI bundle, its CSS, the favicon: vendored by drf-spectacular-sidecar
    for url in static:
        assert finders.find(url.removeprefix(django_settings.STATIC_URL)), url
    (init,) = [url.replace("&amp;", "&") for url in urls if url not in static]  # the initializer, a script file
    response = client.get(init)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in response.content
    assert "script-src 'self'" in page["Content-Security-Policy"]


# --- schemathesis --------------------------------------------------------------------------------------------


def _property_test(operation, mode, pinned, headers, checks, stats):
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **pinned))
    def run(case):
        response = case.call(headers=headers)
        key = (mode.value, operation.label, response.status_code)
        stats[key] = stats.get(key, 0) + 1
        case.validate_response(response, checks=checks, headers=headers)

    return run


@pytest.fixture
def wsgi_schema(users, worked_example):
    """The served schema, loaded through the WSGI app with an administrator's token (sees and may do everything)."""
    # The WSGI handler would close the test's database connection (inside the test transaction) at the start
    # and end of each request; Django's test client disconnects the same two handlers.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        token = Token.objects.create(user=users["superuser"])
        headers = {"Authorization": f"Token {token.key}"}
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/schema/", get_wsgi_application(), headers={**headers, "Accept": "application/vnd.oai.openapi"}
        )
        yield schema, headers
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def has_inputs(operation) -> bool:
    """A path, query or body to make invalid (headers and cookies are only the login schemes)."""
    return bool(len(operation.path_parameters) or len(operation.query) or operation.body)


@pytest.mark.slow
def test_property_based_run_finds_no_server_error(wsgi_schema, worked_example):
    """Every operation, valid and invalid inputs, a few examples each, within a time budget.

    Checks: no 5xx, every documented response matches its schema, content types as documented. Positive
    runs of ``/{id}/`` operations use an existing record (deletes of it are refused: others depend on it).
    """
    schema, headers = wsgi_schema
    w = worked_example
    # Records others depend on, so that deletes exercise the 409 path and updates the model rules.
    w["d1"].agreement = w["p1"]
    w["d1"].save()
    f.expenditure(w["bp"], w["d1"].start_date, 1_000_000, delegation=w["d1"], activity=w["t2"])
    existing = {
        "commands": w["bp"].pk,
        "partner-units": w["krt"].pk,
        "agreements": w["p1"].pk,
        "delegations": w["d1"].pk,
        "activities": w["t2"].pk,
        "expenditures": w["s2"].pk,
        "plans": AnnualPlan.objects.create(command=w["bp"], year=2022, approved_on=datetime.date(2022, 1, 5)).pk,
    }
    PlanTarget.objects.create(plan_id=existing["plans"], metric="delegations_inbound", target=2)
    existing["persons"] = add_people(w)["sok"].pk  # signed P1 and led D1: a delete is refused (409)
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    started = time.monotonic()
    failures, ran = [], 0
    # Revoking the run's own token would log the rest of the run out (tests/test_api_token_lifetime.py has it).
    operations = [
        operation
        for operation in (result.ok() for result in schema.get_all_operations())
        if (operation.method.upper(), operation.path) != ("DELETE", "/api/v1/auth/token/")
    ]
    assert len(operations) >= 38
    stats = {}
    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        for operation in operations:
            if time.monotonic() - started > BUDGET_SECONDS:
                break
            if mode == schemathesis.GenerationMode.NEGATIVE and not has_inputs(operation):
                continue  # nothing to make invalid (GET /api/v1/auth/token/: the caller's own token)
            # Random ids would only ever find nothing: positive runs use a record that exists.
            pinned = {}
            if "{id}" in operation.path and mode == schemathesis.GenerationMode.POSITIVE:
                pinned = {"path_parameters": {"id": existing[operation.path.split("/")[3]]}}

            run = _property_test(operation, mode, pinned, headers, checks, stats)
            try:
                run()
            except Exception as exc:  # collect every failing operation, not only the first
                failures.append(f"{mode.value} {operation.label}: {exc}")
            ran += 1
    print(*sorted(stats.items()), sep="\n")  # shown with ``pytest -s``: what the run exercised
    # The run did reach the records and the model rules, not only "not found" and "invalid".
    reached = {(mode, label.split()[0]) for (mode, label, code) in stats if code < 300}
    assert {("positive", method) for method in ("GET", "POST", "PATCH", "DELETE")} <= reached, reached
    assert not failures, "\n\n".join(failures)
    assert ran >= len(operations), f"only {ran} operation runs fitted in the time budget"
