"""The map shows exactly the user's scope: their organisation's commands that existed in the year, the partner units
those commands deal with (an agreement, a delegation, an activity or support), and the lines of the pairs with an
agreement in force in the year. A user of another command sees none of them; a unit without coordinates is listed
under the map instead of being drawn."""

import pytest

from tests import factories as f
from tests.map_helpers import codes, get_map, map_json, pair_codes, placed_example

BP_PAIRS_2022 = {
    ("BP", "KH-KRT"): ["twinning"],
    ("BP", "KH-MDK"): ["annual_plan"],
    ("BP-LN", "KH-KRT-SNL"): ["twinning"],
}
TN_PAIRS = {("TN", "KH-SVR"): ["twinning"]}


@pytest.fixture
def example(worked_example, users):
    return placed_example(worked_example, users)


@pytest.mark.parametrize(
    ("role", "commands", "partners", "pairs"),
    [
        ("staff", {"BP", "BP-LN"}, {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}, BP_PAIRS_2022),
        ("commander", {"BP", "BP-LN"}, {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}, BP_PAIRS_2022),
        ("district_staff", {"BP-LN"}, {"KH-KRT-SNL"}, {("BP-LN", "KH-KRT-SNL"): ["twinning"]}),
        # Đồng Nai answers for Bình Phước's records since the 2025 merger.
        ("successor_analyst", {"DN", "BP", "BP-LN"}, {"KH-KRT", "KH-MDK", "KH-KRT-SNL"}, BP_PAIRS_2022),
        # Tây Ninh: its own partner units (Prey Veng through a delegation only: a unit, no line), nothing of BP's.
        ("other_analyst", {"TN"}, {"KH-SVR", "KH-PVG"}, TN_PAIRS),
        # Every command and every partner unit dealt with; Attapeu, dealt with by nobody, is not on the map.
        (
            "admin",
            {"QK7", "DN", "BP", "BP-LN", "TN"},
            {"KH-KRT", "KH-MDK", "KH-KRT-SNL", "KH-SVR", "KH-PVG"},
            {**BP_PAIRS_2022, **TN_PAIRS},
        ),
    ],
)
def test_exactly_the_scope_s_units_and_pairs(client, users, example, role, commands, partners, pairs):
    client.force_login(users[role])
    data = map_json(get_map(client, year=2022))
    assert codes(data) == (commands, partners)
    assert pair_codes(data) == pairs


def test_a_user_of_another_command_sees_none_of_the_other_s(client, users, example):
    """Tây Ninh's analyst is refused everything of Bình Phước's: no command, no partner unit, no line, no link to
    them on the page; and Bình Phước's staff nothing of Tây Ninh's."""
    client.force_login(users["other_analyst"])
    response = get_map(client, year=2022)
    html = response.content.decode()
    data = map_json(response)
    for key in ("bp", "bp_ln", "dn", "krt", "mdk", "snl"):
        unit = example[key]
        assert unit.code not in {u["code"] for u in data["commands"] + data["partner_units"]}
        assert unit.name not in html
    client.force_login(users["staff"])
    data = map_json(get_map(client, year=2022))
    assert not {"TN", "KH-SVR", "KH-PVG"} & (codes(data)[0] | codes(data)[1])


def test_the_year_decides_the_lines_and_the_commands_that_existed(client, users, example):
    """2023: Mondulkiri's annual plan has ended. 2026: Bình Phước, dissolved on 30/06/2025, is gone from the
    map; its open-ended twinning with Kratie is drawn from Đồng Nai, which carries it on; Lộc Ninh's goes on."""
    client.force_login(users["successor_analyst"])
    data = map_json(get_map(client, year=2023))
    assert pair_codes(data) == {("BP", "KH-KRT"): ["twinning"], ("BP-LN", "KH-KRT-SNL"): ["twinning"]}
    data = map_json(get_map(client, year=2026))
    assert codes(data)[0] == {"DN", "BP-LN"}
    assert pair_codes(data) == {("DN", "KH-KRT"): ["twinning"], ("BP-LN", "KH-KRT-SNL"): ["twinning"]}
    data = map_json(get_map(client, year=2016))
    assert pair_codes(data) == {("BP", "KH-KRT"): ["twinning"]}


def test_a_dissolved_command_without_successor_hands_its_pairs_to_its_parent(client, users, example):
    """A commune command of Lộc Ninh, abolished in 2024 with no successor, twinned with Kratie open-ended: in 2026
    the pair is drawn from Lộc Ninh, where the reports by current organisation place its records."""
    commune = f.command("BP-LN-LT", "Ban CHQS xã Lộc Thạnh", level="commune", parent=example["bp_ln"])
    f.agreement(commune, example["krt"], "twinning", f.D(2020, 5, 1))
    commune.valid_until = f.D(2024, 6, 30)
    commune.save()
    client.force_login(users["district_staff"])
    assert ("BP-LN-LT", "KH-KRT") in pair_codes(map_json(get_map(client, year=2023)))
    pairs = pair_codes(map_json(get_map(client, year=2026)))
    assert ("BP-LN", "KH-KRT") in pairs and ("BP-LN-LT", "KH-KRT") not in pairs


def test_a_pair_with_several_kinds_is_one_line_with_its_kinds_in_the_choices_order(client, users, example):
    f.agreement(example["bp"], example["krt"], "annual_plan", f.D(2022, 1, 10), valid_until=f.D(2022, 12, 31))
    client.force_login(users["staff"])
    data = map_json(get_map(client, year=2022))
    assert pair_codes(data)[("BP", "KH-KRT")] == ["twinning", "annual_plan"]
    assert len(data["pairs"]) == 3


def test_units_without_coordinates_are_listed_under_the_map(client, users, example):
    client.force_login(users["admin"])
    response = get_map(client, year=2022)
    data = map_json(response)
    unplaced = {u["code"] for u in data["commands"] + data["partner_units"] if u["lat"] is None}
    assert unplaced == {"QK7", "KH-PVG"}
    html = response.content.decode()
    section = html.split('class="panel map-unplaced"', 1)[1]
    assert "Chưa có trên bản đồ: chưa có tọa độ" in section
    assert example["qk7"].name in section and example["pvg"].name in section
    assert example["bp"].name not in section  # placed: on the map, not in the list
    placed = {u["code"]: (u["lat"], u["lng"]) for u in data["commands"]}
    assert placed["BP"] == (11.535, 106.883)


def test_the_same_with_the_figures_cache_on_and_a_move_shows_at_once(client, users, example, report_cache):
    """With the figures cache on, each scope still gets its own map, and a unit moved in the admin is drawn at its
    new place on the next page (every write to a unit drops the cached figures)."""
    for role, expected in (("staff", BP_PAIRS_2022), ("other_analyst", TN_PAIRS), ("staff", BP_PAIRS_2022)):
        client.force_login(users[role])
        assert pair_codes(map_json(get_map(client, year=2022))) == expected
    client.force_login(users["admin"])
    assert {u["code"]: u["lat"] for u in map_json(get_map(client, year=2022))["commands"]}["TN"] == 11.31
    tn = example["tn"]
    tn.latitude = tn.latitude + 1
    tn.save()
    assert {u["code"]: u["lat"] for u in map_json(get_map(client, year=2022))["commands"]}["TN"] == 12.31
