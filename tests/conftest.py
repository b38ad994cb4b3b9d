import pytest

from municipalities import reference


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real reference data (provinces, municipalities)."""
    with django_db_blocker.unblock():
        reference.load()
