import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, Adoption, Line, Organisation, Plan, ProgressUpdate, Target
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
DAY = datetime.date


@pytest.fixture
def plan():
    owner = Organisation.objects.create(short_name="TST", name="Testorganisatie", slug="tst")
    plan = Plan.objects.create(slug="testplan", title="Testplan", kind="national", owner=owner, source="test",
                               start_date=DAY(2020, 1, 1), end_date=DAY(2021, 12, 31))
    line = Line.objects.create(plan=plan, number=1, title="Lijn 1")
    other = Line.objects.create(plan=plan, number=2, title="Lijn 2")
    Action.objects.create(line=line, number="1.1", title="a", status="done", timing_text="2020")
    Action.objects.create(line=line, number="1.2", title="b", status="planned", timing_text="medio 2021", weight=3)
    Action.objects.create(line=other, number="2.1", title="c", status="ongoing", progress_override=80)
    Action.objects.create(line=other, number="2.2", title="d", status="dropped", timing_text="2020")
    return plan


def test_timing_is_parsed_on_save_and_unparsed_text_is_flagged(plan):
    action = Action.objects.get(line__plan__slug="testplan", number="1.2")
    assert (action.period_start, action.period_end) == (DAY(2021, 6, 1), DAY(2021, 7, 31))
    action.timing_text = "als het budget er is"
    action.save()
    action.refresh_from_db()
    assert action.timing_unparsed and action.period_end is None


def test_overdue_means_period_ended_and_not_done_or_dropped(plan):
    mine = Action.objects.filter(line__plan=plan)
    overdue = set(mine.overdue_on(DAY(2021, 8, 1)).values_list("number", flat=True))
    assert overdue == {"1.2"}  # 1.1 is done, 2.2 dropped, 2.1 has no period
    assert not mine.overdue_on(DAY(2021, 7, 31)).exists()


def test_progress_defaults_by_status_and_override(plan):
    progress = dict(Action.objects.filter(line__plan=plan).with_progress().values_list("number", "progress"))
    assert progress == {"1.1": 100, "1.2": 0, "2.1": 80, "2.2": 0}


def test_line_and_plan_progress_are_weighted_means_without_dropped_actions(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        lines = dict((line.number, line.progress) for line in Line.objects.filter(plan=plan).with_progress())
    assert lines[1] == pytest.approx((100 * 1 + 0 * 3) / 4)
    assert lines[2] == pytest.approx(80)
    assert Plan.objects.with_progress().get(pk=plan.pk).progress == pytest.approx((100 + 0 + 80) / 5)


def test_target_belongs_to_exactly_one_owner_and_needs_a_unit(plan):
    line = plan.lines.first()
    base = {"indicator": "x", "unit": "%", "direction": "increase", "target_text": "x"}
    for owners in ({}, {"plan": plan, "line": line}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(**base, **owners)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(**{**base, "unit": ""}, plan=plan)
    with pytest.raises(ValidationError) as caught:
        Target(**{**base, "unit": ""}, plan=plan).full_clean()
    assert "Dit veld kan niet leeg zijn" in caught.value.message_dict["unit"]


def test_database_rejects_progress_over_100_and_plan_end_before_start(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(line__plan=plan, number="1.1").update(progress_override=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(end_date=DAY(2019, 1, 1))


def test_progress_update_cannot_predate_the_plan(plan):
    update = ProgressUpdate(action=Action.objects.get(line__plan__slug="testplan", number="1.1"), date=DAY(2019, 5, 1), status="done", source="x")
    with pytest.raises(ValidationError) as caught:
        update.full_clean()
    assert caught.value.message_dict["date"] == ["Een voortgangsmelding kan niet dateren van vóór de start van het plan (01/01/2020)."]


def test_only_guidance_recommendations_are_adopted_by_dutch_municipalities(plan):
    adoption = Adoption(recommendation=Action.objects.get(line__plan__slug="testplan", number="1.1"), municipality=Municipality.objects.get(code="11002"),
                        where="practice", evidence_title="x")
    with pytest.raises(ValidationError) as caught:
        adoption.full_clean()
    assert set(caught.value.message_dict) >= {"recommendation"}
