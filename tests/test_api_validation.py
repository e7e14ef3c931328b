"""Invalid input of any kind is a 400 naming the offending field; nothing is written, never a 500."""

import pytest

from tests.test_api_crud import MODELS, new_record

CASES = [
    # unknown choices
    ("commands", {"level": "army"}, "level"),
    ("partner-units", {"country": "XX"}, "country"),
    ("partner-units", {"level": "battalion"}, "level"),
    ("agreements", {"kind": "friendship"}, "kind"),
    ("delegations", {"direction": "sideways"}, "direction"),
    ("delegations", {"purpose": "tourism"}, "purpose"),
    ("delegations", {"status": "done"}, "status"),
    ("delegations", {"country": "ZZ"}, "country"),
    ("activities", {"kind": "party"}, "kind"),
    ("expenditures", {"category": "cash"}, "category"),
    ("expenditures", {"funding_source": "donor"}, "funding_source"),
    ("expenditures", {"currency": "XYZ", "amount_original": "10", "exchange_rate": "2"}, "currency"),
    # wrong types
    ("delegations", {"member_count": "many"}, "member_count"),
    ("delegations", {"start_date": "12/04/2022"}, "start_date"),
    ("delegations", {"partner_units": "KH-KRT"}, "partner_units"),
    ("commands", {"is_border": "perhaps"}, "is_border"),
    ("expenditures", {"amount_vnd": "80.000.000"}, "amount_vnd"),
    ("expenditures", {"amount_vnd": 1.5}, "amount_vnd"),
    ("agreements", {"title": ["a", "b"]}, "title"),
    # dates out of order
    ("delegations", {"start_date": "2023-02-03", "end_date": "2023-02-01"}, "end_date"),
    ("activities", {"start_date": "2023-03-15", "end_date": "2023-03-14"}, "end_date"),
    ("agreements", {"signed_on": "2023-01-10", "valid_until": "2022-12-31"}, "valid_until"),
    ("agreements", {"signed_on": "2023-01-10", "terminated_on": "2022-12-31"}, "terminated_on"),
    ("agreements", {"signed_on": None, "terminated_on": "2023-05-01"}, "terminated_on"),
    ("commands", {"valid_from": "2020-01-01", "valid_until": "2019-12-31"}, "valid_until"),
    # non-positive amounts and counts
    ("expenditures", {"amount_vnd": 0}, "amount_vnd"),
    ("expenditures", {"amount_vnd": -5}, "amount_vnd"),
    ("delegations", {"member_count": 0}, "member_count"),
    ("activities", {"participant_count": 0}, "participant_count"),
    ("expenditures", {"currency": "USD", "amount_original": "-1", "exchange_rate": "25000"}, "amount_original"),
    ("expenditures", {"currency": "USD", "amount_original": "10", "exchange_rate": "0"}, "exchange_rate"),
    # the foreign-currency rule
    ("expenditures", {"currency": "USD", "amount_original": "1000"}, "exchange_rate"),
    ("expenditures", {"amount_original": "1000", "exchange_rate": "25000"}, "currency"),
    ("expenditures", {"currency": "USD", "amount_original": "1000", "exchange_rate": "25000", "amount_vnd": 1},
     "amount_vnd"),
    ("expenditures", {"amount_vnd": None}, "amount_vnd"),
    ("expenditures", {"currency": "USD", "amount_original": "9999999999999999.99", "exchange_rate": "999999999999"},
     "amount_original"),
    # unknown foreign keys
    ("agreements", {"command": 999999}, "command"),
    ("agreements", {"partner_unit": 999999}, "partner_unit"),
    ("agreements", {"renews": 999999}, "renews"),
    ("delegations", {"partner_units": [999999]}, "partner_units"),
    ("delegations", {"agreement": 999999}, "agreement"),
    ("expenditures", {"delegation": 999999}, "delegation"),
    ("expenditures", {"command": 10**30}, "command"),
    ("commands", {"parent": 999999}, "parent"),
    ("commands", {"successor": "abc"}, "successor"),
    # oversized strings, missing required fields
    ("commands", {"code": "X" * 41}, "code"),
    ("agreements", {"title": "T" * 301}, "title"),
    ("delegations", {"leader_name": "N" * 121}, "leader_name"),
    ("expenditures", {"voucher": "V" * 81}, "voucher"),
    ("agreements", {"title": ""}, "title"),
    ("commands", {"code": None}, "code"),
    ("delegations", {"member_count": 10**12}, "member_count"),
    ("expenditures", {"amount_vnd": 10**20}, "amount_vnd"),
    # rules across fields and the database's own rules
    ("commands", {"successor": "dn"}, "valid_until"),
    ("partner-units", {"parent": "la_unit"}, "parent"),
    ("partner-units", {"code": "KH-KRT"}, "code"),
    ("commands", {"code": "BP"}, "code"),
]  # fmt: skip


