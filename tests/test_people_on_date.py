"""``?partner_unit=ID&on=DATE`` (and ``command=ID``): who held a post in that unit that day, exact at the boundaries."""

import pytest

from tests.people_helpers import add_people

URL = "/api/v1/persons/"


def names(response):
    assert response.status_code == 200, response.json()
    return sorted(p["name"] for p in response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day, expected",
    [
        ("2014-12-31", []),  # the day before Sok Samnang's first day
        ("2015-01-01", ["Sok Samnang"]),  # his first day
        ("2022-06-30", ["Sok Samnang"]),  # his last day
        ("2022-07-01", ["Chea Dara"]),  # his successor's first day
        ("2030-01-01", ["Chea Dara"]),  # still in the post (no last day)
    ],
)
def test_who_held_a_post_in_a_partner_unit_on_a_day(users, worked_example, api_client, day, expected):
    w = worked_example
    add_people(w)
    response = api_client(users["other_analyst"]).get(URL, {"partner_unit": w["krt"].pk, "on": day})
    assert names(response) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unit, day, expected",
    [
        ("bp", "2021-12-31", ["Nguyễn Văn An"]),
        ("bp", "2022-01-01", ["Trần Văn Bình"]),
        ("bp", "2025-06-30", ["Trần Văn Bình"]),  # BP's last day
        ("bp", "2025-07-01", []),  # a post ends with its command (merged into Đồng Nai)
        ("dn", "2025-07-01", ["Trần Văn Bình"]),
    ],
)
def test_who_held_a_post_in_a_command_on_a_day(users, worked_example, api_client, unit, day, expected):
    w = worked_example
    add_people(w)
    response = api_client(users["admin"]).get(URL, {"command": w[unit].pk, "on": day})
    assert names(response) == expected


@pytest.mark.django_db
def test_without_a_day_everyone_who_ever_held_a_post_there(users, worked_example, api_client):
    w = worked_example
    add_people(w)
    response = api_client(users["analyst"]).get(URL, {"partner_unit": w["krt"].pk})
    assert names(response) == ["Chea Dara", "Sok Samnang"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["tran van binh", "TRẦN văn", "សំណាង", "sok"])
def test_search_by_name_or_original_script_accents_aside(users, worked_example, api_client, query):
    w = worked_example
    add_people(w)
    found = names(api_client(users["analyst"]).get(URL, {"q": query}))
    assert found == (["Sok Samnang"] if query in ("សំណាង", "sok") else ["Trần Văn Bình"])


@pytest.mark.django_db
def test_a_bad_day_or_unit_is_a_400(users, worked_example, api_client):
    client = api_client(users["analyst"])
    assert client.get(URL, {"on": "31/02/2022"}).status_code == 400
    assert client.get(URL, {"partner_unit": "abc"}).status_code == 400


@pytest.mark.django_db
def test_the_people_page_answers_the_same(client, users, worked_example):
    w = worked_example
    add_people(w)
    client.force_login(users["analyst"])
    response = client.get("/persons/", {"partner_unit": w["krt"].pk, "on": "30/06/2022"})
    assert response.status_code == 200
    assert [p.name for p in response.context["object_list"]] == ["Sok Samnang"]
    assert "Chea Dara" not in response.content.decode()
