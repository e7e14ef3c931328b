"""A file downloaded from a list page imports back through the admin's resources and changes nothing."""

import pytest

from dnqp.spreadsheets.event_resources import ActivityResource, DelegationResource, ExpenditureResource
from dnqp.spreadsheets.unit_resources import AgreementResource, CommandResource, PartnerUnitResource
from tests import spreadsheets as s
from tests.test_export_roundtrip import rich, snapshot  # noqa: F401 (fixture)

PAGES = [
    ("/commands/", CommandResource),
    ("/partners/", PartnerUnitResource),
    ("/agreements/", AgreementResource),
    ("/delegations/", DelegationResource),
    ("/activities/", ActivityResource),
    ("/support/", ExpenditureResource),
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_page_export_imports_back_unchanged(client, users, rich, fmt):  # noqa: F811
    before = snapshot()
    client.force_login(users["superuser"])
    for url, resource_class in PAGES:
        response = client.get(url, {"format": fmt})
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        result = s.run(resource_class(), content, f"page.{fmt}", user=users["superuser"])
        assert s.problems(result) == [], (url, s.problems(result))
        assert result.totals["new"] == result.totals["update"] == 0, url
        assert result.totals["skip"] > 0, url
    assert snapshot() == before


def test_staff_page_export_imports_back_for_that_staff(client, users, rich):  # noqa: F811
    client.force_login(users["staff"])
    response = client.get("/support/", {"format": "xlsx"})
    result = s.run(ExpenditureResource(), response.content, "chi.xlsx", user=users["staff"])
    assert s.problems(result) == [] and result.totals["skip"] == len(s.load(response.content, "chi.xlsx"))
