"""make backup and make restore: a round trip on the database kind the suite runs on."""

import subprocess
import sys

import pytest

from tests.support import REPO_ROOT, create_database, manage, server_environment

COUNT_EVENTS = "from municipalities.models import StatusEvent; print(StatusEvent.objects.count())"


@pytest.fixture
def database():
    database = create_database()
    yield database
    database.drop()


def run(env, *args):
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_backup_then_restore_brings_the_data_back(database, tmp_path):
    env = server_environment(database.url, "unused")
    for command in (["migrate", "--noinput"], ["load_reference_data"]):
        manage(env, *command)
    target = tmp_path / "backup.bin"
    made = run(env, "scripts/backup.py", "backup", "--output", str(target))
    assert made.returncode == 0, made.stderr
    assert target.stat().st_size > 10_000
    manage(env, "shell", "-c", "from municipalities.models import StatusEvent; StatusEvent.objects.all().delete()")
    assert run(env, "manage.py", "shell", "--no-imports", "-c", COUNT_EVENTS).stdout.strip() == "0"
    restored = run(env, "scripts/backup.py", "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert run(env, "manage.py", "shell", "--no-imports", "-c", COUNT_EVENTS).stdout.strip() == "41"


def test_restore_of_a_missing_file_fails_clearly(database, tmp_path):
    result = run(server_environment(database.url, "unused"), "scripts/backup.py", "restore", str(tmp_path / "nope"))
    assert result.returncode != 0 and "Geen back-up gevonden" in result.stderr
