"""``/api/v1/plans/``: an annual plan with its targets, written in one request (all or nothing), per role and scope;
its approved targets in the yearly report."""

import pytest

from events.models import AnnualPlan, PlanTarget

URL = "/api/v1/plans/"


def plan_body(w, **overrides):
    body = {
        "command": w["bp"].pk,
        "year": 2023,
        "reference": "123/KH-BCH",
        "approved_on": "2023-01-05",
        "approved_by": "Bộ Tư lệnh Quân khu 7",
        "notes": "Kế hoạch đối ngoại quốc phòng năm 2023",
        "targets": [
            {"metric": "delegations_inbound", "target": 4},
            {"metric": "activities", "activity_kind": "border_meeting", "partner_unit": w["krt"].pk, "target": 12},
            {"metric": "expenditure_vnd", "target": 500_000_000, "note": "Quà tặng dịp Tết"},
        ],
    }
    body.update(overrides)
    return body


def targets_of(response):
    return sorted(
        (t["metric"], t["activity_kind"], t["partner_unit"], t["target"], t["note"]) for t in response.json()["targets"]
    )


@pytest.mark.django_db
def test_staff_creates_a_plan_with_its_targets_in_one_request(users, worked_example, api_client):
    w = worked_example
    response = api_client(users["staff"]).post(URL, plan_body(w), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert isinstance(body["id"], int) and body["version"] == 1
    assert body["year"] == 2023 and body["command"] == w["bp"].pk and body["approved_on"] == "2023-01-05"
    assert targets_of(response) == [
        ("activities", "border_meeting", w["krt"].pk, 12, ""),
        ("delegations_inbound", "", None, 4, ""),
        ("expenditure_vnd", "", None, 500_000_000, "Quà tặng dịp Tết"),
    ]
    assert all(isinstance(t["id"], int) for t in body["targets"])
    assert PlanTarget.objects.filter(plan_id=body["id"]).count() == 3

    fetched = api_client(users["analyst"]).get(f"{URL}{body['id']}/")
    assert fetched.status_code == 200
    assert targets_of(fetched) == targets_of(response)


@pytest.mark.django_db
def test_an_invalid_target_writes_nothing(users, worked_example, api_client):
    w = worked_example
    body = plan_body(w)
    body["targets"][0]["activity_kind"] = "border_meeting"  # on delegations_inbound: refused
    plans, targets = AnnualPlan.objects.count(), PlanTarget.objects.count()
    response = api_client(users["staff"]).post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()["targets"]
    assert errors.keys() == {"0"} and errors["0"]["activity_kind"] == [
        "Loại hoạt động chỉ dùng cho chỉ tiêu hoạt động."
    ]
    assert (AnnualPlan.objects.count(), PlanTarget.objects.count()) == (plans, targets)


@pytest.mark.django_db
def test_bad_values_are_400_per_field(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    body = plan_body(w, targets=[{"metric": "delegations_inbound", "target": 0}, {"metric": "hugs", "target": 1}])
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()["targets"]
    assert "target" in errors["0"] and "metric" in errors["1"]

    twice = plan_body(w, targets=[{"metric": "activities", "target": 2}, {"metric": "activities", "target": 3}])
    assert "targets" in client.post(URL, twice, format="json").json()

    late = client.post(URL, plan_body(w, approved_on="2024-02-01"), format="json")
    assert late.status_code == 400 and "approved_on" in late.json()
    assert client.post(URL, plan_body(w, year="năm nay"), format="json").json().keys() == {"year"}
    assert not AnnualPlan.objects.exists()


@pytest.mark.django_db
def test_a_second_plan_for_the_same_command_and_year_is_refused(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    assert client.post(URL, plan_body(w), format="json").status_code == 201
    again = client.post(URL, plan_body(w, reference="999/KH"), format="json")
    assert again.status_code == 400
    assert again.json()["year"] == ["Đơn vị này đã có kế hoạch của năm này: đồng chí hãy sửa kế hoạch đó."]
    assert AnnualPlan.objects.filter(command=w["bp"], year=2023).count() == 1


@pytest.mark.django_db
def test_put_replaces_the_targets_and_a_stale_version_is_refused(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    created = client.post(URL, plan_body(w), format="json").json()
    old_ids = {t["id"] for t in created["targets"]}
    body = plan_body(w, version=1, targets=[{"metric": "agreements_signed", "target": 2}])
    response = client.put(f"{URL}{created['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert targets_of(response) == [("agreements_signed", "", None, 2, "")]
    assert not PlanTarget.objects.filter(pk__in=old_ids).exists()

    # A PATCH without targets keeps them; a stale version is a 409 and changes nothing.
    kept = client.patch(f"{URL}{created['id']}/", {"notes": "Đã điều chỉnh"}, format="json")
    assert kept.status_code == 200 and targets_of(kept) == [("agreements_signed", "", None, 2, "")]
    stale = client.patch(f"{URL}{created['id']}/", {"version": 1, "targets": []}, format="json")
    assert stale.status_code == 409
    assert PlanTarget.objects.filter(plan_id=created["id"]).count() == 1

    # An invalid target in an update leaves the stored targets as they were.
    bad = client.patch(f"{URL}{created['id']}/", {"targets": [{"metric": "activities", "target": -1}]}, format="json")
    assert bad.status_code == 400
    assert list(PlanTarget.objects.filter(plan_id=created["id"]).values_list("metric", "target")) == [
        ("agreements_signed", 2)
    ]


@pytest.mark.django_db
def test_list_filters(users, worked_example, api_client):
    w = worked_example
    AnnualPlan.objects.create(command=w["bp"], year=2022, approved_on="2022-01-10")
    AnnualPlan.objects.create(command=w["bp_ln"], year=2022)
    AnnualPlan.objects.create(command=w["dn"], year=2023)
    client = api_client(users["superuser"])

    def years_and_codes(query):
        response = client.get(URL, query)
        assert response.status_code == 200, response.json()
        return sorted((p["year"], p["command"]) for p in response.json()["results"])

    assert years_and_codes({"command": w["bp"].pk}) == [(2022, w["bp"].pk), (2022, w["bp_ln"].pk)]
    assert years_and_codes({"year": 2023}) == [(2023, w["dn"].pk)]
    assert years_and_codes({"approved": "true"}) == [(2022, w["bp"].pk)]
    assert years_and_codes({"approved": "false", "year": 2022}) == [(2022, w["bp_ln"].pk)]
    assert client.get(URL, {"year": "abc"}).status_code == 400


@pytest.mark.django_db
def test_scope_and_roles(users, worked_example, api_client):
    w = worked_example
    plan = AnnualPlan.objects.create(command=w["bp"], year=2022)
    other = api_client(users["other_staff"])
    assert other.get(f"{URL}{plan.pk}/").status_code == 404
    assert other.get(URL).json()["results"] == []
    assert other.patch(f"{URL}{plan.pk}/", {"notes": "x"}, format="json").status_code == 404
    assert other.delete(f"{URL}{plan.pk}/").status_code == 404

    outside = other.post(URL, plan_body(w), format="json")
    assert outside.status_code == 400
    assert outside.json()["command"] == ["Đồng chí chỉ được nhập dữ liệu của đơn vị mình và các đơn vị trực thuộc."]

    assert api_client(users["analyst"]).post(URL, plan_body(w), format="json").status_code == 403
    assert api_client(users["commander"]).delete(f"{URL}{plan.pk}/").status_code == 403
    assert api_client(users["analyst"]).get(f"{URL}{plan.pk}/").status_code == 200
    assert api_client(users["nobody"]).get(URL).status_code == 403
    assert api_client().get(URL).status_code == 401
    assert api_client().post(URL, plan_body(w), format="json").status_code == 401
    assert AnnualPlan.objects.count() == 1

    assert api_client(users["staff"]).delete(f"{URL}{plan.pk}/").status_code == 204
    assert not AnnualPlan.objects.exists()


@pytest.mark.django_db
def test_only_an_approved_plan_counts_in_the_yearly_report(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    report = "/api/v1/reports/yearly/"

    draft = plan_body(w, year=2022, approved_on=None, targets=[{"metric": "delegations_inbound", "target": 2}])
    created = client.post(URL, draft, format="json")
    assert created.status_code == 201, created.json()
    body = client.get(report, {"year": 2022, "command": w["bp"].pk}).json()
    assert "delegations_inbound" not in body["totals"].get("plan", {})

    approved = client.patch(f"{URL}{created.json()['id']}/", {"approved_on": "2022-01-20"}, format="json")
    assert approved.status_code == 200, approved.json()
    body = client.get(report, {"year": 2022, "command": w["bp"].pk}).json()
    assert body["totals"]["plan"]["delegations_inbound"] == 2
    own = [row for row in body["rows"] if row["command"] == w["bp"].pk]
    assert own and own[0]["plan"]["delegations_inbound"] == 2


def test_the_api_root_lists_plans(api_client, users):
    assert api_client(users["analyst"]).get("/api/v1/").json()["plans"].endswith("/api/v1/plans/")
