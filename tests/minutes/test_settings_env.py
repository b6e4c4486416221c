"""Bad configuration stops start-up with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ADMIN_URL"}}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


def run_check(**env):
    return run(["manage.py", "check"], **env)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"DEBUG": "1", "SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be a whole number"),
        ({"DEBUG": "1", "DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"DEBUG": "1", "ADMIN_URL": "/admin"}, "ADMIN_URL"),
    ],
)
def test_bad_values_stop_start_up(env, message):
    result = run_check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_good_values_start():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="minutes.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("entry_point", ["minutes.wsgi", "minutes.asgi"])
def test_serving_refuses_without_a_secret_key(entry_point):
    result = run(["-c", f"import {entry_point}"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert run(["-c", f"import {entry_point}"], DEBUG="0", SECRET_KEY="k" * 60).returncode == 0


def test_deploy_check_reports_a_missing_secret_key():
    result = run(["manage.py", "check", "--deploy"], DEBUG="0")
    assert result.returncode != 0
    assert "minutes.E001" in result.stderr and "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_commands_that_sign_nothing_run_without_a_key():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"], DEBUG="0")
    assert result.returncode == 0, result.stderr