@pytest.mark.parametrize(("resource", "change", "field"), CASES)
def test_create_with_invalid_field_is_400_naming_it(resource, change, field, users, worked_example, api_client):
    from tests import factories as f

    w = {**worked_example, "la_unit": f.partner("LA-CPS", "Bộ CHQS tỉnh Champasak", country="LA")}
    change = {key: (w[value].pk if isinstance(value, str) and value in w else value) for key, value in change.items()}
    body = {**new_record(resource, w), **change}
    before = MODELS[resource].objects.count()
    response = api_client(users["superuser"]).post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert MODELS[resource].objects.count() == before


@pytest.mark.parametrize(("resource", "key"), [("commands", "qk7"), ("partner-units", "krt")])
def test_parent_cycle_is_400_on_parent(resource, key, users, worked_example, api_client):
    w = worked_example
    descendant = {"commands": w["bp_ln"], "partner-units": w["snl"]}[resource]
    root = w[key] if resource == "partner-units" else w["bp"]
    client = api_client(users["admin"])
    response = client.patch(f"/api/v1/{resource}/{root.pk}/", {"parent": descendant.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    response = client.patch(f"/api/v1/{resource}/{root.pk}/", {"parent": root.pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    root.refresh_from_db()
    assert root.parent_id != descendant.pk


def test_malformed_json_is_400(users, worked_example, api_client):
    client = api_client(users["staff"])
    response = client.generic("POST", "/api/v1/agreements/", '{"title": "x",', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_json_that_is_not_an_object_is_400(users, worked_example, api_client):
    response = api_client(users["staff"]).post("/api/v1/delegations/", [1, 2], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_read_only_fields_are_ignored_on_write(users, worked_example, api_client):
    w = worked_example
    body = {**new_record("agreements", w), "status": "terminated", "id": 12345}
    created = api_client(users["staff"]).post("/api/v1/agreements/", body, format="json").json()
    assert created["status"] == "expired"
    assert created["id"] != 12345


def test_filter_with_bad_value_is_400_naming_it(users, worked_example, api_client):
    client = api_client(users["staff"])
    for url, field in [
        ("/api/v1/agreements/?command=abc", "command"),
        ("/api/v1/agreements/?command=99999999999999999999999", "command"),
        ("/api/v1/agreements/?signed_year=2022.5", "signed_year"),
        ("/api/v1/agreements/?status=lost", "status"),
        ("/api/v1/delegations/?start_after=yesterday", "start_after"),
        ("/api/v1/expenditures/?country=XX", "country"),
        ("/api/v1/activities/?partner_unit=-1", "partner_unit"),
        ("/api/v1/expenditures/?ordering=secret", "ordering"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert field in response.json(), url


def test_unknown_field_is_400_not_silently_dropped(users, worked_example, api_client):
    w = worked_example
    body = {**new_record("delegations", w), "partner_unit": w["krt"].pk}  # a typo for partner_units
    response = api_client(users["staff"]).post("/api/v1/delegations/", body, format="json")
    assert response.status_code == 400
    assert "partner_unit" in response.json()
