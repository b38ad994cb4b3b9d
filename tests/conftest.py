from io import StringIO

import pytest
from django.core.management import call_command

# Fixtures shared across the suite's folders, registered here once rather than imported where used.
from tests.initiatives.conftest import register  # noqa: F401 (an annex import of the register)
from tests.redis_server import redis_cache, redis_server  # noqa: F401 (fixtures: a private Redis)
from tests.support import public_cache  # noqa: F401 (the public cache switched on)
from tests.test_database_down import database_copy, server_env  # noqa: F401 (a server on a copy of the database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with what `make run` loads: reference data and seed facts."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", stdout=StringIO())
        call_command("load_plans", stdout=StringIO())


@pytest.fixture(autouse=True)
def private_import_uploads(settings, tmp_path_factory):
    """Uploads parked for a preview go to a throwaway folder, never into the work tree."""
    settings.IMPORT_UPLOAD_DIR = tmp_path_factory.mktemp("imports") / "parked"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test accounts need no costly hash; production keeps Django's default (PBKDF2)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        # For accounts a test hands to a separate server process, which hashes as production does.
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
