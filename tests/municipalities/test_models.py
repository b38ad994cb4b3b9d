import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from municipalities.models import Municipality, Province
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date


def test_active_on_includes_both_boundary_days():
    municipality = MunicipalityFactory(valid_from=DAY(2020, 1, 1), valid_until=DAY(2020, 12, 31))
    active = Municipality.objects.filter(pk=municipality.pk)
    assert not active.active_on(DAY(2019, 12, 31)).exists()
    assert active.active_on(DAY(2020, 1, 1)).exists()
    assert active.active_on(DAY(2020, 12, 31)).exists()
    assert not active.active_on(DAY(2021, 1, 1)).exists()


def test_active_on_open_ended_dates_mean_always():
    municipality = MunicipalityFactory(valid_from=None, valid_until=None)
    assert Municipality.objects.active_on(DAY(1900, 1, 1)).filter(pk=municipality.pk).exists()


def assert_rejected(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(**fields)


def test_database_rejects_end_before_or_on_start():
    assert_rejected(valid_from=DAY(2020, 1, 1), valid_until=DAY(2019, 1, 1))
    assert_rejected(valid_from=DAY(2020, 1, 1), valid_until=DAY(2020, 1, 1))


def test_database_rejects_successor_on_a_municipality_that_has_not_ended():
    assert_rejected(successor=Municipality.objects.get(code="11002"))


def test_database_rejects_duplicate_and_empty_codes():
    assert_rejected(code="11002")
    assert_rejected(code="")


def test_database_rejects_province_with_unknown_country_or_mismatched_code():
    for fields in ({"iso_code": "XX-AB", "country": "XX"}, {"iso_code": "NL-XX", "country": "BE"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Province.objects.create(name="Test", **fields)


def test_province_with_municipalities_cannot_be_deleted():
    with pytest.raises(ProtectedError):
        Province.objects.get(iso_code="BE-VLI").delete()


def test_successor_cannot_be_deleted_while_predecessors_point_at_it():
    with pytest.raises(ProtectedError):
        Municipality.objects.get(code="23106").delete()


def test_validation_messages_are_dutch_and_on_the_right_field():
    municipality = MunicipalityFactory.build(code="1234", valid_from=DAY(2020, 1, 1), valid_until=DAY(2019, 1, 1))
    with pytest.raises(ValidationError) as caught:
        municipality.full_clean()
    errors = caught.value.message_dict
    assert "NIS-code" in errors["code"][0]
    assert "De einddatum moet na de begindatum liggen." in errors["__all__"]


def test_successor_must_not_be_itself_nor_in_another_country():
    municipality = Municipality.objects.get(code="11007")
    municipality.successor = municipality
    with pytest.raises(ValidationError, match="zichzelf"):
        municipality.full_clean()
    municipality.successor = Municipality.objects.get(code="GM0014")
    with pytest.raises(ValidationError, match="hetzelfde land"):
        municipality.full_clean()
