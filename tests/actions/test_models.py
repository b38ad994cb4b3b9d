import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, Adoption, Line, Organisation, Plan, PlanAuthor, ProgressUpdate, Target
from actions.models.plans import StatusCounts
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db
DAY = datetime.date


def update(number, day, status="", **fields):
    action = Action.objects.get(line__plan__slug="testplan", number=number)
    return ProgressUpdate.objects.create(
        action=action, date=day, status=status, source=fields.pop("source", "test"), **fields
    )


@pytest.fixture
def plan():
    owner = Organisation.objects.create(short_name="TST", name="Testorganisatie", slug="tst")
    plan = Plan.objects.create(
        slug="testplan",
        title="Testplan",
        kind="national",
        source="test",
        start_date=DAY(2020, 1, 1),
        end_date=DAY(2021, 12, 31),
    )
    PlanAuthor.objects.create(plan=plan, organisation=owner, position=1)
    line = Line.objects.create(plan=plan, number=1, title="Lijn 1")
    other = Line.objects.create(plan=plan, number=2, title="Lijn 2")
    Action.objects.create(line=line, number="1.1", title="a", timing_text="2020")
    Action.objects.create(line=line, number="1.2", title="b", timing_text="medio 2021")
    Action.objects.create(line=other, number="2.1", title="c", progress_override=80)
    Action.objects.create(line=other, number="2.2", title="d", timing_text="2020")
    Action.objects.create(line=other, number="2.3", title="e", timing_text="2020", progress_override=70)
    update("1.1", DAY(2020, 3, 1), "ongoing")
    update("1.1", DAY(2020, 12, 1), "done")
    update("1.2", DAY(2020, 2, 1), "planned")
    update("2.1", DAY(2020, 5, 1), "ongoing")
    update("2.2", DAY(2020, 5, 1), "dropped")
    return plan  # 2.3 has no progress update: its status is unknown


def statuses(plan):
    return dict(Action.objects.filter(line__plan=plan).with_status().values_list("number", "status"))


def test_timing_is_read_on_save_with_its_kind_and_unparsed_text_is_flagged(plan):
    action = Action.objects.get(line__plan__slug="testplan", number="1.2")
    assert (action.timing_kind, action.period_start, action.period_end) == ("deadline", None, DAY(2021, 6, 30))
    assert action.timing_summary == "uiterlijk 30/06/2021"
    action.timing_text = "als het budget er is"
    action.save()
    action.refresh_from_db()
    assert action.timing_unparsed and action.period_end is None and action.timing_kind == ""
    action.timing_text = "Herhaaldelijk"
    action.save()
    assert (action.timing_kind, action.timing_unparsed, action.period_end) == ("ongoing", False, None)
    action.timing_text = "1e kwartaal 2018 (tenzij er gekozen wordt voor een landelijke website)"
    action.save()
    action.refresh_from_db()
    assert action.timing_kind == "conditional" and action.period_end == DAY(2018, 3, 31)
    assert action.timing_condition == "tenzij er gekozen wordt voor een landelijke website"
    assert "voorwaarde" in action.timing_summary
    action.timing_text = "8 november 2017"  # a single day in the Wanneer column is a deadline
    action.save()
    assert (action.timing_kind, action.period_start, action.period_end) == ("deadline", None, DAY(2017, 11, 8))


def test_status_is_the_latest_progress_update_else_unknown(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = statuses(plan)
    assert found == {"1.1": "done", "1.2": "planned", "2.1": "ongoing", "2.2": "dropped", "2.3": "unknown"}
    dates = dict(Action.objects.filter(line__plan=plan).with_status().values_list("number", "status_date"))
    assert dates["1.1"] == DAY(2020, 12, 1) and dates["2.3"] is None


def test_updates_are_the_history_and_the_latest_by_date_wins(plan):
    update("1.1", DAY(2020, 6, 1), "delayed")  # entered later, but dated before "done"
    assert statuses(plan)["1.1"] == "done"
    update("1.1", DAY(2021, 1, 5), note="only a note, no status")
    assert statuses(plan)["1.1"] == "done"
    update("1.1", DAY(2021, 1, 5), "ongoing")
    update("1.1", DAY(2021, 1, 5), "delayed")  # same day: the one entered last
    assert statuses(plan)["1.1"] == "delayed"
    history = Action.objects.get(line__plan=plan, number="1.1").updates.order_by("date", "pk")
    assert [u.status for u in history] == ["ongoing", "delayed", "done", "", "ongoing", "delayed"]


def test_status_list_takes_constant_queries(plan, django_assert_num_queries):
    line = Line.objects.get(plan=plan, number=1)
    for number in range(30):
        Action.objects.create(line=line, number=f"9.{number}", title="x", timing_text="2020")
    with django_assert_num_queries(1):
        rows = list(Action.objects.filter(line__plan=plan).with_overdue_on(DAY(2022, 1, 1)).with_progress())
    assert sum(row.status == "unknown" for row in rows) == 31


def test_overdue_needs_a_passed_deadline_and_a_known_open_status(plan):
    mine = Action.objects.filter(line__plan=plan)
    assert set(mine.overdue_on(DAY(2021, 7, 1)).values_list("number", flat=True)) == {"1.2"}
    # 1.1 is done, 2.2 dropped, 2.1 has no period, 2.3's status is unknown: never "overdue"
    flags = {a.number: (a.is_overdue, a.is_past_deadline_unknown) for a in mine.with_overdue_on(DAY(2021, 7, 1))}
    assert flags == {
        "1.1": (False, False),
        "1.2": (True, False),
        "2.1": (False, False),
        "2.2": (False, False),
        "2.3": (False, True),
    }
    assert not mine.overdue_on(DAY(2021, 6, 30)).exists()
    update("1.2", DAY(2021, 6, 15), "done")
    assert not mine.overdue_on(DAY(2021, 7, 1)).exists()


def test_progress_is_only_a_percentage_that_is_given_never_one_derived_from_the_status(plan):
    progress = dict(Action.objects.filter(line__plan=plan).with_progress().values_list("number", "progress"))
    # 1.1 is done, 1.2 planned, 2.2 dropped: no percentage; 2.1's given 80 stands; 2.3's waits for a status.
    assert progress == {"1.1": None, "1.2": None, "2.1": 80, "2.2": None, "2.3": None}
    update("1.2", DAY(2021, 1, 1), "ongoing")  # "lopend" is not 50 %
    assert Action.objects.with_progress().get(line__plan=plan, number="1.2").progress is None


def test_line_and_plan_progress_count_known_statuses_only_and_say_how_many_are_unknown(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        lines = Action.objects.filter(line__plan=plan).status_counts_on(DAY(2021, 7, 1), "line")
    by_number = {Line.objects.get(pk=pk).number: counts for pk, counts in lines.items()}
    first, second = by_number[1], by_number[2]
    assert (first.done, first.known, first.done_share, first.unknown) == (1, 2, 50, 0)  # done and planned
    assert (second.done, second.known, second.done_share, second.unknown) == (0, 2, 0, 1)  # ongoing, dropped; 2.3
    total = sum(lines.values(), StatusCounts())
    assert (total.done, total.known, total.done_share, total.unknown, total.total) == (1, 4, 25, 1, 5)
    assert total.by_status == Action.objects.status_counts_on(DAY(2021, 7, 1), "line__plan")[plan.pk].by_status


def test_progress_is_unknown_when_no_status_is_known(plan):
    ProgressUpdate.objects.filter(action__line__plan=plan).delete()
    total = Action.objects.status_counts_on(DAY(2021, 7, 1), "line__plan")[plan.pk]
    assert (total.known, total.done_share, total.unknown) == (0, None, 5)


def test_status_counts_per_plan_in_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = Action.objects.status_counts_on(DAY(2021, 7, 1), "line__plan")[plan.pk]
    assert counts.by_status == {"done": 1, "planned": 1, "ongoing": 1, "dropped": 1, "unknown": 1}
    assert (counts.total, counts.unknown, counts.overdue, counts.past_deadline_unknown) == (5, 1, 1, 1)
    assert [label for label, _ in counts.items] == ["gepland", "lopend", "afgerond", "geschrapt", "onbekend"]


def test_unknown_is_derived_never_reported(plan):
    action = Action.objects.get(line__plan=plan, number="2.3")
    with pytest.raises(ValidationError) as caught:
        ProgressUpdate(action=action, date=DAY(2020, 6, 1), status="unknown", source="x").full_clean()
    assert "status" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(action=action, date=DAY(2020, 6, 1), status="unknown", source="x")
    assert not hasattr(Action, "status") or not isinstance(getattr(Action, "status", None), property)
    assert "status" not in {f.name for f in Action._meta.get_fields()}


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


def test_database_rejects_progress_over_100_unknown_timing_kinds_and_plan_end_before_start(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(line__plan=plan, number="1.1").update(progress_override=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(line__plan=plan, number="1.1").update(timing_kind="someday")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(end_date=DAY(2019, 1, 1))


def test_progress_update_cannot_predate_the_plan(plan):
    update = ProgressUpdate(
        action=Action.objects.get(line__plan__slug="testplan", number="1.1"),
        date=DAY(2019, 5, 1),
        status="done",
        source="x",
    )
    with pytest.raises(ValidationError) as caught:
        update.full_clean()
    assert caught.value.message_dict["date"] == [
        "Een voortgangsmelding kan niet dateren van vóór de start van het plan (01/01/2020)."
    ]


def test_only_guidance_recommendations_are_adopted_by_dutch_municipalities(plan):
    adoption = Adoption(
        recommendation=Action.objects.get(line__plan__slug="testplan", number="1.1"),
        municipality=Municipality.objects.get(code="11002"),
        where="practice",
        evidence_title="x",
    )
    with pytest.raises(ValidationError) as caught:
        adoption.full_clean()
    assert set(caught.value.message_dict) >= {"recommendation"}


def test_a_status_asked_for_another_day_is_refused_not_silently_kept(plan):
    """with_status decides the day once; asking for another afterwards would answer for the wrong day."""
    mine = Action.objects.filter(line__plan=plan)
    with pytest.raises(ValueError):
        mine.with_progress().with_overdue_on(DAY(2022, 1, 1))
    assert mine.with_status(DAY(2022, 1, 1)).with_status(DAY(2022, 1, 1)).count() == mine.count()
    assert all(hasattr(a, "status_source") for a in mine.with_status())
