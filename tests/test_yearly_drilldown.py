"""The yearly summary drills down: every row's name opens the same summary for that row's command, one level
lower (``?command=ID``, the other parameters kept), whose totals are that row's figures. An unlimited user
(administrator) sees the military region's sub-commands, not one row for the whole region; with several top
commands, one row per top command, each drilling down the same way. The parameter never opens another scope."""

import datetime
import html
import re

from django.urls import reverse

from dnqp.reports import yearly_report
from partnerships.models import Command
from tests import factories as f

TODAY = datetime.date(2026, 12, 3)
YEARLY = reverse("yearly-report")
NOT_FIGURES = ("command", "code", "name", "own", "delegations_by_purpose")


def figures(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in NOT_FIGURES}


def row_links(content: str) -> dict[str, str]:
    """{row name: href} of the yearly table's name cells that link somewhere."""
    cells = re.findall(r'<td class="name"><a href="([^"]*)"[^>]*>([^<]+)</a>', content)
    return {html.unescape(name): html.unescape(href) for href, name in cells}


def test_an_administrators_summary_has_a_row_per_top_command_that_opens_its_sub_commands(
    client, worked_example, users, api_client
):
    """The whole tree, a row per top-level command (the region); the region's row opens the region's report, a
    row per province."""
    qk7 = worked_example["qk7"]
    expected = ["QK7"] + list(
        Command.objects.filter(parent=qk7).order_by("sort_order", "code").values_list("code", flat=True)
    )
    assert len(expected) > 2  # the region's provinces (tests/conftest.py): more than one row below it
    for who in ("admin", "superuser"):
        report = api_client(users[who]).get("/api/v1/reports/yearly/", {"year": 2022}).json()
        assert report["scope"]["command"] is None
        assert [(row["code"], row["own"]) for row in report["rows"]] == [("QK7", False)]
    client.force_login(users["admin"])
    response = client.get(YEARLY, {"year": 2022})
    href = row_links(response.content.decode())[qk7.name]
    region = client.get(YEARLY + href).context["report"]
    assert region["scope"]["code"] == "QK7"
    assert [row["code"] for row in region["rows"]] == expected
    assert [row["own"] for row in region["rows"]] == [True] + [False] * (len(expected) - 1)


def test_every_row_opens_the_same_summary_one_level_down_with_that_rows_totals(client, worked_example, users):
    client.force_login(users["admin"])
    response = client.get(YEARLY, {"year": 2022})
    assert response.status_code == 200
    rows = response.context["report"]["rows"]
    links = row_links(response.content.decode())
    below = [row for row in rows if not row["own"]]
    assert set(links) == {row["name"] for row in below}  # the own row is this very summary: no link
    assert not any("/commands/" in href for href in links.values())  # never the command's profile
    for row in below:
        href = links[row["name"]]
        assert href == f"?year=2022&command={row['command']}"
        deeper = client.get(YEARLY + href)
        assert deeper.status_code == 200
        report = deeper.context["report"]
        assert report["scope"]["command"] == row["command"]
        assert figures(report["totals"]) == figures(row), row["code"]
    # One level further: Bình Phước's district, under Bình Phước's summary.
    bp = client.get(YEARLY, {"year": 2022, "command": worked_example["bp"].pk})
    district = next(row for row in bp.context["report"]["rows"] if row["code"] == "BP-LN")
    href = row_links(bp.content.decode())[district["name"]]
    assert href == f"?year=2022&command={worked_example['bp_ln'].pk}"
    assert figures(client.get(YEARLY + href).context["report"]["totals"]) == figures(district)


def test_the_link_keeps_the_other_parameters(client, worked_example, users):
    client.force_login(users["analyst"])
    params = {"year": 2022, "year_to": 2023, "country": "KH", "by": "current", "command": worked_example["bp"].pk}
    response = client.get(YEARLY, params)
    assert response.status_code == 200
    links = row_links(response.content.decode())
    for row in response.context["report"]["rows"]:
        if row["own"]:
            continue
        href = links[row["name"]]
        assert href == f"?year=2022&year_to=2023&country=KH&by=current&command={row['command']}"
        deeper = client.get(YEARLY + href).context["report"]
        assert (deeper["year"], deeper["year_to"], deeper["by"]) == (2022, 2023, "current")
        assert figures(deeper["totals"]) == figures(row)


def test_a_province_user_cannot_open_a_sibling_province_through_the_parameter(
    client, worked_example, users, api_client
):
    tn = Command.objects.get(code="TN")
    client.force_login(users["analyst"])  # Bình Phước's analyst
    assert client.get(YEARLY, {"year": 2022, "command": tn.pk}).status_code == 404
    assert client.get(YEARLY, {"year": 2022, "command": worked_example["qk7"].pk}).status_code == 404  # above it
    assert (
        api_client(users["analyst"]).get("/api/v1/reports/yearly/", {"year": 2022, "command": tn.pk}).status_code == 404
    )
    own = client.get(YEARLY, {"year": 2022})
    assert own.context["report"]["scope"]["code"] == "BP"
    assert {row["code"] for row in own.context["report"]["rows"]} == {"BP", "BP-LN"}  # never a sibling's row


def test_with_several_top_commands_an_administrator_gets_one_row_per_top_command(client, worked_example, users):
    qk9 = f.command("QK9", "Bộ Tư lệnh Quân khu 9", level="military_region")
    ag = f.command("AG", "Bộ CHQS tỉnh An Giang", parent=qk9, is_border=True)
    f.delegation(ag, datetime.date(2022, 6, 1), members=7)
    report = yearly_report(user=users["admin"], year=2022, today=TODAY)
    assert report["scope"]["command"] is None  # the whole tree
    assert [(row["code"], row["own"]) for row in report["rows"]] == [("QK7", False), ("QK9", False)]
    client.force_login(users["admin"])
    response = client.get(YEARLY, {"year": 2022})
    links = row_links(response.content.decode())
    assert links == {
        "Bộ Tư lệnh Quân khu 7": f"?year=2022&command={worked_example['qk7'].pk}",
        qk9.name: f"?year=2022&command={qk9.pk}",
    }
    region = client.get(YEARLY + links[qk9.name]).context["report"]
    assert [row["code"] for row in region["rows"]] == ["QK9", "AG"]
    assert region["totals"]["delegations_inbound"] == 1 and region["totals"]["delegations_inbound_members"] == 7


def test_the_print_view_has_no_links_in_its_rows(client, worked_example, users):
    client.force_login(users["admin"])
    response = client.get(reverse("yearly-report-print"), {"year": 2022})
    assert response.status_code == 200
    assert row_links(response.content.decode()) == {}
