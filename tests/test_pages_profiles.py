"""Profiles of a command and of a partner unit: all their records on one page, newest first, scoped."""

import pytest
from django.urls import reverse

from tests.pages_helpers import add_rows


def section_pks(response, key):
    return [obj.pk for obj in response.context["sections"][key]["rows"]]


def test_command_profile_lists_its_own_records_newest_first(client, users, worked_example):
    w = worked_example
    client.force_login(users["analyst"])
    response = client.get(reverse("command-detail", args=[w["bp"].pk]))
    assert response.status_code == 200
    assert section_pks(response, "agreements") == [w["p2"].pk, w["p1"].pk]
    assert section_pks(response, "delegations") == [w["d3"].pk, w["d1"].pk]  # 01/05 then 12/04
    assert section_pks(response, "activities") == [w["t2"].pk]
    assert section_pks(response, "expenditures") == [w["s1"].pk]
    content = response.content.decode()
    assert "Bộ CHQS tỉnh Đồng Nai" in content  # merged into
    assert "BP-LN" in content  # sub-command


def test_agreement_status_is_shown_on_the_profile(client, users, worked_example):
    client.force_login(users["analyst"])
    # Bình Phước's P2 ended on its last day; its open-ended P1 runs on after the command (carried on by Đồng Nai).
    content = client.get(reverse("command-detail", args=[worked_example["bp"].pk])).content.decode()
    assert "status-expired" in content and "status-in_force" in content
    content = client.get(reverse("command-detail", args=[worked_example["bp_ln"].pk])).content.decode()
    assert "status-in_force" in content and "status-expired" not in content


def test_partner_unit_profile_lists_every_record_involving_it(client, users, worked_example):
    w = worked_example
    client.force_login(users["analyst"])
    response = client.get(reverse("partner-unit-detail", args=[w["krt"].pk]))
    assert response.status_code == 200
    assert section_pks(response, "agreements") == [w["p1"].pk]
    assert section_pks(response, "delegations") == [w["d3"].pk, w["d1"].pk]
    assert section_pks(response, "activities") == [w["t2"].pk]
    assert section_pks(response, "expenditures") == [w["s1"].pk]


@pytest.mark.parametrize("name", ["command-detail", "partner-unit-detail"])
def test_another_scope_sees_the_unit_but_none_of_its_records(client, users, worked_example, name):
    unit = worked_example["bp"] if name == "command-detail" else worked_example["krt"]
    client.force_login(users["other_analyst"])
    response = client.get(reverse(name, args=[unit.pk]))
    assert response.status_code == 200  # units are reference data
    for key in ("agreements", "delegations", "activities", "expenditures"):
        assert section_pks(response, key) == [], key


def test_profiles_refuse_anonymous_and_unknown_units(client, users, worked_example):
    for name in ("command-detail", "partner-unit-detail"):
        response = client.get(reverse(name, args=[worked_example["bp"].pk]))
        assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(users["analyst"])
    assert client.get(reverse("command-detail", args=[999999])).status_code == 404
    assert client.get(reverse("partner-unit-detail", args=[999999])).status_code == 404


# the session (kept in the database) | user with groups and command id | unit (+parent) | 4 sections, one query
# each (+1 prefetch of partner units for delegations and activities) | its leaders (positions with their people) |
# successor, children, predecessors | command_in_scope
COMMAND_PROFILE_QUERIES = 1 + 1 + 1 + 4 + 2 + 1 + 3 + 1


@pytest.mark.parametrize("rows", [10, 200])
def test_command_profile_query_count_does_not_grow(client, users, worked_example, django_assert_num_queries, rows):
    add_rows(worked_example, rows)
    client.force_login(users["analyst"])
    with django_assert_num_queries(COMMAND_PROFILE_QUERIES):
        response = client.get(reverse("command-detail", args=[worked_example["bp"].pk]))
    assert response.context["sections"]["agreements"]["rows"]
