"""Every resource of /api/v1/: list, retrieve, create, update (PUT and PATCH), delete, field names of docs/API.md."""

import pytest

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

FIELDS = {
    "commands": {
        "id", "code", "name", "name_en", "level", "parent", "province_name", "is_border", "border_countries",
        "valid_from", "valid_until", "successor", "sort_order", "latitude", "longitude", "version",
    },
    "partner-units": {"id", "code", "name", "name_en", "name_original", "aliases", "country", "province_name",
                      "level", "parent", "latitude", "longitude", "version"},
    "agreements": {
        "id", "reference", "title", "kind", "command", "partner_unit", "signed_on", "valid_from", "valid_until",
        "terminated_on", "renews", "status", "signatory_vn_name", "signatory_vn_rank", "signatory_vn_title",
        "signatory_partner_name", "signatory_partner_rank", "signatory_partner_title", "our_signatory_person",
        "partner_signatory_person", "notes", "version",
    },
    "delegations": {
        "id", "direction", "purpose", "command", "partner_units", "country", "leader_name", "leader_rank",
        "leader_title", "leader_person", "member_count", "members", "start_date", "end_date", "location",
        "agreement", "status", "notes", "approval_reference", "approved_on", "report_due_on", "reported_on",
        "version",
    },
    "activities": {
        "id", "kind", "title", "command", "partner_units", "start_date", "end_date", "participant_count",
        "location", "status", "notes", "remains_found", "remains_repatriated", "version",
    },
    "expenditures": {
        "id", "date", "command", "partner_unit", "beneficiary", "category", "funding_source", "amount_vnd",
        "currency", "amount_original", "exchange_rate", "agreement", "delegation", "activity", "voucher",
        "description", "version",
    },
}  # fmt: skip

MODELS = {
    "commands": Command,
    "partner-units": PartnerUnit,
    "agreements": Agreement,
    "delegations": Delegation,
    "activities": Activity,
    "expenditures": Expenditure,
}


def new_record(resource, w):
    """A valid body for a new record of ``resource`` (the worked example's units)."""
    return {
        "commands": {"code": "BP-BD", "name": "Ban CHQS huyện Bù Đốp", "level": "district", "parent": w["bp"].pk},
        "partner-units": {"code": "KH-KRT-CS", "name": "Chi khu quân sự Chhloung", "country": "KH",
                          "level": "district", "parent": w["krt"].pk},
        "agreements": {"title": "Kế hoạch hợp tác năm 2023", "kind": "annual_plan", "command": w["bp"].pk,
                       "partner_unit": w["mdk"].pk, "signed_on": "2023-01-10", "valid_until": "2023-12-31"},
        "delegations": {"direction": "inbound", "purpose": "courtesy", "command": w["bp_ln"].pk,
                        "partner_units": [w["snl"].pk, w["krt"].pk], "country": "KH", "member_count": 12,
                        "start_date": "2023-02-01", "end_date": "2023-02-03", "leader_name": "Đại tá Sok Phal"},
        "activities": {"kind": "border_meeting", "title": "Giao ban quý I/2023", "command": w["bp_ln"].pk,
                       "partner_units": [w["snl"].pk], "start_date": "2023-03-15", "end_date": "2023-03-15"},
        "expenditures": {"date": "2023-04-10", "command": w["bp"].pk, "partner_unit": w["krt"].pk,
                         "category": "gifts", "funding_source": "province", "amount_vnd": 50_000_000,
                         "beneficiary": "Cán bộ Tiểu khu Quân sự Kratie nhân Tết Chol Chnam Thmay"},
    }[resource]  # fmt: skip


def existing(resource, w):
    return {
        "commands": w["bp_ln"],
        "partner-units": w["snl"],
        "agreements": w["p3"],
        "delegations": w["d2"],
        "activities": w["t1"],
        "expenditures": w["s1"],
    }[resource]


CHANGE = {
    "commands": ("name", "Ban CHQS huyện Lộc Ninh (cũ)"),
    "partner-units": ("name_en", "Snuol District Military Sector"),
    "agreements": ("notes", "Gia hạn tự động"),
    "delegations": ("member_count", 9),
    "activities": ("title", "Giao ban quý III/2022"),
    "expenditures": ("voucher", "PC-2022-017"),
}

RESOURCES = list(MODELS)


