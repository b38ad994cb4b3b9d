"""Health check and production settings, each run in a separate process as deployed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEALTHZ = (
    "import django; django.setup();"
    "from django.test import Client;"
    "print(Client(HTTP_HOST='localhost').get('/healthz').status_code)"
)


def run(code_or_args, **env):
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "SECRET_KEY")}
    environment.update(DJANGO_SETTINGS_MODULE="pleegzorg.settings", **env)
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not():
    # A real PostgreSQL client against a port where no server listens: nothing is mocked.
    result = run(HEALTHZ, DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert result.stdout.strip() == "503", result.stderr


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-test-key-not-used-anywhere-" + "q7Zp",
    "ALLOWED_HOSTS": "pleegzorg.example.org",
}


def test_check_deploy_is_clean_in_production_mode():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret():
    for secret in ("", "short", "django-insecure-" + "x" * 60):
        env = dict(PRODUCTION, SECRET_KEY=secret)
        result = run([sys.executable, "manage.py", "check"], **env)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr
