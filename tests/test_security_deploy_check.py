"""Production settings (debug off, a real key, hosts, HTTPS) pass ``manage.py check --deploy`` with no warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DNQP_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="dnqp.settings",
        DJANGO_DEBUG="off",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="dnqp.qk7.vn",
        DJANGO_HTTPS="on",
    )
    env.update(overrides)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def print_settings(env, *names):
    code = "from django.conf import settings; " + "; ".join(f"print(repr(settings.{n}))" for n in names)
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-len(names) :]


@pytest.mark.slow
def test_check_deploy_reports_nothing_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_production_settings_turn_on_secure_cookies_hsts_and_https_redirect():
    values = print_settings(
        production_env(),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    )
    assert values == ["False", "True", "True", "True", "True", "31536000", "True", "28800", "True"]


@pytest.mark.slow
def test_without_https_there_is_no_hsts_and_check_deploy_says_so():
    """Served over plain HTTP (DJANGO_HTTPS=off, e.g. behind nothing), HSTS must not be sent."""
    env = production_env(DJANGO_HTTPS="off")
    assert print_settings(env, "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE") == ["0", "False"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # the operator is told HSTS is off


@pytest.mark.slow
def test_missing_secret_key_stops_production_start():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
