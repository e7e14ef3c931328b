"""The browsable API docs in a real browser: Swagger UI draws every operation under the CSP
(``script-src 'self'``), with no console error and no request leaving the server."""

import pytest
from django.urls import reverse

from tests.test_browser_pages import assert_only_local_requests, log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def role_groups(committed_role_groups):
    """The role groups, made again (tests/conftest.py): the flush after each live-server test drops them."""


def test_swagger_ui_renders_offline_under_the_csp(page, live_server, users):
    requests, errors = watch(page)
    log_in(page, live_server, "tonghop_bp")
    page.goto(live_server.url + reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".swagger-ui .opblock").count() >= 38  # every operation of the schema
    assert page.locator('.swagger-ui [data-path="/api/v1/reports/yearly/"]').count() == 1
    assert errors == []  # a CSP violation (inline script) would show up here
    assert_only_local_requests(requests, live_server)
