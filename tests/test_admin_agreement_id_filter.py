"""The agreements' changelist takes ``?id__in=`` (where the signing ceremony lands) with ids only: anything else,
or a number past the id column, is Django's 400 for a refused lookup, never a 500; and it never widens a scope."""

import pytest

URL = "/admin/partnerships/agreement/"


@pytest.fixture
def ids(worked_example):
    w = worked_example
    return ",".join(str(a.pk) for a in (w["p1"], w["p2"], w["p3"]))


def test_the_ceremonys_ids_list_the_new_agreements(client, users, ids):
    client.force_login(users["superuser"])
    response = client.get(URL, {"id__in": ids})
    assert response.status_code == 200
    assert {str(a.pk) for a in response.context["cl"].result_list} == set(ids.split(","))


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "1,x", "1;2", "-1"])
def test_anything_but_ids_is_a_400(client, users, worked_example, value):
    client.force_login(users["superuser"])
    assert client.get(URL, {"id__in": value}).status_code == 400


def test_ids_of_another_scope_list_nothing(client, users, ids):
    client.force_login(users["other_staff"])  # Tây Ninh's staff: the agreements are Bình Phước's
    response = client.get(URL, {"id__in": ids})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
