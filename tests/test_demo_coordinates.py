"""The demo's units stand at the (approximate) seats of their provinces and districts (docs/DEMO.md,
"Coordinates"): every one placed but the two units left off on purpose, within the border region, a successor at
its predecessor's seat; on the map of the loaded demo the twinned pairs of a border province are drawn."""

from decimal import Decimal

import pytest
from django.db import transaction

from dnqp.data import demo
from dnqp.spreadsheets import columns
from partnerships.models import Command
from tests import factories as f
from tests.map_helpers import get_map, map_json, pair_codes

UNPLACED = {"SD5", "TQSQK7"}  # a division and a school: no seat of a province or district
# A few seats (latitude, longitude) as public maps give them; the demo puts the unit within NEAR degrees.
SEATS = {
    "BRVT": (10.496, 107.169),  # Bà Rịa
    "LONGAN": (10.536, 106.414),  # Tân An
    "TAYNINH": (11.310, 106.098),  # Tây Ninh
    "KH-SVR": (11.087, 105.799),  # Svay Rieng
    "KH-PVG": (11.484, 105.325),  # Prey Veng
    "KH-PVH": (13.807, 104.980),  # Preah Vihear
    "LA-CPS": (15.120, 105.799),  # Pakse, Champasak
}
NEAR = 0.05
# Mainland south-east Asia from the Mekong delta to southern Laos: where every demo unit is.
REGION = ((10.0, 16.0), (102.0, 108.0))


def units(name, spec) -> dict[str, dict]:
    """The rows of a demo unit file by code, keyed by field path."""
    header = {column.path: column.header for column in spec}
    return {row[header["code"]]: {path: row[h] for path, h in header.items()} for row in demo.read_rows(name)}


COMMANDS = units("commands.csv", columns.COMMAND_COLUMNS)
PARTNERS = units("partner_units.csv", columns.PARTNER_UNIT_COLUMNS)


def test_every_unit_is_placed_in_the_region_but_the_two_left_off():
    for code, row in {**COMMANDS, **PARTNERS}.items():
        if code in UNPLACED:
            assert row["latitude"] == row["longitude"] == "", code
            continue
        lat, lng = Decimal(row["latitude"]), Decimal(row["longitude"])
        assert REGION[0][0] <= lat <= REGION[0][1] and REGION[1][0] <= lng <= REGION[1][1], code


def test_the_seats_named_in_the_docs():
    for code, (lat, lng) in SEATS.items():
        row = COMMANDS.get(code) or PARTNERS[code]
        assert abs(float(row["latitude"]) - lat) <= NEAR and abs(float(row["longitude"]) - lng) <= NEAR, code


def test_a_district_s_successor_sits_at_its_seat():
    """A Ban Chỉ huy Phòng thủ khu vực (from 1 July 2025) replaced a district: it is put at that district's seat."""
    for code, row in COMMANDS.items():
        successor = COMMANDS.get(row["successor.code"])
        if (
            successor
            and row["level"] == successor["level"] == "district"
            and code.rsplit("-", 1)[1] in successor["code"]
        ):
            assert (successor["latitude"], successor["longitude"]) == (row["latitude"], row["longitude"]), code


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, in a transaction rolled back at the end (as tests/test_demo_content.py)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo.load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.slow
def test_the_demo_map_of_long_an(demo_loaded, db, client):
    """Long An's staff in 2022: Long An's twinning with Svay Rieng and Prey Veng and its border districts' and
    communes' pairs, every one with both ends placed; nothing of Bà Rịa – Vũng Tàu's Preah Vihear pairs."""
    client.force_login(f.user("nhaplieu_la_map", "staff", Command.objects.get(code="LONGAN")))
    data = map_json(get_map(client, year=2022))
    pairs = pair_codes(data)
    assert pairs[("LONGAN", "KH-SVR")][0] == "twinning" and pairs[("LONGAN", "KH-PVG")][0] == "twinning"
    assert ("LONGAN-VINHHUNG", "KH-SVR-KPR") in pairs
    assert all(command.startswith("LONGAN") for command, _partner in pairs)
    assert not any(partner.startswith("KH-PVH") for _command, partner in pairs)
    units = {u["id"]: u for u in data["commands"] + data["partner_units"]}
    drawn = [
        p
        for p in data["pairs"]
        if units[p["command"]]["lat"] is not None and units[p["partner_unit"]]["lat"] is not None
    ]
    assert drawn == data["pairs"]
