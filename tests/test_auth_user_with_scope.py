"""The session's user is loaded with its roles and command in one query (``dnqp.access.accounts.ScopedModelBackend``).

Same user, same roles, same scope as Django's ModelBackend and :mod:`dnqp.access.scoping` give; read again on
every request, so a change of role or command shows at the next request; inactive users are refused.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from dnqp.access import scoping
from dnqp.access.accounts import ScopedModelBackend, set_user_role
from dnqp.models import ROLE_GROUPS, Profile
from tests.test_scoping_root_id import ROLES


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", ROLES)
def test_loads_the_user_its_roles_and_scope_in_one_query(users, role, django_assert_num_queries):
    expected_root = scoping.scope_root(fresh(users[role]))
    expected_root = expected_root if expected_root in (scoping.ALL, None) else expected_root.pk
    expected_roles = scoping.roles(fresh(users[role]))
    with django_assert_num_queries(1):
        user = ScopedModelBackend().get_user(users[role].pk)
        assert scoping.scope_root_id(user) == expected_root
        assert scoping.roles(user) == expected_roles
    assert user == users[role]
    # Every column as ModelBackend loads it (dates converted, flags as booleans), no helper column left.
    plain = fresh(users[role])
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(plain, field.attname), field.name
    assert not hasattr(user, "dnqp_group") and not hasattr(user, "dnqp_command_id")


def test_the_command_loaded_is_the_profiles(users, worked_example, django_assert_num_queries):
    user = ScopedModelBackend().get_user(users["district_staff"].pk)
    with django_assert_num_queries(1):
        assert scoping.user_command(user) == worked_example["bp_ln"]
    nobody = ScopedModelBackend().get_user(users["nobody"].pk)
    with django_assert_num_queries(0):
        assert scoping.user_command(nobody) is None
        assert scoping.scope_root_id(nobody) is None  # fails closed: no command, no role


def test_several_groups_give_one_user(users, worked_example):
    analyst = users["analyst"]
    analyst.groups.add(Group.objects.get(name=ROLE_GROUPS["staff"]), Group.objects.create(name="Không phải vai trò"))
    user = ScopedModelBackend().get_user(analyst.pk)
    assert user.pk == analyst.pk
    assert scoping.roles(user) == {"analyst", "staff"}
    assert scoping.scope_root_id(user) == worked_example["bp"].pk


def test_unknown_and_inactive_users_are_refused(users):
    assert ScopedModelBackend().get_user(999_999) is None
    User.objects.filter(pk=users["analyst"].pk).update(is_active=False)
    assert ScopedModelBackend().get_user(users["analyst"].pk) is None


def test_a_change_of_command_or_role_shows_at_the_next_request(client, users, worked_example):
    analyst = users["analyst"]
    client.force_login(analyst)
    assert client.get(reverse("dashboard")).context["request"].user._dnqp_command_id == worked_example["bp"].pk
    # Changed behind the application's back (no signal, no cache to drop): read again on the next request.
    Profile.objects.filter(user=analyst).update(command=worked_example["dn"])
    assert scoping.scope_root_id(client.get(reverse("dashboard")).context["request"].user) == worked_example["dn"].pk
    analyst.groups.set([Group.objects.get(name=ROLE_GROUPS["admin"])])
    assert scoping.scope_root_id(client.get(reverse("dashboard")).context["request"].user) == scoping.ALL


def test_set_user_role_forgets_what_the_user_kept(users, worked_example):
    user = ScopedModelBackend().get_user(users["analyst"].pk)
    assert scoping.scope_root_id(user) == worked_example["bp"].pk
    set_user_role(user, "commander", worked_example["dn"])
    assert scoping.scope_root_id(user) == worked_example["dn"].pk
    assert scoping.roles(user) == {"commander"}


def test_a_user_without_a_session_backend_in_settings_is_logged_out(client, users, settings):
    """Sessions are tied to the backend that logged the user in: one no longer listed logs them out."""
    client.force_login(users["analyst"], backend="dnqp.access.accounts.ScopedModelBackend")
    assert client.get(reverse("dashboard")).status_code == 200
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    assert client.get(reverse("dashboard")).status_code == 302
