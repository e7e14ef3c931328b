"""The yearly report counts as the chain of command counts (revision 2): done, not scheduled; any period;
remains found and repatriated; support to partners apart from hospitality; rows in the official order."""

import datetime

from tests import factories as f

D = datetime.date


def get(client, **params):
    response = client.get("/api/v1/reports/yearly/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_any_period_counts_exactly_those_days(users, worked_example, api_client):
    client = api_client(users["analyst"])
    bp = worked_example["bp"].pk
    # D1 starts 12/04/2022, T2 01/06/2022, S1 13/04/2022; T1 15/08/2022 (Lộc Ninh), D2 30/12/2022.
    first_half = get(client, date_from="2022-01-01", date_to="2022-06-30", command=bp)
    assert (first_half["date_from"], first_half["date_to"]) == ("2022-01-01", "2022-06-30")
    assert (first_half["year"], first_half["year_to"]) == (2022, 2022)
    totals = first_half["totals"]
    assert (totals["delegations_inbound"], totals["delegations_outbound"], totals["activities"]) == (1, 0, 1)
    assert totals["expenditure_vnd"] == 80_000_000
    second_half = get(client, date_from="01/07/2022", date_to="31/12/2022", command=bp)["totals"]
    assert (second_half["delegations_outbound"], second_half["activities"]) == (1, 1)
    assert second_half["expenditure_vnd"] == 23_500_500
    whole = get(client, year=2022, command=bp)
    assert (whole["date_from"], whole["date_to"]) == ("2022-01-01", "2022-12-31")


def test_period_errors_are_400_per_field(users, api_client):
    client = api_client(users["analyst"])
    assert client.get("/api/v1/reports/yearly/", {"date_from": "2022-01-01"}).json() == {
        "date_to": ["Đồng chí ghi cả ngày cuối của kỳ báo cáo."]
    }
    response = client.get("/api/v1/reports/yearly/", {"date_from": "2022-07-01", "date_to": "2022-06-30"})
    assert response.status_code == 400 and "date_to" in response.json()
    response = client.get("/api/v1/reports/yearly/", {"date_from": "30/02/2022", "date_to": "2022-06-30"})
    assert response.status_code == 400 and "date_from" in response.json()
    assert client.get("/api/v1/reports/yearly/").status_code == 400  # neither years nor dates


def test_remains_and_support_to_partners(users, worked_example, api_client):
    dn = worked_example["dn"]
    kind = "remains_search"
    f.activity(dn, D(2022, 1, 10), kind=kind, title="Tìm kiếm mùa khô", remains_found=12, remains_repatriated=10)
    f.activity(dn, D(2022, 11, 5), kind=kind, title="Đợt 2", remains_found=4, remains_repatriated=None)
    f.activity(dn, D(2022, 12, 1), kind=kind, title="Kế hoạch", status="planned", remains_found=3)
    f.expenditure(dn, D(2022, 3, 1), 7_000_000, category="hospitality", funding_source="unit")
    f.expenditure(dn, D(2022, 3, 2), 5_000_000, category="medical", funding_source="military_region")
    totals = get(api_client(users["successor_analyst"]), year=2022, command=dn.pk)["totals"]
    assert (totals["remains_found"], totals["remains_repatriated"]) == (16, 10)  # the planned one: not yet
    assert (totals["activities"], totals["activities_planned"]) == (2, 1)
    assert totals["expenditure_vnd"] == 12_000_000
    assert totals["expenditure_to_partners_vnd"] == 5_000_000  # hospitality is the side's own cost
    assert totals["expenditure_by_funding_source"] == {"military_region": 5_000_000, "unit": 7_000_000}


def test_remains_only_on_a_remains_search(users, worked_example, api_client):
    body = {"kind": "border_meeting", "title": "Giao ban", "command": worked_example["bp_ln"].pk,
            "start_date": "2023-03-15", "end_date": "2023-03-15", "remains_found": 2}  # fmt: skip
    response = api_client(users["staff"]).post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400 and "remains_found" in response.json()


def test_rows_in_the_official_order(users, worked_example, api_client):
    w = worked_example
    f.command("AA", "Bộ CHQS tỉnh An Giang", parent=w["qk7"], sort_order=9)
    w["dn"].sort_order = 1
    w["dn"].save()
    report = get(api_client(users["admin"]), year=2022, command=w["qk7"].pk)
    # QK7's own row first, then BP and TN (0, by code), DN (1) and AA (9), whatever their codes.
    assert [row["code"] for row in report["rows"]] == ["QK7", "BP", "TN", "DN", "AA"]


def test_partner_units_are_found_by_their_other_spellings(users, worked_example, api_client):
    unit = worked_example["krt"]
    unit.aliases = ["Kra-chê", "Kratié"]
    unit.name_original = "ក្រចេះ"
    unit.save()
    client = api_client(users["analyst"])
    for query in ("kra-che", "KRATIE", "ក្រចេះ"):
        found = [row["code"] for row in client.get("/api/v1/partner-units/", {"q": query}).json()["results"]]
        assert "KH-KRT" in found, query
