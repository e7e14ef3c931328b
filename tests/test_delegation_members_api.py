"""A delegation's members (name, rank, title, person) are written nested with the delegation, all or nothing; its
leader may be a person of the side that travels; the decision and the report on an outbound trip travel along."""

import pytest

from events.models import Delegation, DelegationMember
from tests.people_helpers import add_people

URL = "/api/v1/delegations/"


def outbound(w, **overrides):
    data = {
        "direction": "outbound",
        "purpose": "working",
        "command": w["bp"].pk,
        "partner_units": [w["krt"].pk],
        "country": "KH",
        "member_count": 3,
        "start_date": "2024-05-06",
        "end_date": "2024-05-08",
        "approval_reference": "45/QĐ-BCH",
        "approved_on": "2024-04-25",
        "report_due_on": "2024-05-23",
        "members": [
            {"name": "Hoàng Văn Em", "rank": "Trung tá", "title": "Trưởng phòng Tham mưu"},
            {"name": "Vũ Văn Hải", "rank": "Thượng tá", "title": "Chính ủy"},
        ],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_members_are_written_with_the_delegation(users, worked_example, api_client):
    w = worked_example
    people = add_people(w)
    data = outbound(w, leader_person=people["binh"].pk)
    data["members"][1] = {"name": "", "rank": "Đại tá", "person": people["binh"].pk}  # the name from the person
    client = api_client(users["staff"])
    response = client.post(URL, data, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["leader_person"] == people["binh"].pk and created["leader_name"] == "Trần Văn Bình"
    assert [(m["name"], m["person"]) for m in created["members"]] == [
        ("Hoàng Văn Em", None),
        ("Trần Văn Bình", people["binh"].pk),
    ]
    assert (created["approval_reference"], created["report_due_on"]) == ("45/QĐ-BCH", "2024-05-23")

    replaced = client.patch(
        f"{URL}{created['id']}/", {"members": [{"name": "Đỗ Văn Giang"}], "reported_on": "2024-05-20"}, format="json"
    )
    assert replaced.status_code == 200, replaced.json()
    assert [m.name for m in DelegationMember.objects.filter(delegation_id=created["id"])] == ["Đỗ Văn Giang"]
    assert replaced.json()["reported_on"] == "2024-05-20"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"members": [{"name": ""}]}, "members"),  # no name and no person
        ({"members": [{"name": "A", "rank": "x" * 81}]}, "members"),
        ({"members": [{"name": "A", "age": 40}]}, "members"),  # unknown field
        ({"member_count": 1}, "members"),  # two listed, one counted
        ({"leader_person": "partner"}, "leader_person"),  # an outbound trip is led by our side
        ({"reported_on": "2024-05-01"}, "reported_on"),  # before the trip began
    ],
)
def test_a_bad_member_or_leader_saves_nothing(users, worked_example, api_client, change, field):
    w = worked_example
    people = add_people(w)
    if change.get("leader_person") == "partner":
        change = {"leader_person": people["sok"].pk}
    before = Delegation.objects.count()
    response = api_client(users["staff"]).post(URL, outbound(w, **change), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert Delegation.objects.count() == before and not DelegationMember.objects.filter(name="Hoàng Văn Em").exists()


@pytest.mark.django_db
def test_a_person_outside_the_scope_is_no_choice(users, worked_example, api_client):
    w = worked_example
    people = add_people(w)
    data = outbound(w, leader_person=people["cuong"].pk)  # Tây Ninh's commander: not visible to BP
    response = api_client(users["staff"]).post(URL, data, format="json")
    assert response.status_code == 400 and "leader_person" in response.json()


@pytest.mark.django_db
def test_lowering_the_count_below_the_listed_members_is_refused(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    created = client.post(URL, outbound(w), format="json").json()
    response = client.patch(f"{URL}{created['id']}/", {"member_count": 1}, format="json")
    assert response.status_code == 400 and "member_count" in response.json()
