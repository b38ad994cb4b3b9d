"""What changed between two days: status changes, municipalities that ceased and began."""

import datetime
from collections import Counter

import pytest

from municipalities.models import Municipality, StatusEvent
from municipalities.register_changes import BEGAN, CEASED, CHANGED, reconcile, register_changes

pytestmark = pytest.mark.django_db
DAY = datetime.date


def statuses(day):
    return Counter(
        Municipality.objects.flemish_register().active_on(day).with_status_on(day).values_list("status", flat=True)
    )


def test_the_mergers_of_2025_are_listed_and_the_totals_reconcile(django_assert_max_num_queries):
    since, day = DAY(2024, 6, 1), DAY(2025, 6, 1)
    with django_assert_max_num_queries(3):
        changes = register_changes(since, day)
    kinds = Counter(change.kind for change in changes)
    assert kinds[CEASED] == 27 and kinds[BEGAN] == 12
    assert 319 - kinds[CEASED] + kinds[BEGAN] == 304
    kortessem = next(c for c in changes if c.municipality.name == "Kortessem")
    assert (kortessem.kind, kortessem.before, kortessem.last_status, kortessem.successor.name) == (
        CEASED,
        "registered",
        "registered",
        "Hasselt",
    )
    new_hasselt = next(c for c in changes if c.municipality.code == "71072")
    assert (new_hasselt.kind, new_hasselt.before, new_hasselt.after) == (BEGAN, None, "unknown")
    assert reconcile(statuses(since), statuses(day), changes)


def test_status_changes_are_listed_and_reconcile():
    gent = Municipality.objects.get(code="44021")
    StatusEvent.objects.create(municipality=gent, kind="candidate", date=DAY(2024, 3, 1), source="t")
    changes = register_changes(DAY(2024, 1, 1), DAY(2024, 6, 1))
    assert [(c.municipality.name, c.kind, c.before, c.after) for c in changes] == [
        ("Gent", CHANGED, "unknown", "candidate")
    ]
    assert reconcile(statuses(DAY(2024, 1, 1)), statuses(DAY(2024, 6, 1)), changes)
    assert not reconcile(statuses(DAY(2024, 1, 1)), statuses(DAY(2024, 6, 1)), [])
