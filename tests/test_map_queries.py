"""The map page runs a fixed number of queries, whatever the number of units, agreements and records."""

import pytest

from partnerships.models import Agreement, Command, PartnerUnit, rebuild_command_scopes
from tests import factories as f
from tests.map_helpers import get_map, map_json, placed_example
from tests.pages_helpers import add_rows
from tests.test_list_queries import SCOPED_PREAMBLE

# What every scoped page starts with (the session's user with their groups and command id: tests/test_list_queries.py),
# then:
#  +1 the scope's commands that existed in the year
#  +1 the partner units the scope deals with
#  +1 the pairs with an agreement in force in the year
#  +1 the command tree (who carries on the agreements of a dissolved command)
MAP_QUERIES = SCOPED_PREAMBLE + 4


def add_units(w, n):
    """``n`` more districts of Bình Phước and ``n`` partner units, each pair twinned, all placed; a few queries."""
    commands = Command.objects.bulk_create(
        Command(
            code=f"BP-D{i}", name=f"Ban CHQS huyện {i}", level="district", parent=w["bp"], latitude=11, longitude=106
        )
        for i in range(n)
    )
    partners = PartnerUnit.objects.bulk_create(
        PartnerUnit(code=f"KH-D{i}", name=f"Chi khu {i}", country="KH", level="district", latitude=12, longitude=106)
        for i in range(n)
    )
    Agreement.objects.bulk_create(
        Agreement(
            title=f"Kết nghĩa {i}",
            kind="twinning",
            command=command,
            partner_unit=partner,
            signed_on=f.D(2020, 1, 1),
            valid_from=f.D(2020, 1, 1),
        )
        for i, (command, partner) in enumerate(zip(commands, partners, strict=True))
    )
    rebuild_command_scopes()  # bulk_create sends no signal (docs/ARCHITECTURE.md)


@pytest.mark.parametrize("rows", [5, 150])
@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_the_map_s_query_count_does_not_grow(client, users, worked_example, django_assert_num_queries, rows, role):
    placed_example(worked_example, users)
    add_rows(worked_example, rows)
    add_units(worked_example, rows)
    client.force_login(users[role])
    with django_assert_num_queries(MAP_QUERIES):
        response = get_map(client, year=2022)
    assert response.status_code == 200
    data = map_json(response)
    assert len(data["pairs"]) >= rows + 3
    assert len(data["partner_units"]) >= rows + 3
