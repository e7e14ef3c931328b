"""``manage.py load_demo`` imports the demo files through the spreadsheet import: a second run changes nothing.

The demo is itself an import round-trip test: the files are in the import format, matched by natural keys, and
loading them into a database that already holds them writes no row of any table, history included.
"""

import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from dnqp.data import demo
from dnqp.models import ROLE_GROUPS, Role
from dnqp.spreadsheets import columns
from partnerships.models import Command

pytestmark = pytest.mark.slow


def snapshot():
    """Every row of every table, every column: equal snapshots are equal databases."""
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr)
        for model in apps.get_models()
        if model._meta.managed
    }


def run_load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_second_load_creates_and_updates_nothing(db, monkeypatch):
    """The import matches every row of the files to the record it made the first time and skips it: no row of
    any table changes (history, versions and users included), and the command says so."""
    monkeypatch.setenv("DNQP_DEMO_PASSWORD", "Mật-khẩu-demo-2026")
    first_output = run_load_demo()
    after_first = snapshot()
    counts = {label: len(rows) for label, rows in after_first.items()}

    second_output = run_load_demo()

    assert snapshot() == after_first
    assert counts["partnerships.Command"] > 30
    assert counts["partnerships.HistoricalAgreement"] == counts["partnerships.Agreement"]  # created, never saved again
    assert counts["events.HistoricalActivity"] == counts["events.Activity"]
    lines = second_output.splitlines()
    models = ["Command", "PartnerUnit", "Agreement", "Delegation", "Activity", "Expenditure", "User", "Profile"]
    assert [line.split()[0] for line in lines[: len(models)]] == models
    for line in lines[: len(models)]:
        assert "(new 0, changed 0, unchanged " in line and not line.endswith("unchanged 0)"), line
    assert "new 0, changed 0" not in first_output.splitlines()[0]
    assert "Demo data loaded." in second_output


def test_files_have_the_columns_of_the_import_format():
    """The headers the list exports and the admin import use (columns.py), less the database ID and derived
    columns: a file exported from the application and stripped of its IDs has the same columns."""
    spec = {
        "commands.csv": columns.COMMAND_COLUMNS,
        "partner_units.csv": columns.PARTNER_UNIT_COLUMNS,
        "agreements.csv": columns.AGREEMENT_COLUMNS,
        "delegations.csv": columns.DELEGATION_COLUMNS,
        "activities.csv": columns.ACTIVITY_COLUMNS,
        "support.csv": columns.EXPENDITURE_COLUMNS,
    }
    assert set(spec) == set(demo.FILES)
    for name, file_columns in spec.items():
        expected = [c.header for c in file_columns if c.path != "pk" and not c.readonly]
        assert demo.read_dataset(name).headers == expected, name
    generated = list(demo.border_meeting_rows())
    assert generated and list(generated[0]) == demo.read_dataset("activities.csv").headers


def test_a_refused_file_loads_nothing(db, tmp_path, monkeypatch):
    """All or nothing: a row the import refuses in a later file undoes the files loaded before it."""
    shutil.copytree(demo.DEMO_DIR, tmp_path / "demo")
    agreements = tmp_path / "demo" / "agreements.csv"
    agreements.write_text(agreements.read_text(encoding="utf-8-sig").replace(",KH-SVR,", ",KH-NOWHERE,", 1), "utf-8")
    monkeypatch.setattr(demo, "DEMO_DIR", tmp_path / "demo")

    with pytest.raises(demo.DemoDataError, match="agreements.csv"):
        demo.load_demo()

    assert not Command.objects.exists()


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
