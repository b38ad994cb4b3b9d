"""Initiative.meets_constraint states Meta.constraints' conditions in Python (the annex import
validates thousands of rows with it, without a query each): it must agree with the database on the
same cases, both with Django's own validation (a query per constraint) and with the CHECK the
database enforces on insert. Runs on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from initiatives.models import Category, Initiative
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
DAY = datetime.date
days = st.none() | st.dates(min_value=DAY(1900, 1, 1), max_value=DAY(2100, 12, 31))
texts = st.sampled_from(["", " ", "0", "elk jaar rond Kerstmis"]) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
cases = st.fixed_dictionaries({"start_date": days, "end_date": days, "timing_text": texts, "source": texts})


def initiative(fields):
    return Initiative(municipality=Municipality.objects.get(code="73001"), title="Bedankingskaartje",
                      category=Category.objects.get(slug="waardering"), **fields)


def broken_in_python(item):
    return {constraint.name for constraint in Initiative._meta.constraints if not item.meets_constraint(constraint.name)}


def broken_by_django(item):
    """The constraints Django's validation (Q.check: one query each, on this database) finds broken."""
    broken = set()
    for constraint in Initiative._meta.constraints:
        try:
            constraint.validate(Initiative, item)
        except ValidationError:
            broken.add(constraint.name)
    return broken


def refused_by_database(item):
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=cases)
@example(fields={"start_date": DAY(2023, 12, 1), "end_date": DAY(2023, 12, 1), "timing_text": "", "source": "s"})
@example(fields={"start_date": DAY(2023, 12, 2), "end_date": DAY(2023, 12, 1), "timing_text": "", "source": "s"})
@example(fields={"start_date": None, "end_date": DAY(2023, 12, 1), "timing_text": "x", "source": "s"})
@example(fields={"start_date": None, "end_date": None, "timing_text": "", "source": "s"})
@example(fields={"start_date": None, "end_date": None, "timing_text": " ", "source": ""})
@example(fields={"start_date": DAY(2023, 12, 1), "end_date": None, "timing_text": "", "source": "s"})
def test_python_rule_and_database_agree(fields):
    item = initiative(fields)
    broken = broken_in_python(item)
    assert broken == broken_by_django(item), fields
    assert refused_by_database(item) == bool(broken), fields


def test_every_constraint_has_a_python_rule():
    item = initiative({"start_date": DAY(2023, 12, 1), "source": "s"})
    assert {c.name for c in Initiative._meta.constraints} == {
        "initiative_end_after_start", "initiative_has_timing", "initiative_has_source"}
    assert broken_in_python(item) == set()
    with pytest.raises(KeyError):
        item.meets_constraint("a_constraint_without_a_rule")


@pytest.mark.parametrize("fields, exclude, broken", [
    ({"start_date": DAY(2023, 12, 2), "end_date": DAY(2023, 12, 1), "timing_text": "", "source": "s"}, set(), 1),
    ({"start_date": None, "end_date": DAY(2023, 12, 1), "timing_text": "", "source": ""}, set(), 3),
    ({"start_date": None, "end_date": DAY(2023, 12, 1), "timing_text": "", "source": ""}, {"timing_text"}, 2),
    ({"start_date": None, "end_date": None, "timing_text": "", "source": "s"}, {"start_date"}, 0),
    ({"start_date": DAY(2023, 12, 1), "end_date": None, "timing_text": "", "source": "s"}, set(), 0),
])
def test_validation_in_python_raises_what_django_raises(fields, exclude, broken):
    """Same messages in the same order, and the same skipping of constraints on excluded fields, as
    Model.validate_constraints."""
    item = initiative(fields)
    raised = {}
    for validate in (item.validate_constraints, item.validate_constraints_in_python):
        try:
            validate(exclude=exclude)
        except ValidationError as error:
            raised[validate.__name__] = error.message_dict
        else:
            raised[validate.__name__] = {}
    assert raised["validate_constraints_in_python"] == raised["validate_constraints"]
    assert len(raised["validate_constraints"].get("__all__", [])) == broken