def writer(resource, users):
    """Commands are written by administrators; everything else also by staff of the scope."""
    return users["admin"] if resource == "commands" else users["staff"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_is_paginated_with_spec_fields(resource, users, api_client):
    response = api_client(users["admin"]).get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == MODELS[resource].objects.count()
    assert set(body["results"][0]) == FIELDS[resource]
    assert all(isinstance(row["id"], int) for row in body["results"])


@pytest.mark.parametrize("resource", RESOURCES)
def test_retrieve_gives_ids_and_iso_dates(resource, users, worked_example, api_client):
    record = existing(resource, worked_example)
    response = api_client(users["staff"]).get(f"/api/v1/{resource}/{record.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == record.pk
    assert body["version"] == record.version
    if "command" in body and resource != "commands":
        assert body["command"] == record.command_id


def test_retrieve_shapes(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    agreement = client.get(f"/api/v1/agreements/{w['p2'].pk}/").json()
    assert agreement["signed_on"] == "2022-01-15"
    assert agreement["valid_from"] == "2022-01-15"
    assert agreement["status"] == "expired"
    assert agreement["partner_unit"] == w["mdk"].pk
    delegation = client.get(f"/api/v1/delegations/{w['d1'].pk}/").json()
    assert delegation["partner_units"] == [w["krt"].pk]
    support = client.get(f"/api/v1/expenditures/{w['s2'].pk}/").json()
    assert support["amount_vnd"] == 23_500_500
    assert support["currency"] == "USD"
    assert support["amount_original"] == "1000.00"
    assert support["exchange_rate"] == "23500.500000"


@pytest.mark.parametrize("resource", RESOURCES)
def test_create(resource, users, worked_example, api_client):
    body = new_record(resource, worked_example)
    response = api_client(writer(resource, users)).post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["version"] == 1
    record = MODELS[resource].objects.get(pk=created["id"])
    for field, value in body.items():
        if field == "partner_units":
            assert sorted(record.partner_units.values_list("pk", flat=True)) == sorted(value)
            assert sorted(created[field]) == sorted(value)
        else:
            assert created[field] == value


def test_create_agreement_defaults_valid_from_and_derives_status(users, worked_example, api_client):
    body = new_record("agreements", worked_example)
    created = api_client(users["staff"]).post("/api/v1/agreements/", body, format="json").json()
    assert created["valid_from"] == "2023-01-10"
    assert created["status"] == "expired"


def test_create_foreign_currency_support_computes_vnd(users, worked_example, api_client):
    body = {**new_record("expenditures", worked_example), "currency": "USD", "amount_original": "250.50",
            "exchange_rate": "25400.25"}  # fmt: skip
    del body["amount_vnd"]
    response = api_client(users["staff"]).post("/api/v1/expenditures/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount_vnd"] == 6_362_763  # 250.50 × 25,400.25 = 6,362,762.625 → half up


@pytest.mark.parametrize("resource", RESOURCES)
def test_update_put_and_patch(resource, users, worked_example, api_client):
    record = existing(resource, worked_example)
    client = api_client(writer(resource, users))
    url = f"/api/v1/{resource}/{record.pk}/"
    field, value = CHANGE[resource]
    response = client.patch(url, {field: value}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()[field] == value
    assert response.json()["version"] == record.version + 1

    full = client.get(url).json()
    full.pop("status", None) if resource == "agreements" else None
    full[field] = value
    response = client.put(url, full, format="json")
    assert response.status_code == 200, response.json()
    record.refresh_from_db()
    assert getattr(record, field) == value
    assert record.version == 3


def test_update_partner_units_replaces_the_set(users, worked_example, api_client):
    w = worked_example
    url = f"/api/v1/activities/{w['t1'].pk}/"
    response = api_client(users["staff"]).patch(url, {"partner_units": [w["krt"].pk, w["krt"].pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert list(w["t1"].partner_units.values_list("pk", flat=True)) == [w["krt"].pk]


def test_update_foreign_currency_recomputes_vnd_when_omitted(users, worked_example, api_client):
    w = worked_example
    url = f"/api/v1/expenditures/{w['s2'].pk}/"
    response = api_client(users["staff"]).patch(url, {"exchange_rate": "24000"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["amount_vnd"] == 24_000_000


@pytest.mark.parametrize("resource", RESOURCES)
def test_delete(resource, users, worked_example, api_client):
    created = MODELS[resource].objects.get(
        pk=api_client(users["superuser"]).post(f"/api/v1/{resource}/", new_record(resource, worked_example),
                                               format="json").json()["id"]
    )  # fmt: skip
    response = api_client(writer(resource, users)).delete(f"/api/v1/{resource}/{created.pk}/")
    assert response.status_code == 204
    assert not MODELS[resource].objects.filter(pk=created.pk).exists()
