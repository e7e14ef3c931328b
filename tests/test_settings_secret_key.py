"""Without DJANGO_SECRET_KEY and with debug off, migrations tooling runs; serving and `check` refuse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["DJANGO_SETTINGS_MODULE"] = "dnqp.settings"
    env["DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_makemigrations_check_runs_without_the_secret_key():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "load_demo"])
def test_other_commands_still_require_the_secret_key(command):
    result = manage(command)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
