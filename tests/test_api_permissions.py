"""Who may do what over the API: 401 without login, 403 without write rights, 404 outside the scope,
400 for a write naming a command outside the scope, 409 for a protected delete and for a stale version."""

import pytest

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit

RECORDS = {"agreements": "p1", "delegations": "d1", "activities": "t2", "expenditures": "s1"}
UNITS = {"commands": "bp_ln", "partner-units": "snl"}


@pytest.mark.parametrize("resource", [*RECORDS, *UNITS])
def test_anonymous_gets_401_with_token_challenge(resource, worked_example, api_client):
    client = api_client()
    response = client.get(f"/api/v1/{resource}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.post(f"/api/v1/{resource}/", {}, format="json").status_code == 401


def test_bad_token_is_401(worked_example, api_client):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/agreements/").status_code == 401


def test_session_login_works_too(users, client):
    client.force_login(users["analyst"])
    assert client.get("/api/v1/agreements/").status_code == 200


@pytest.mark.parametrize("role", ["commander", "analyst"])
@pytest.mark.parametrize("resource", [*RECORDS, *UNITS])
def test_read_only_roles_read_but_get_403_on_writes(role, resource, users, worked_example, api_client):
    client = api_client(users[role])
    record = worked_example[{**RECORDS, **UNITS}[resource]]
    assert client.get(f"/api/v1/{resource}/").status_code == 200
    assert client.get(f"/api/v1/{resource}/{record.pk}/").status_code == 200
    assert client.post(f"/api/v1/{resource}/", {}, format="json").status_code == 403
    assert client.patch(f"/api/v1/{resource}/{record.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/{resource}/{record.pk}/").status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def test_staff_may_not_write_commands(users, worked_example, api_client):
    client = api_client(users["staff"])
    bp_ln = worked_example["bp_ln"]
    assert client.get(f"/api/v1/commands/{bp_ln.pk}/").status_code == 200
    assert client.patch(f"/api/v1/commands/{bp_ln.pk}/", {"name": "x"}, format="json").status_code == 403
    body = {"code": "X", "name": "X", "level": "unit"}
    assert client.post("/api/v1/commands/", body, format="json").status_code == 403
    assert client.delete(f"/api/v1/commands/{bp_ln.pk}/").status_code == 403


def test_staff_may_write_partner_units(users, worked_example, api_client):
    body = {"code": "LA-ATP", "name": "Bộ Chỉ huy Quân sự tỉnh Attapeu", "country": "LA", "level": "province"}
    response = api_client(users["staff"]).post("/api/v1/partner-units/", body, format="json")
    assert response.status_code == 201


def test_user_without_role_gets_403_on_records_but_reads_units(users, worked_example, api_client):
    client = api_client(users["nobody"])
    assert client.get("/api/v1/agreements/").status_code == 403
    assert client.get("/api/v1/commands/").status_code == 200
    assert client.get("/api/v1/partner-units/").status_code == 200


@pytest.mark.parametrize("resource", list(RECORDS))
def test_other_scope_lists_nothing_and_gets_404(resource, users, worked_example, api_client):
    client = api_client(users["other_staff"])
    record = worked_example[RECORDS[resource]]
    assert client.get(f"/api/v1/{resource}/").json()["count"] == 0
    assert client.get(f"/api/v1/{resource}/{record.pk}/").status_code == 404
    assert client.patch(f"/api/v1/{resource}/{record.pk}/", {}, format="json").status_code == 404
    assert client.delete(f"/api/v1/{resource}/{record.pk}/").status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


def test_district_staff_sees_only_its_subtree(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["district_staff"])
    ids = [row["id"] for row in client.get("/api/v1/agreements/").json()["results"]]
    assert ids == [w["p3"].pk]
    assert client.get(f"/api/v1/agreements/{w['p1'].pk}/").status_code == 404


def test_units_are_readable_by_every_role(users, worked_example, api_client):
    assert api_client(users["other_analyst"]).get("/api/v1/commands/").json()["count"] == Command.objects.count()


@pytest.mark.parametrize(
    ("resource", "body"),
    [
        ("agreements", {"title": "Kết nghĩa", "kind": "twinning", "partner_unit": "krt"}),
        (
            "delegations",
            {"direction": "inbound", "purpose": "working", "country": "KH", "member_count": 5,
             "start_date": "2023-01-01", "end_date": "2023-01-02"},
        ),
        ("activities", {"kind": "exchange", "title": "Giao lưu", "start_date": "2023-01-01", "end_date": "2023-01-01"}),
        ("expenditures", {"date": "2023-01-01", "category": "gifts", "funding_source": "unit", "amount_vnd": 1000}),
    ],
)  # fmt: skip
def test_create_naming_a_command_outside_the_scope_is_400_on_command(resource, body, users, worked_example,
                                                                     api_client):  # fmt: skip
    w = worked_example
    body = {key: w[value].pk if value == "krt" else value for key, value in body.items()}
    model = {"agreements": Agreement, "delegations": Delegation, "activities": Activity, "expenditures": Expenditure}
    before = model[resource].objects.count()
    client = api_client(users["staff"])
    response = client.post(f"/api/v1/{resource}/", {**body, "command": w["dn"].pk}, format="json")
    assert response.status_code == 400
    assert "command" in response.json()
    assert model[resource].objects.count() == before
    assert client.post(f"/api/v1/{resource}/", {**body, "command": w["bp_ln"].pk}, format="json").status_code == 201


def test_update_moving_a_record_out_of_scope_is_400(users, worked_example, api_client):
    w = worked_example
    response = api_client(users["staff"]).patch(
        f"/api/v1/delegations/{w['d1'].pk}/", {"command": w["dn"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "command" in response.json()
    w["d1"].refresh_from_db()
    assert w["d1"].command == w["bp"]


def test_links_to_records_of_another_scope_are_refused(users, worked_example, api_client):
    from tests import factories as f

    w = worked_example
    other = f.agreement(w["dn"], w["mdk"], "cooperation", None)
    response = api_client(users["staff"]).patch(
        f"/api/v1/expenditures/{w['s1'].pk}/", {"agreement": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert "agreement" in response.json()


@pytest.mark.parametrize(
    ("resource", "key", "blocker"),
    [
        ("partner-units", "krt", "agreements"),
        ("partner-units", "snl", "delegation"),
        ("commands", "bp", "children"),
        ("agreements", "p1", None),
    ],
)
def test_deleting_a_record_others_depend_on_is_409_and_deletes_nothing(
    resource, key, blocker, users, worked_example, api_client
):
    w = worked_example
    record = w[key]
    if resource == "agreements":
        w["d1"].agreement = record
        w["d1"].save()
    counts = [m.objects.count() for m in (Command, PartnerUnit, Agreement, Delegation, Activity, Expenditure)]
    response = api_client(users["admin"]).delete(f"/api/v1/{resource}/{record.pk}/")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert [m.objects.count() for m in (Command, PartnerUnit, Agreement, Delegation, Activity, Expenditure)] == counts


def test_deleting_a_partner_unit_only_used_by_a_delegation_is_409(users, worked_example, api_client):
    from tests import factories as f

    w = worked_example
    unit = f.partner("LA-SKV", "Bộ CHQS tỉnh Savannakhet", country="LA")
    delegation = f.delegation(w["bp"], w["d1"].start_date, partners=[unit], country="LA")
    response = api_client(users["staff"]).delete(f"/api/v1/partner-units/{unit.pk}/")
    assert response.status_code == 409
    assert PartnerUnit.objects.filter(pk=unit.pk).exists()
    assert list(delegation.partner_units.all()) == [unit]


def test_stale_version_is_409_and_changes_nothing(users, worked_example, api_client):
    w = worked_example
    url = f"/api/v1/agreements/{w['p1'].pk}/"
    alice, bob = api_client(users["staff"]), api_client(users["admin"])
    read_by_alice = alice.get(url).json()
    read_by_bob = bob.get(url).json()
    first = bob.patch(url, {"notes": "Bob", "version": read_by_bob["version"]}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == read_by_bob["version"] + 1
    second = alice.patch(url, {"notes": "Alice", "version": read_by_alice["version"]}, format="json")
    assert second.status_code == 409
    assert "version" in second.json()
    w["p1"].refresh_from_db()
    assert (w["p1"].notes, w["p1"].version) == ("Bob", 2)


def test_stale_version_on_put_is_409(users, worked_example, api_client):
    w = worked_example
    url = f"/api/v1/activities/{w['t1'].pk}/"
    client = api_client(users["staff"])
    body = client.get(url).json()
    Activity.objects.filter(pk=w["t1"].pk).update(version=5)  # someone else saved meanwhile
    response = client.put(url, {**body, "title": "Giao ban"}, format="json")
    assert response.status_code == 409
    assert "version" in response.json()
    assert Activity.objects.get(pk=w["t1"].pk).title != "Giao ban"


def test_concurrent_save_between_read_and_write_is_409(users, worked_example, api_client, monkeypatch):
    """The check and the increment are one UPDATE: a save landing after validation still loses nothing."""
    from dnqp.api import mixins

    w = worked_example
    original = mixins.ModelRulesSerializer.validate

    def validate_then_someone_else_saves(self, attrs):
        attrs = original(self, attrs)
        Expenditure.objects.filter(pk=w["s1"].pk).update(version=2, voucher="PC-KHAC")
        return attrs

    monkeypatch.setattr(mixins.ModelRulesSerializer, "validate", validate_then_someone_else_saves)
    response = api_client(users["staff"]).patch(
        f"/api/v1/expenditures/{w['s1'].pk}/", {"voucher": "PC-001", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert Expenditure.objects.get(pk=w["s1"].pk).voucher == "PC-KHAC"
