"""``manage.py add_user``: role group, command, password from the environment, clear errors."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from dnqp.access import scoping
from dnqp.models import ROLE_GROUPS

PASSWORD = "Mật-khẩu-đủ-dài-2024"


def run(*args, password=PASSWORD, monkeypatch):
    if password is None:
        monkeypatch.delenv("DNQP_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("DNQP_PASSWORD", password)
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("role", "is_staff"), [("staff", True), ("commander", False), ("analyst", False), ("admin", True)]
)
def test_creates_user_with_role_group_command_and_password(worked_example, monkeypatch, role, is_staff):
    out = run("moi", "--role", role, "--command", "BP", "--email", "moi@qk7.vn", monkeypatch=monkeypatch)

    user = User.objects.get(username="moi")
    assert "created" in out
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS[role]]
    assert user.profile.command == worked_example["bp"]
    assert user.is_staff is is_staff
    assert not user.is_superuser
    assert user.email == "moi@qk7.vn"
    assert user.check_password(PASSWORD)
    assert scoping.roles(user) == {role}


def test_superuser_admin_needs_no_command(db, monkeypatch):
    run("admin", "--role", "admin", "--superuser", monkeypatch=monkeypatch)

    user = User.objects.get(username="admin")
    assert user.is_superuser and user.is_staff
    assert user.profile.command is None
    assert scoping.is_unlimited(user)


def test_running_again_updates_role_command_and_password(worked_example, monkeypatch):
    run("moi", "--role", "staff", "--command", "BP", monkeypatch=monkeypatch)
    out = run("moi", "--role", "analyst", "--command", "DN", password="Mật-khẩu-mới-2025", monkeypatch=monkeypatch)

    user = User.objects.get(username="moi")
    assert "updated" in out
    assert User.objects.filter(username="moi").count() == 1
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS["analyst"]]
    assert user.profile.command == worked_example["dn"]
    assert not user.is_staff
    assert user.check_password("Mật-khẩu-mới-2025")


def test_unknown_command_code_is_refused(worked_example, monkeypatch):
    with pytest.raises(CommandError, match="No command with code 'NOPE'"):
        run("moi", "--role", "staff", "--command", "NOPE", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()


def test_non_admin_role_without_command_is_refused(db, monkeypatch):
    with pytest.raises(CommandError, match="--command CODE is required"):
        run("moi", "--role", "commander", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()


def test_unknown_role_is_refused(worked_example, monkeypatch):
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        run("moi", "--role", "boss", "--command", "BP", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()


def test_weak_password_is_refused_by_the_validators(worked_example, monkeypatch):
    with pytest.raises(CommandError, match="Password refused"):
        run("moi", "--role", "staff", "--command", "BP", password="123456", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()


def test_no_password_and_no_terminal_is_a_clear_error(worked_example, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="DNQP_PASSWORD"):
        run("moi", "--role", "staff", "--command", "BP", password=None, monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_prompts_twice_in_a_terminal(worked_example, monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    run("moi", "--role", "staff", "--command", "BP", password=None, monkeypatch=monkeypatch)
    assert User.objects.get(username="moi").check_password(PASSWORD)


def test_prompted_passwords_that_differ_are_refused(worked_example, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        run("moi", "--role", "staff", "--command", "BP", password=None, monkeypatch=monkeypatch)
    assert not User.objects.filter(username="moi").exists()
