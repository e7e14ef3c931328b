"""``/api/v1/persons/``: a person with their positions, written in one request (all or nothing), with clear 400s."""

import pytest

from partnerships.models import Person, Position
from tests.people_helpers import add_people

URL = "/api/v1/persons/"


def body(w, **overrides):
    first = {"partner_unit": w["krt"].pk, "title": "Phó Chỉ huy trưởng", "rank": "Đại tá"}
    second = {"partner_unit": w["snl"].pk, "title": "Chỉ huy trưởng", "rank": "Thiếu tướng"}
    data = {
        "name": "Hun Manet",
        "name_original": "ហ៊ុន ម៉ាណែត",
        "side": "partner",
        "notes": "Gặp tại lễ ký kết",
        "positions": [
            {**first, "valid_from": "2018-01-01", "valid_until": "2021-12-31"},
            {**second, "valid_from": "2022-01-01"},
        ],
    }
    data.update(overrides)
    return data


def posts(response):
    return sorted(
        (p["partner_unit"] or p["command"], p["title"], p["valid_from"]) for p in response.json()["positions"]
    )


@pytest.mark.django_db
def test_staff_creates_a_person_with_positions_in_one_request(users, worked_example, api_client):
    w = worked_example
    response = api_client(users["staff"]).post(URL, body(w), format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["name"] == "Hun Manet" and created["name_original"] == "ហ៊ុន ម៉ាណែត" and created["version"] == 1
    assert posts(response) == [
        (w["krt"].pk, "Phó Chỉ huy trưởng", "2018-01-01"),
        (w["snl"].pk, "Chỉ huy trưởng", "2022-01-01"),
    ]
    assert all(isinstance(p["id"], int) for p in created["positions"])

    fetched = api_client(users["other_analyst"]).get(f"{URL}{created['id']}/")  # partner side: every scope
    assert fetched.status_code == 200 and posts(fetched) == posts(response)


@pytest.mark.django_db
def test_an_invalid_position_saves_nothing_and_says_which_and_why(users, worked_example, api_client):
    w = worked_example
    data = body(w)
    data["positions"][1]["valid_until"] = "2021-01-01"  # before its first day
    response = api_client(users["staff"]).post(URL, data, format="json")
    assert response.status_code == 400
    errors = response.json()["positions"]
    assert list(errors) == ["1"] and list(errors["1"]) == ["valid_until"]  # by index, only the position in error
    assert not Person.objects.filter(name="Hun Manet").exists() and not Position.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, field",
    [
        ({"command": "BP"}, "command"),  # a partner-side person holds no post in our commands
        ({"partner_unit": None}, "command"),  # no unit at all
        ({"title": ""}, "title"),
        ({"valid_from": "01/01/2018"}, "valid_from"),
        ({"level": "x"}, "level"),  # unknown field
    ],
)
def test_each_bad_position_is_a_400_on_its_field(users, worked_example, api_client, change, field):
    w = worked_example
    data = body(w)
    if change.get("command") == "BP":
        change = {"command": w["bp"].pk}
    data["positions"][0].update(change)
    response = api_client(users["staff"]).post(URL, data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["positions"]["0"], response.json()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_person_needs_a_position_and_a_post_in_the_users_scope(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    response = client.post(URL, body(w, positions=[]), format="json")
    assert response.status_code == 400 and "positions" in response.json()
    in_dn = {"command": w["dn"].pk, "title": "Chỉ huy trưởng", "valid_from": "2025-07-01"}
    ours = body(w, side="ours", positions=[in_dn])
    response = client.post(URL, ours, format="json")  # Đồng Nai is outside Bình Phước's subtree
    assert response.status_code == 400 and "command" in response.json()["positions"]["0"]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_update_changes_adds_and_deletes_positions_all_or_nothing(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    created = client.post(URL, body(w), format="json").json()
    first, second = sorted(created["positions"], key=lambda p: p["valid_from"])
    update = {
        "version": created["version"],
        "positions": [
            {**first, "valid_until": "2021-06-30"},  # changed (same id)
            {"partner_unit": w["mdk"].pk, "title": "Chỉ huy trưởng", "valid_from": "2023-01-01"},  # added
        ],  # the second is left out: deleted
    }
    response = client.patch(f"{URL}{created['id']}/", update, format="json")
    assert response.status_code == 200, response.json()
    stored = Position.objects.filter(person_id=created["id"])
    assert sorted((p.partner_unit.code, str(p.valid_until)) for p in stored) == [
        ("KH-KRT", "2021-06-30"),
        ("KH-MDK", "None"),
    ]
    assert stored.get(partner_unit=w["krt"]).pk == first["id"]  # the same row, changed in place

    added = {"partner_unit": w["snl"].pk, "title": "Phó", "valid_from": "2024-01-01"}
    bad = {"positions": [{**first, "valid_until": "2000-01-01"}, added]}
    response = client.patch(f"{URL}{created['id']}/", bad, format="json")
    assert response.status_code == 400 and list(response.json()["positions"]["0"]) == ["valid_until"]
    assert sorted(p.partner_unit.code for p in Position.objects.filter(person_id=created["id"])) == ["KH-KRT", "KH-MDK"]

    unknown = {"positions": [{"id": 999999, "partner_unit": w["krt"].pk, "title": "X", "valid_from": "2020-01-01"}]}
    response = client.patch(f"{URL}{created['id']}/", unknown, format="json")
    assert response.status_code == 400 and "id" in response.json()["positions"]["0"]


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    created = client.post(URL, body(w), format="json").json()
    assert client.patch(f"{URL}{created['id']}/", {"notes": "a", "version": 1}, format="json").status_code == 200
    response = client.patch(f"{URL}{created['id']}/", {"notes": "b", "version": 1}, format="json")
    assert response.status_code == 409


@pytest.mark.django_db
def test_positions_the_user_may_not_see_are_kept_on_update(users, worked_example, api_client):
    """Trần Văn Bình held posts in BP and then in DN: BP's staff change his BP post, and his DN post stays."""
    w = worked_example
    people = add_people(w)
    client = api_client(users["staff"])
    shown = client.get(f"{URL}{people['binh'].pk}/").json()
    assert [p["command"] for p in shown["positions"]] == [w["bp"].pk]  # DN is outside BP's scope
    only_bp = {"positions": [{**shown["positions"][0], "rank": "Thiếu tướng"}]}
    response = client.patch(f"{URL}{people['binh'].pk}/", only_bp, format="json")
    assert response.status_code == 200, response.json()
    assert sorted((p.command.code, p.rank) for p in people["binh"].positions.all()) == [
        ("BP", "Thiếu tướng"),
        ("DN", "Đại tá"),
    ]


@pytest.mark.django_db
def test_readers_may_not_write_and_a_person_who_signed_cannot_be_deleted(users, worked_example, api_client):
    w = worked_example
    people = add_people(w)
    assert api_client(users["commander"]).post(URL, body(w), format="json").status_code == 403
    assert api_client(users["nobody"]).get(URL).status_code == 403
    assert api_client().get(URL).status_code == 401
    response = api_client(users["admin"]).delete(f"{URL}{people['sok'].pk}/")  # he signed P1 and led D1
    assert response.status_code == 409
    assert Person.objects.filter(pk=people["sok"].pk).exists()


@pytest.mark.django_db
def test_the_side_changes_only_with_positions_of_that_side(users, worked_example, api_client):
    w = worked_example
    client = api_client(users["staff"])
    created = client.post(URL, body(w), format="json").json()
    response = client.patch(f"{URL}{created['id']}/", {"side": "ours"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["side"]
    in_bp = {"command": w["bp"].pk, "title": "Trợ lý đối ngoại", "valid_from": "2023-01-01"}
    response = client.patch(f"{URL}{created['id']}/", {"side": "ours", "positions": [in_bp]}, format="json")
    assert response.status_code == 200, response.json()
    assert [p["command"] for p in response.json()["positions"]] == [w["bp"].pk]
