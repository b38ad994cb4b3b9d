import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import Category, Initiative
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
DAY = datetime.date


def initiative(**fields):
    values = {
        "municipality": Municipality.objects.get(code="73001"),
        "title": "Bedankingskaartje",
        "category": Category.objects.get(slug="waardering"),
        "start_date": DAY(2023, 12, 1),
        "source": "Gemeenteblad december 2023",
    }
    values.update(fields)
    return Initiative(**values)


def test_categories_from_the_ministers_answer_are_data():
    assert list(Category.objects.values_list("slug", flat=True)) == [
        "communicatie",
        "waardering",
        "zalen",
        "voordelen",
        "contactmomenten",
        "werving",
        "andere",
    ]
    Category.objects.create(name="Sport", slug="sport")
    assert Category.objects.count() == 8


def test_published_hides_drafts():
    initiative(is_published=True, title="Publiek").save()
    initiative(is_published=False, title="Ontwerp").save()
    assert list(Initiative.objects.published().values_list("title", flat=True)) == ["Publiek"]


def test_timing_text_may_replace_dates():
    item = initiative(start_date=None, timing_text="elk jaar rond Kerstmis")
    item.full_clean()
    item.save()


@pytest.mark.parametrize(
    "fields",
    [
        {"start_date": DAY(2023, 12, 1), "end_date": DAY(2023, 11, 1)},
        {"start_date": None, "end_date": DAY(2023, 11, 1), "timing_text": "x"},
        {"start_date": None, "timing_text": ""},
        {"source": ""},
    ],
)
def test_database_rejects_impossible_timing_and_missing_source(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        initiative(**fields).save()


def test_validation_messages_are_dutch():
    with pytest.raises(ValidationError) as caught:
        initiative(start_date=DAY(2023, 12, 1), end_date=DAY(2023, 11, 1)).full_clean()
    assert "De einddatum kan niet vóór de begindatum liggen." in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        initiative(start_date=None).full_clean()
    assert "Geef een begindatum, of de timing zoals de bron ze geeft." in caught.value.messages


def test_only_flemish_and_brussels_municipalities_record_initiatives():
    with pytest.raises(ValidationError) as caught:
        initiative(municipality=Municipality.objects.get(code="GM0014")).full_clean()
    assert "Vlaamse en Brusselse" in caught.value.message_dict["municipality"][0]


def test_category_in_use_cannot_be_deleted():
    initiative().save()
    with pytest.raises(Exception) as caught:
        Category.objects.get(slug="waardering").delete()
    assert type(caught.value).__name__ == "ProtectedError"
