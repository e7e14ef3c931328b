"""The database settings: the replica's connections are set up like the primary's.

Read off ``dnqp.settings`` in a fresh interpreter with the environment a deployment gives it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'dbs': {a: {'options': d.get('OPTIONS', {}), 'health': d.get('CONN_HEALTH_CHECKS')} "
    "for a, d in s.DATABASES.items()}}))"
)


def settings_with(**env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "DNQP_"))}
    env.update(DJANGO_SETTINGS_MODULE="dnqp.settings", DJANGO_SECRET_KEY="x" * 50, **env_vars)
    code = f"import django; django.setup(); {SHOW}"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_the_replica_connects_like_the_primary():
    shown = settings_with(
        DATABASE_URL="postgres://app@db1:5432/dnqp", DATABASE_REPLICA_URL="postgres://app@db2:5432/dnqp"
    )
    for alias in ("default", "replica"):
        assert shown["dbs"][alias]["options"] == {"options": "-c jit=off"}, alias
        assert shown["dbs"][alias]["health"] is True, alias
