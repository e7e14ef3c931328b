"""Who sees which people (docs/SECURITY.md, "People"): the partner side every user with a scope; our side only
the users whose organisation holds one of their posts; of a person, only the posts the user may see."""

import pytest
from django.urls import reverse

from tests.people_helpers import add_people

URL = "/api/v1/persons/"
PARTNERS = ["Chea Dara", "Sok Samnang"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, ours",
    [
        ("analyst", ["Nguyễn Văn An", "Trần Văn Bình"]),  # Bình Phước
        ("successor_analyst", ["Nguyễn Văn An", "Trần Văn Bình"]),  # Đồng Nai answers for BP since the merger
        ("other_analyst", ["Lê Văn Cường"]),  # Tây Ninh
        ("admin", ["Lê Văn Cường", "Nguyễn Văn An", "Trần Văn Bình"]),
    ],
)
def test_each_user_sees_the_partner_side_and_the_people_of_their_organisation(
    users, worked_example, api_client, client, who, ours
):
    add_people(worked_example)
    response = api_client(users[who]).get(URL)
    assert sorted(p["name"] for p in response.json()["results"]) == sorted(ours + PARTNERS)
    client.force_login(users[who])
    page = client.get(reverse("person-list"))
    assert sorted(p.name for p in page.context["object_list"]) == sorted(ours + PARTNERS)


@pytest.mark.django_db
def test_another_organisations_officer_is_not_found_anywhere(users, worked_example, api_client, client):
    people = add_people(worked_example)
    refused = users["other_analyst"]  # Tây Ninh: Nguyễn Văn An only ever served in Bình Phước
    assert api_client(refused).get(f"{URL}{people['an'].pk}/").status_code == 404
    client.force_login(refused)
    assert client.get(reverse("person-detail", args=[people["an"].pk])).status_code == 404
    assert client.get(reverse("person-list"), {"q": "Nguyen Van An"}).context["object_list"] == []
    # Asked about Bình Phước on a day An held the post there: his post is not Tây Ninh's to see.
    response = api_client(refused).get(URL, {"command": worked_example["bp"].pk, "on": "2018-01-01"})
    assert response.json()["results"] == []

    allowed = users["analyst"]
    assert api_client(allowed).get(f"{URL}{people['an'].pk}/").status_code == 200


@pytest.mark.django_db
def test_a_user_without_a_scope_sees_nobody(users, worked_example, client):
    people = add_people(worked_example)
    client.force_login(users["nobody"])
    assert client.get(reverse("person-detail", args=[people["sok"].pk])).status_code == 404
    assert list(client.get(reverse("person-list")).context["object_list"]) == []


@pytest.mark.django_db
def test_a_person_shows_only_the_posts_the_user_may_see(users, worked_example, api_client):
    w = worked_example
    people = add_people(w)
    binh = people["binh"].pk
    seen_by_bp = api_client(users["analyst"]).get(f"{URL}{binh}/").json()["positions"]
    seen_by_dn = api_client(users["successor_analyst"]).get(f"{URL}{binh}/").json()["positions"]
    assert [p["command"] for p in seen_by_bp] == [w["bp"].pk]  # a BP user's scope is BP's subtree
    assert sorted(p["command"] for p in seen_by_dn) == sorted([w["bp"].pk, w["dn"].pk])


@pytest.mark.django_db
def test_staff_may_not_link_a_record_to_a_person_they_may_not_see(users, worked_example, api_client):
    w = worked_example
    people = add_people(w)
    tn_staff = api_client(users["other_staff"])
    agreement = {
        "title": "Kết nghĩa",
        "kind": "twinning",
        "command": users["other_staff"].profile.command_id,
        "partner_unit": w["krt"].pk,
        "signed_on": "2024-01-10",
        "our_signatory_person": people["an"].pk,
    }
    response = tn_staff.post("/api/v1/agreements/", agreement, format="json")
    assert response.status_code == 400 and "our_signatory_person" in response.json()
    agreement["our_signatory_person"] = people["cuong"].pk
    agreement["partner_signatory_person"] = people["cuong"].pk  # our side in the partner's place
    response = tn_staff.post("/api/v1/agreements/", agreement, format="json")
    assert response.status_code == 400 and list(response.json()) == ["partner_signatory_person"]
    agreement["partner_signatory_person"] = people["chea"].pk
    response = tn_staff.post("/api/v1/agreements/", agreement, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["signatory_vn_name"] == "Lê Văn Cường"  # the name taken from the person
