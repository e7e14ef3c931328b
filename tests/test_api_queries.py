"""List endpoints run a fixed number of queries whatever the page size (10 or 200 rows)."""

import datetime

import pytest

from events.models import Activity, ActivityPartner, Delegation, DelegationPartner, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

D = datetime.date


def fill(w, n):
    """``n`` more rows of every resource in Bình Phước's scope (bulk inserts: this runs at 200 rows)."""
    days = [D(2021, 1, 1) + datetime.timedelta(days=i) for i in range(n)]
    units = PartnerUnit.objects.bulk_create(
        PartnerUnit(code=f"KH-T-{i}", name=f"Chi khu quân sự {i}", country="KH", level="district", parent=w["krt"])
        for i in range(n)
    )
    Command.objects.bulk_create(
        Command(code=f"BP-T-{i}", name=f"Ban CHQS xã {i}", level="commune", parent=w["bp_ln"]) for i in range(n)
    )
    Agreement.objects.bulk_create(
        Agreement(command=w["bp_ln"], partner_unit=u, kind="twinning", title="Kết nghĩa", signed_on=d, valid_from=d)
        for u, d in zip(units, days, strict=True)
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(command=w["bp"], direction="inbound", purpose="working", country="KH", member_count=5,
                   start_date=d, end_date=d)
        for d in days
    )  # fmt: skip
    DelegationPartner.objects.bulk_create(
        DelegationPartner(delegation=x, partner_unit=u)
        for x, u in zip(delegations, units, strict=True)
        for u in (u, w["krt"])
    )
    activities = Activity.objects.bulk_create(
        Activity(command=w["bp_ln"], kind="border_meeting", title="Giao ban", start_date=d, end_date=d) for d in days
    )
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=a, partner_unit=u) for a, u in zip(activities, units, strict=True)
    )
    Expenditure.objects.bulk_create(
        Expenditure(command=w["bp"], date=d, amount_vnd=1_000_000, category="gifts", funding_source="unit",
                    partner_unit=u)
        for u, d in zip(units, days, strict=True)
    )  # fmt: skip


# Per request, for a staff user authenticated by token:
#   1 token + user (select_related)
#   2 the user's role groups and command (dnqp.access.scoping.scope_root_id, for the queryset's scope)
#   3 permissions given to the user, 4 permissions of the user's groups (DjangoModelPermissions, view_*)
#   5 COUNT(*) for the paginator, 6 the page of rows, 7 (M2M only) the partner unit ids of the page,
#   8 (delegations only) the members of the page's delegations.
# Plus, on the token's first request in five minutes (as here), one UPDATE of its last use (dnqp/access/tokens.py).
LAST_USE = 1
EXPECTED = {
    "agreements": 6,
    "delegations": 8,
    "activities": 7,
    "expenditures": 6,
    # units are readable by every logged-in user (no permission or scope lookup): token + user, COUNT, page
    "commands": 3,
    "partner-units": 3,
}


@pytest.mark.parametrize("resource", list(EXPECTED))
@pytest.mark.parametrize("rows", [10, 200])
def test_list_query_count_is_constant(resource, rows, users, worked_example, api_client, django_assert_num_queries):
    fill(worked_example, rows)
    client = api_client(users["staff"])
    with django_assert_num_queries(EXPECTED[resource] + LAST_USE):
        response = client.get(f"/api/v1/{resource}/?page_size={rows}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows
