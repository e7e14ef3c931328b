"""With the shared cache unreachable, records are saved through the admin (a support line, a signing ceremony) and the
API, and the reports show them at once."""

import re

from django.urls import reverse

from dnqp.core.resilient_cache import breaker
from events.models import Expenditure
from partnerships.models import Agreement
from tests.test_admin_ceremony import URL as CEREMONY_URL
from tests.test_admin_ceremony import brvt_ceremony, ceremony_post  # noqa: F401 (the fixture)
from tests.test_admin_expenditure_entry import URL as SUPPORT_ADD_URL
from tests.test_admin_expenditure_entry import support

IN_DONG = {"currency": "", "amount_original": "", "exchange_rate": ""}


def yearly_support(client, year=2022) -> int:
    response = client.get(reverse("api-report-yearly"), {"year": year})
    assert response.status_code == 200
    return response.json()["totals"]["expenditure_vnd"]


def test_a_support_line_saved_in_the_admin_counts_at_once(client, users, worked_example, cache_down):
    client.force_login(users["staff"])
    before = yearly_support(client)
    response = client.post(SUPPORT_ADD_URL, support(worked_example, amount_vnd="7.000.000", voucher="CT-X1", **IN_DONG))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Expenditure.objects.get(voucher="CT-X1").amount_vnd == 7_000_000
    assert breaker.is_down()
    assert yearly_support(client) == before + 7_000_000


def test_a_record_saved_through_the_api_counts_at_once(client, users, worked_example, cache_down):
    client.force_login(users["staff"])
    before = yearly_support(client)
    line = Expenditure.objects.get(pk=worked_example["s1"].pk)
    response = client.patch(
        f"/api/v1/expenditures/{line.pk}/",
        {"amount_vnd": line.amount_vnd + 1_000_000, "version": line.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert yearly_support(client) == before + 1_000_000


def test_a_signing_ceremony_is_recorded(client, brvt_ceremony, cache_down):  # noqa: F811
    """The ceremony form's guard against a second post lives in the cache: off while it is down, the ceremony not."""
    w = brvt_ceremony
    client.force_login(w["staff"])
    submission = re.search(r'name="submission" value="([^"]+)"', client.get(CEREMONY_URL).content.decode()).group(1)
    pairs = list(zip(w["districts"], w["sectors"], strict=False))
    response = client.post(CEREMONY_URL, ceremony_post(pairs, submission=submission))
    assert response.status_code == 302, response.context and response.context["formset"].errors
    assert Agreement.objects.count() == len(pairs)
