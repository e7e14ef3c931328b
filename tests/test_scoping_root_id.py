"""``scoping.scope_root_id``: what ``scope_root`` answers (the command as its id), in one query at most."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from dnqp.access import scoping
from dnqp.models import ROLE_GROUPS, Profile

ROLES = [
    "superuser",
    "admin",
    "staff",
    "commander",
    "analyst",
    "district_staff",
    "other_staff",
    "other_analyst",
    "successor_analyst",
    "nobody",
]


def fresh(user):
    return User.objects.get(pk=user.pk)  # nothing loaded on it yet, as at the start of a request


@pytest.mark.parametrize("role", ROLES)
def test_same_answer_as_scope_root_in_one_query(users, role, django_assert_max_num_queries):
    expected = scoping.scope_root(fresh(users[role]))
    expected = expected if expected in (scoping.ALL, None) else expected.pk
    user = fresh(users[role])
    with django_assert_max_num_queries(1):
        assert scoping.scope_root_id(user) == expected
    # The roles it read are those roles() reads (kept on the user: no second query for them).
    assert scoping.roles(user) == scoping.roles(fresh(users[role]))


def test_expected_answers(users, worked_example):
    assert scoping.scope_root_id(fresh(users["superuser"])) == scoping.ALL
    assert scoping.scope_root_id(fresh(users["admin"])) == scoping.ALL
    assert scoping.scope_root_id(fresh(users["analyst"])) == worked_example["bp"].pk
    assert scoping.scope_root_id(fresh(users["district_staff"])) == worked_example["bp_ln"].pk
    assert scoping.scope_root_id(fresh(users["nobody"])) is None
    assert scoping.scope_root_id(AnonymousUser()) is None


def test_several_groups_and_no_profile(users, worked_example):
    analyst = users["analyst"]
    analyst.groups.add(Group.objects.get(name=ROLE_GROUPS["staff"]), Group.objects.create(name="Không phải vai trò"))
    assert scoping.scope_root_id(fresh(analyst)) == worked_example["bp"].pk
    analyst.groups.add(Group.objects.get(name=ROLE_GROUPS["admin"]))
    assert scoping.scope_root_id(fresh(analyst)) == scoping.ALL
    Profile.objects.filter(user=users["commander"]).delete()
    assert scoping.scope_root_id(fresh(users["commander"])) is None
    assert scoping.scope_root(fresh(users["commander"])) is None


def test_with_roles_loaded_it_answers_like_scope_root(users, worked_example):
    user = fresh(users["district_staff"])
    scoping.roles(user)
    assert scoping.scope_root_id(user) == worked_example["bp_ln"].pk
