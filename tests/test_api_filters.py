"""Every list filter of the API (docs/API.md "Lists"): the shared FilterSets, applied within the scope."""

import datetime

import pytest

from tests import factories as f
from tests.test_api_crud import MODELS

D = datetime.date


@pytest.fixture
def records(worked_example):
    """The worked example plus records of Châu Đức (under Đồng Nai) with a Lao partner, to tell filters apart."""
    w = dict(worked_example)
    w["cd"] = f.command("BRVT-CHAUDUC", "Ban CHQS huyện Châu Đức", level="district", parent=w["dn"])
    w["atp"] = f.partner("LA-ATP", "Bộ CHQS tỉnh Attapeu", country="LA")
    w["p4"] = f.agreement(w["cd"], w["atp"], "cooperation", None, title="Quy chế phối hợp (dự thảo)")
    w["d4"] = f.delegation(
        w["cd"], D(2021, 6, 1), purpose="courtesy", country="LA", partners=[w["atp"]], leader_name="Thongsavanh"
    )
    w["t3"] = f.activity(w["cd"], D(2023, 1, 10), kind="exchange", status="planned", partners=[w["atp"]])
    w["s3"] = f.expenditure(
        w["cd"], D(2021, 5, 5), 15_000_000, category="medical", funding_source="central", partner_unit=w["atp"],
        agreement=w["p4"], delegation=w["d4"],
    )  # fmt: skip
    return w


CASES = {
    "commands": [
        ("q=chau duc", ["cd"]),
        ("q=CHÂU ĐỨC", ["cd"]),
        ("command={bp}", ["bp", "bp_ln"]),
        ("command={dn}", ["dn", "cd"]),
        ("level=district", ["bp_ln", "cd"]),
        ("parent={bp}", ["bp_ln"]),
        ("is_border=true", ["bp", "bp_ln"]),
    ],
    "partner-units": [
        ("q=kratie", ["krt"]),
        ("country=LA", ["atp"]),
        ("level=district", ["snl"]),
        ("parent={krt}", ["snl"]),
    ],
    "agreements": [
        ("q=chau duc", ["p4"]),
        ("command={bp}", ["p1", "p2", "p3"]),
        ("command={bp_ln}", ["p3"]),
        ("partner_unit={krt}", ["p1"]),
        ("country=LA", ["p4"]),
        ("country=KH", ["p1", "p2", "p3"]),
        ("kind=annual_plan", ["p2"]),
        ("status=expired", ["p2"]),  # P1 outlives BP (dissolved 30/06/2025): its own dates say in force
        ("status=draft", ["p4"]),
        ("status=in_force", ["p1", "p3"]),
        ("signed_year=2022", ["p2", "p3"]),
        ("in_force_year=2016", ["p1"]),
        ("in_force_year=2022", ["p1", "p2", "p3"]),
        ("in_force_on=2022-03-01", ["p1", "p2"]),
        ("in_force_on=2023-03-01", ["p1", "p3"]),
    ],
    "delegations": [
        ("q=chau duc", ["d4"]),
        ("q=thongsavanh", ["d4"]),
        ("command={bp}", ["d1", "d2", "d3"]),
        ("partner_unit={snl}", ["d2"]),
        ("country=LA", ["d4"]),
        ("direction=outbound", ["d2"]),
        ("purpose=courtesy", ["d4"]),
        ("status=cancelled", ["d3"]),
        ("year=2021", ["d4"]),
        ("start_after=2022-05-01", ["d2", "d3"]),
        ("start_before=2022-04-30", ["d1", "d4"]),
        ("start_after=2022-04-01&start_before=2022-04-30", ["d1"]),
    ],
    "activities": [
        ("q=chau duc", ["t3"]),
        ("command={bp}", ["t1", "t2"]),
        ("partner_unit={snl}", ["t1"]),
        ("country=LA", ["t3"]),
        ("country=KH", ["t1", "t2"]),
        ("kind=exchange", ["t3"]),
        ("status=planned", ["t3"]),
        ("year=2022", ["t1", "t2"]),
    ],
    "expenditures": [
        ("q=chau duc", ["s3"]),
        ("command={bp}", ["s1", "s2"]),
        ("partner_unit={krt}", ["s1"]),
        ("country=LA", ["s3"]),
        ("category=medical", ["s3"]),
        ("funding_source=central", ["s3"]),
        ("year=2021", ["s3"]),
        ("date_after=2022-05-01", ["s2"]),
        ("date_before=2022-04-30", ["s1", "s3"]),
        ("agreement={p4}", ["s3"]),
        ("delegation={d4}", ["s3"]),
    ],
}


@pytest.mark.parametrize(
    ("resource", "query", "expected"),
    [(resource, query, expected) for resource, cases in CASES.items() for query, expected in cases],
)
def test_filter(resource, query, expected, records, users, api_client):
    ids = {key: obj.pk for key, obj in records.items() if hasattr(obj, "pk")}
    response = api_client(users["superuser"]).get(f"/api/v1/{resource}/?{query.format(**ids)}&page_size=1000")
    assert response.status_code == 200, response.content
    # Judged on this fixture's records of the resource (other fixtures may add units of their own).
    model = MODELS[resource]
    known = {obj.pk for obj in records.values() if isinstance(obj, model)}
    found = sorted(row["id"] for row in response.json()["results"] if row["id"] in known)
    assert found == sorted(ids[key] for key in expected)


def test_filters_stay_within_the_scope(records, users, api_client):
    """Asking for another scope's command through a filter shows nothing of it."""
    client = api_client(users["staff"])
    response = client.get(f"/api/v1/agreements/?command={records['cd'].pk}")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get("/api/v1/delegations/?country=LA").json()["count"] == 0


def test_pagination_never_skips_or_repeats(records, users, api_client):
    """Same start dates everywhere: the id tie-break keeps the pages disjoint and complete."""
    for _ in range(7):
        f.delegation(records["bp"], D(2022, 4, 12), partners=[records["krt"]])
    client = api_client(users["superuser"])
    seen, url = [], "/api/v1/delegations/?page_size=3&ordering=start_date"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == body["count"] == 11
