"""The three seed plans are complete: counts and spot-checked texts against the source documents."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from actions.models import Action, Adoption, Line, Plan, ProgressUpdate, Target
from actions.seeds import PLANS
from actions.timing import WHEN, parse_timing
from municipalities.models import KeyFigure

pytestmark = pytest.mark.django_db
NATIONAL, MEDEMBLIK, NVP = (
    "actieplan-pleegzorg-2017-2018",
    "medemblik-meer-pleeggezinnen-fase-2",
    "nvp-gemeenteraadsverkiezingen-2026",
)


def actions_per_line(slug):
    return [line.actions.count() for line in Line.objects.filter(plan__slug=slug).order_by("number")]


def test_national_plan_has_four_lines_and_every_table_row():
    plan = Plan.objects.get(slug=NATIONAL)
    assert plan.kind == "national" and [o.short_name for o in plan.ordered_authors()] == [
        "JN",
        "NVP",
        "NJI",
        "VNG",
        "VWS",
        "VenJ",
    ]
    assert sorted(plan.partners.values_list("short_name", flat=True)) == ["LOPOR", "SBPN"]
    # 18 rows of the four "Verantwoordelijk / Resultaat / Wanneer" tables, plus 1.1 described only in the text.
    assert actions_per_line(NATIONAL) == [3, 5, 7, 4]
    assert Line.objects.get(plan=plan, number=1).challenge.startswith(
        "Bij een uithuisplaatsing is de doelstelling om het perspectief van het kind op zorgvuldige wijze te verhelderen."
    )
    training = Action.objects.get(line__plan=plan, number="3.5")
    assert training.timing_text == "1-8 november 2017"
    assert (training.period_start, training.period_end) == (datetime.date(2017, 11, 1), datetime.date(2017, 11, 8))


def test_national_plan_targets():
    targets = Target.objects.filter(line__plan__slug=NATIONAL) | Target.objects.filter(
        action__line__plan__slug=NATIONAL
    )
    values = sorted((t.target_value for t in targets if t.target_value is not None))
    assert values == [Decimal(v) for v in ("5", "7", "10", "25", "60", "300")]
    assert targets.count() == 7
    score = targets.get(target_value=7)
    assert score.target_text == "scholingsactiviteiten door pleegouders worden gewaardeerd met tenminste een 7"
    experienced = targets.get(target_value=300)
    assert experienced.action.number == "4.4" and experienced.target_date == datetime.date(2019, 12, 31)


def test_national_plan_key_figures_of_annex_2():
    figures = KeyFigure.objects.filter(source__startswith="Actieplan Pleegzorg 2017-2018")
    assert figures.count() == 23
    unique_children = {f.date.year: f.value for f in figures.filter(series="nl-pleegkinderen-uniek")}
    assert unique_children == {2014: 21880, 2015: 22512}


def test_medemblik_plan():
    plan = Plan.objects.get(slug=MEDEMBLIK)
    assert plan.kind == "municipal" and plan.municipality.code == "GM0420"
    assert (plan.start_date, plan.end_date, plan.budget) == (
        datetime.date(2017, 11, 20),
        datetime.date(2018, 12, 31),
        Decimal("55000"),
    )
    assert actions_per_line(MEDEMBLIK) == [5, 2, 3, 8]
    assert Target.objects.filter(plan=plan).count() == 3
    assert "Inkoop van pleegzorg" in plan.out_of_scope
    assert {"Parlan", "William Schrikker Groep", "Leger des Heils"} <= set(
        plan.partners.values_list("short_name", flat=True)
    )
    assert Action.objects.filter(line__plan=plan, timing_text="half 2018").count() == 5


def test_nvp_guidance_with_adoptions_from_the_seed():
    plan = Plan.objects.get(slug=NVP)
    assert plan.kind == "guidance" and [o.short_name for o in plan.ordered_authors()] == ["NVP"]
    assert actions_per_line(NVP) == [3, 2, 2]
    adoptions = Adoption.objects.filter(recommendation__line__plan=plan)
    names = set(adoptions.values_list("municipality__name", flat=True))
    assert {"Groningen", "Lansingerland", "Vijfheerenlanden", "Amsterdam"} <= names
    assert adoptions.get(municipality__name="Vijfheerenlanden").where == "council_motion"
    assert adoptions.get(municipality__name="Lansingerland").quote.startswith(
        "Bijvoorbeeld zoals gemeente Lansingerland"
    )
    figures = {
        (f.series, f.date.year): f.value for f in KeyFigure.objects.filter(source__icontains="factsheet Pleegzorg 2024")
    }
    assert figures[("nl-pleeggezinnen", 2024)] == 14713
    assert figures[("nl-pleegkinderen", 2024)] == 19918
    assert figures[("nl-gestopte-pleegouders", 2023)] == 1051 and figures[("nl-gestopte-pleegouders", 2024)] == 2035


def test_every_timing_phrase_of_the_seeds_is_read_with_its_kind_or_flagged():
    for action in Action.objects.exclude(timing_text=""):
        read = parse_timing(action.timing_text, WHEN)
        assert action.timing_unparsed == (read is None), action.timing_text
        assert action.timing_kind == (read.kind if read else ""), action.timing_text
    flagged = set(Action.objects.filter(timing_unparsed=True).values_list("timing_text", flat=True))
    assert "Lange termijn" in flagged and "Herhaaldelijk" not in flagged
    assert not Action.objects.filter(line__plan__slug=NATIONAL, timing_unparsed=True).exists()


def kinds(slug):
    return dict(
        Action.objects.filter(line__plan__slug=slug).exclude(timing_text="").values_list("number", "timing_kind")
    )


def test_seed_deadlines_are_deadlines_and_windows_windows():
    national = kinds(NATIONAL)
    assert {n for n, kind in national.items() if kind == "deadline"} == {"2.1", "2.5", "3.1", "3.2", "3.3", "4.4"}
    assert national["1.2"] == national["3.5"] == national["2.2"] == "window"
    medemblik = kinds(MEDEMBLIK)
    assert [n for n, kind in medemblik.items() if kind == "deadline"] == ["1.1", "1.3", "1.4", "2.2", "4.7"]
    assert medemblik["2.1"] == "conditional" and medemblik["4.8"] == "ongoing"
    # "Realisatie: een doorlopende campagne …" is when the campaign runs, not what it delivers.
    assert [medemblik[n] for n in ("4.1", "4.2", "4.3")] == ["ongoing"] * 3
    conditional = Action.objects.get(line__plan__slug=MEDEMBLIK, number="2.1")
    assert conditional.timing_condition == "tenzij er gekozen wordt voor een landelijke website"
    assert (conditional.period_start, conditional.period_end) == (datetime.date(2018, 1, 1), datetime.date(2018, 3, 31))
    half = Action.objects.get(line__plan__slug=MEDEMBLIK, number="1.1")
    assert (half.period_start, half.period_end) == (None, datetime.date(2018, 6, 30))


SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def words(text):
    return " ".join(text.split())


def seeded_progress():
    """(fixture file, action number, progress entry) for every progress entry of every plan fixture."""
    for path in sorted(PLANS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for line in data["lines"]:
            for action in line["actions"]:
                for entry in action.get("progress", []):
                    yield data, action["number"], entry


def test_seeded_progress_quotes_its_seed_verbatim():
    entries = list(seeded_progress())
    assert len(entries) == 7
    for data, number, entry in entries:
        seed = words((SEEDS / data["source_seed"]).read_text(encoding="utf-8"))
        assert words(entry["quote"]) in seed, (number, entry["quote"])
        update = ProgressUpdate.objects.get(
            action__line__plan__slug=data["plan"]["slug"], action__number=number, date=entry["date"]
        )
        assert update.note.startswith(entry["quote"]) and update.status == entry["status"]
        assert update.source.startswith(
            (
                "Actieplan Pleegzorg 2017-2018 (ongedateerd), actielijn ",
                "Gemeente Medemblik, projectopdracht „Actieplan meer pleeggezinnen, Fase II”",
            )
        )


def test_every_progress_update_in_the_seeded_database_quotes_a_seed():
    seeds = [words(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")]
    updates = ProgressUpdate.objects.filter(action__isnull=False)
    assert updates.count() == 7
    for update in updates:
        quote = words(update.note.split("\n\n")[0])
        assert any(quote in seed for seed in seeds), update.note


def test_seeded_statuses_are_what_the_sources_say_and_nothing_more():
    statuses = dict(
        Action.objects.with_status()
        .filter(line__plan__slug=NATIONAL)
        .exclude(status="unknown")
        .values_list("number", "status")
    )
    assert statuses == {number: "ongoing" for number in ("1.1", "2.1", "2.2", "2.4", "3.1", "4.1")}
    others = Action.objects.with_status().exclude(line__plan__slug=NATIONAL)
    assert dict(others.exclude(status="unknown").values_list("title", "status")) == {
        "Landelijke website is in ontwikkeling": "ongoing"
    }
    assert set(others.values_list("status", flat=True)) == {"unknown", "ongoing"}
    assert not Action.objects.exclude(progress_override=None).exists()


def test_seeded_dates_follow_the_source():
    campaign = ProgressUpdate.objects.get(action__line__plan__slug=NATIONAL, action__number="3.1")
    assert campaign.date == datetime.date(2015, 9, 1)
    assert "alleen de maand (september 2015)" in campaign.note and "eerste dag" in campaign.note
    handbook = ProgressUpdate.objects.get(action__line__plan__slug=NATIONAL, action__number="1.1")
    assert handbook.date == datetime.date(2017, 3, 1) and "Handboek “Matching” gepubliceerd" in handbook.note
    taken_up = ProgressUpdate.objects.get(action__line__plan__slug=NATIONAL, action__number="2.1")
    assert taken_up.date == datetime.date(2017, 3, 1) and "ongedateerd" in taken_up.note
    assert "JN heeft dit inmiddels in samenwerking met de NVP en de VNG opgepakt." in taken_up.note


def test_loading_again_changes_nothing():
    before = (
        Action.objects.count(),
        Target.objects.count(),
        Adoption.objects.count(),
        KeyFigure.objects.count(),
        ProgressUpdate.objects.count(),
    )
    call_command("load_plans", stdout=StringIO())
    assert (
        Action.objects.count(),
        Target.objects.count(),
        Adoption.objects.count(),
        KeyFigure.objects.count(),
        ProgressUpdate.objects.count(),
    ) == before
