"""``manage.py load_demo`` is idempotent: a second run changes no row of any table, history included."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from dnqp.models import ROLE_GROUPS, Role
from partnerships.models import Command

pytestmark = pytest.mark.slow


def row_counts():
    """Rows of every table of the project (records, through tables, history, users, groups...)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def run_load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_gives_the_same_rows(db, monkeypatch):
    monkeypatch.setenv("DNQP_DEMO_PASSWORD", "Mật-khẩu-demo-2026")
    first_output = run_load_demo()
    after_first = row_counts()
    versions = dict(Command.objects.values_list("code", "version"))

    second_output = run_load_demo()

    assert row_counts() == after_first
    assert dict(Command.objects.values_list("code", "version")) == versions
    assert after_first["partnerships.Command"] > 30
    assert after_first["partnerships.HistoricalAgreement"] == after_first["partnerships.Agreement"]
    assert after_first["events.HistoricalActivity"] == after_first["events.Activity"]
    assert "new 0, changed 0" in second_output and "new 0, changed 0" not in first_output.splitlines()[0]
    assert "Demo data loaded." in second_output


def test_demo_users_one_per_role_only_with_a_password(db, monkeypatch):
    monkeypatch.delenv("DNQP_DEMO_PASSWORD", raising=False)
    output = run_load_demo()
    assert "DNQP_DEMO_PASSWORD" in output
    assert not User.objects.exists()

    monkeypatch.setenv("DNQP_DEMO_PASSWORD", "Mật-khẩu-demo-2026")
    run_load_demo()

    expected = {
        "quantri": (Role.ADMIN, None, True),
        "nhaplieu_brvt": (Role.STAFF, "BRVT", True),
        "chihuy_qk7": (Role.COMMANDER, "QK7", False),
        "tonghop_qk7": (Role.ANALYST, "QK7", False),
        "nhaplieu_longan": (Role.STAFF, "LONGAN", True),
    }
    users = User.objects.select_related("profile__command").prefetch_related("groups")
    assert {u.username for u in users} == set(expected)
    for user in users:
        role, command, is_staff = expected[user.username]
        assert [g.name for g in user.groups.all()] == [ROLE_GROUPS[role]]
        assert (user.profile.command.code if user.profile.command else None) == command
        assert user.is_staff is is_staff
        assert not user.is_superuser
        assert user.check_password("Mật-khẩu-demo-2026")
