"""What the map tests share: the worked example placed on the map, and the map's data read back from the page."""

import json
import re
from decimal import Decimal

from django.urls import reverse

from tests import factories as f

# Approximate seats (decimal degrees): Đồng Xoài, Lộc Ninh, Biên Hòa, Tây Ninh; Kratie, Sen Monorom, Snuol, Svay Rieng.
SEATS = {
    "bp": ("11.53500", "106.88300"),
    "bp_ln": ("11.83500", "106.59000"),
    "dn": ("10.95700", "106.84300"),
    "krt": ("12.48800", "106.01900"),
    "mdk": ("12.45600", "107.18800"),
    "snl": ("12.07400", "106.42700"),
}


def place(unit, lat, lng):
    unit.latitude, unit.longitude = Decimal(lat), Decimal(lng)
    unit.save()


def placed_example(worked_example, users):
    """The worked example with its units placed, and Tây Ninh (the other scope of ``users``) twinned with Svay Rieng.

    Left without coordinates: the region (QK7) and Tây Ninh's partner Prey Veng, dealt with through a delegation
    only (no agreement: a unit on the map, no line).
    """
    w = dict(worked_example)
    for key, (lat, lng) in SEATS.items():
        place(w[key], lat, lng)
    w["tn"] = users["other_analyst"].profile.command
    place(w["tn"], "11.31000", "106.09800")
    w["svr"] = f.partner(
        "KH-SVR", "Tiểu khu Quân sự Svay Rieng", latitude=Decimal("11.08700"), longitude=Decimal("105.79900")
    )
    w["pvg"] = f.partner("KH-PVG", "Tiểu khu Quân sự Prey Veng")
    w["tn_svr"] = f.agreement(w["tn"], w["svr"], "twinning", f.D(2013, 9, 5))
    w["tn_pvg_visit"] = f.delegation(w["tn"], f.D(2022, 3, 1), partners=[w["pvg"]])
    w["lonely"] = f.partner("LA-ATP", "Bộ Chỉ huy Quân sự tỉnh Át-tạ-pư", country="LA")  # no dealings with anyone
    return w


MAP_DATA = re.compile(r'<script id="map-data" type="application/json">(.*?)</script>', re.S)


def map_json(response) -> dict:
    """The data the page hands to the map's script (the ``json_script`` element)."""
    match = MAP_DATA.search(response.content.decode())
    assert match, "no map data on the page"
    return json.loads(match[1])


def get_map(client, **params):
    return client.get(reverse("map"), params)


def codes(data: dict) -> tuple[set[str], set[str]]:
    """The codes of the commands and of the partner units on the map."""
    return {unit["code"] for unit in data["commands"]}, {unit["code"] for unit in data["partner_units"]}


def pair_codes(data: dict) -> dict[tuple[str, str], list[str]]:
    """``{(command code, partner code): kinds}`` of the lines on the map."""
    commands = {unit["id"]: unit["code"] for unit in data["commands"]}
    partners = {unit["id"]: unit["code"] for unit in data["partner_units"]}
    return {(commands[p["command"]], partners[p["partner_unit"]]): p["kinds"] for p in data["pairs"]}
