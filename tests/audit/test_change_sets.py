"""core.changesets: every historical record written inside `recording(...)` names its change set."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.changesets import recording
from core.models import ChangeSet
from municipalities.models import Municipality
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SHA = "a" * 64


def test_records_written_inside_name_the_change_set():
    municipality = MunicipalityFactory()
    with recording("Bulkactie: test", ChangeSet.Kind.BULK) as change_set:
        municipality.name = "Nieuwe naam"
        municipality.save()
        second = MunicipalityFactory()
    latest = municipality.history.latest("history_date")
    assert latest.history_change_set == change_set and change_set.pk is not None
    assert second.history.get().history_change_set == change_set
    assert ChangeSet.objects.get(pk=change_set.pk).label == "Bulkactie: test"


def test_records_outside_name_none_and_a_change_set_that_wrote_nothing_is_not_stored():
    before = ChangeSet.objects.count()  # the loaders that filled the test database left theirs
    with recording("Opdracht: niets", ChangeSet.Kind.COMMAND):
        Municipality.objects.count()
    municipality = MunicipalityFactory()
    assert municipality.history.get().history_change_set is None
    assert ChangeSet.objects.count() == before


def test_a_rolled_back_change_set_leaves_no_row():
    before = ChangeSet.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        with recording("Import: x", ChangeSet.Kind.IMPORT, sha256=SHA):
            MunicipalityFactory()
            raise RuntimeError
    assert ChangeSet.objects.count() == before


def test_the_inner_change_set_keeps_the_outer_ones_user_and_command():
    officer = User.objects.create_user("officer")
    with recording("Opdracht: import_annex", ChangeSet.Kind.COMMAND, user=officer, command="import_annex"):
        with recording("Import: bron", ChangeSet.Kind.IMPORT, sha256=SHA) as inner:
            MunicipalityFactory()
    stored = ChangeSet.objects.get(kind=ChangeSet.Kind.IMPORT)
    assert stored == inner
    assert (stored.kind, stored.command, stored.user, stored.sha256) == ("import", "import_annex", officer, SHA)


@pytest.mark.parametrize("digest", ["abc", "g" * 64, "A" * 64])
def test_a_sha256_is_64_lowercase_hex_digits(digest):
    with pytest.raises(ValidationError):
        ChangeSet(label="Import", kind=ChangeSet.Kind.IMPORT, sha256=digest).full_clean()


def test_the_database_refuses_a_sha256_of_another_length():
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeSet.objects.create(label="Import", kind=ChangeSet.Kind.IMPORT, sha256="abc")
