"""core.versioning.changed_after: which rows the audit trail shows saved or deleted after a moment."""

import datetime

import pytest
from django.utils import timezone

from core.versioning import changed_after
from initiatives.models import Category, Initiative
from municipalities.models import Municipality, StatusEvent

pytestmark = pytest.mark.django_db


def initiative(title):
    return Initiative.objects.create(
        municipality=Municipality.objects.get(code="73001"),
        title=title,
        category=Category.objects.get(slug="waardering"),
        timing_text="x",
        source="t",
    )


def test_only_rows_saved_or_deleted_after_the_moment(django_assert_num_queries):
    kept, edited, deleted = initiative("blijft"), initiative("gewijzigd"), initiative("weg")
    moment = timezone.now()
    Initiative.history.filter(id__in=[kept.pk, edited.pk, deleted.pk]).update(
        history_date=moment - datetime.timedelta(minutes=1)
    )  # made before the moment
    edited.title = "anders"
    edited.save()
    deleted_pk = deleted.pk
    deleted.delete()
    with django_assert_num_queries(1):
        later = changed_after(Initiative, [kept.pk, edited.pk, deleted_pk], moment)
    assert later == {edited.pk, deleted_pk}
    assert changed_after(Initiative, [kept.pk, edited.pk], moment + datetime.timedelta(hours=1)) == set()


def test_no_pks_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert changed_after(StatusEvent, set(), timezone.now()) == set()
