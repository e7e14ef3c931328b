"""The role groups hold the model permissions docs/SECURITY.md "Roles" gives each role."""

import pytest

RECORDS = [
    "partnerships.agreement",
    "events.delegation",
    "events.activity",
    "events.expenditure",
    "dnqp.attachment",
]
ACTIONS = ["view", "add", "change", "delete"]


def perm(model, action):
    app, name = model.split(".")
    return f"{app}.{action}_{name}"


@pytest.mark.parametrize("role", ["admin", "superuser"])
def test_administrators_may_do_everything(users, role):
    user = users[role]
    for model in [*RECORDS, "partnerships.command", "partnerships.partnerunit", "auth.user", "dnqp.exportlog"]:
        for action in ACTIONS:
            assert user.has_perm(perm(model, action)), (role, model, action)
    for model in ["axes.accesslog", "axes.accessfailurelog", "axes.accessattempt"]:
        assert user.has_perm(perm(model, "view"))


def test_staff_write_records_and_partner_units_but_not_commands(users):
    staff = users["staff"]
    for model in [*RECORDS, "partnerships.partnerunit"]:
        for action in ACTIONS:
            assert staff.has_perm(perm(model, action)), (model, action)
    assert staff.has_perm("partnerships.view_command")
    for action in ["add", "change", "delete"]:
        assert not staff.has_perm(perm("partnerships.command", action))


@pytest.mark.parametrize("role", ["commander", "analyst"])
def test_commanders_and_analysts_only_read(users, role):
    user = users[role]
    for model in [*RECORDS, "partnerships.command", "partnerships.partnerunit"]:
        assert user.has_perm(perm(model, "view")), model
        for action in ["add", "change", "delete"]:
            assert not user.has_perm(perm(model, action)), (model, action)


@pytest.mark.parametrize("role", ["staff", "commander", "analyst", "nobody"])
def test_only_administrators_see_users_and_logs(users, role):
    user = users[role]
    for model in ["auth.user", "auth.group", "dnqp.exportlog", "axes.accesslog", "axes.accessfailurelog"]:
        for action in ACTIONS:
            assert not user.has_perm(perm(model, action)), (role, model, action)


def test_a_user_without_role_has_no_permission(users):
    assert users["nobody"].get_all_permissions() == set()
