"""Production settings pass `check --deploy`; admin logins are throttled; the admin's address is configurable."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "minutes.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "BEHIND_PROXY": "1",
    "ADMIN_URL": "clerks-a8f3/",
    "SITE_URL": "https://minutes.example.org",
}


def run_django(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "ADMIN_URL"))}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="minutes.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING', verbosity=2)"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_fails_on_a_weak_configuration():
    result = run_django(
        "from django.core.management import call_command; call_command('check', deploy=True, fail_level='WARNING')",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0 and "security.W008" in result.stderr + result.stdout


def test_admin_url_comes_from_the_environment():
    result = run_django("from django.urls import reverse; print(reverse('admin:index'))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/clerks-a8f3/"


# Without a secret key the app refuses to serve: tests/minutes/test_settings_env.py.


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user("clerk", password="the-right-password", is_staff=True)
    login = reverse("admin:login")
    for _ in range(3):
        response = client.post(login, {"username": "clerk", "password": "wrong"})
        assert response.status_code in (200, 429)
    locked = client.post(login, {"username": "clerk", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_works_below_the_limit(client):
    User.objects.create_user("clerk", password="the-right-password", is_staff=True)
    login = reverse("admin:login")
    client.post(login, {"username": "clerk", "password": "wrong"})
    response = client.post(login, {"username": "clerk", "password": "the-right-password"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
