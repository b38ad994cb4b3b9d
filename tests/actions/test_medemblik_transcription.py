"""Medemblik's project brief (seed 002) is transcribed completely: each section compared with the seed itself."""

import re

import pytest

from actions.models import Action, Plan, Reference, Target
from tests.actions.test_views import MAX_QUERIES
from tests.seed_text import comparable, seed

pytestmark = pytest.mark.django_db
MEDEMBLIK = "medemblik-meer-pleeggezinnen-fase-2"
SEED = "002_5ce1e7445a01ec51.txt"


def section(start, end):
    """The seed text between two headings, as its list items: ["item text", ...] (wrapped lines joined)."""
    text = seed(SEED)
    body = text[text.index(start) + len(start) : text.index(end, text.index(start))]
    items = re.split(r"(?m)^\s*[-o] ", body)[1:]
    return [comparable(item) for item in items]


def stored_items(text):
    return [comparable(item) for item in re.split(r"(?m)^\s*- ", text)[1:]]


@pytest.fixture
def plan():
    return Plan.objects.get(slug=MEDEMBLIK)


def test_all_ten_partner_entries_internal_ones_included(plan):
    source = section("Betrokken / te betrekken samenwerkingspartners:", "Wanneer zijn we tevreden")
    assert len(source) == 10 and "Coördinator Team Sociaal Domein" in source and "Afdeling communicatie" in source
    assert stored_items(plan.involvement_text) == source


@pytest.mark.parametrize(
    "field, start, end",
    [
        ("communication", "Communicatie en evaluatie:", "Projecteffecten"),
        ("positive_effects", "Positieve effecten:", "Risico’s:"),
        ("risks", "Risico’s:", "Kans:"),
        ("preconditions", "Randvoorwaarden", "Projectafbakening"),
    ],
)
def test_each_section_holds_every_item_of_the_source_in_order(plan, field, start, end):
    source = section(start, end)
    assert source and stored_items(getattr(plan, field)) == source


def test_the_committee_presentation_keeps_its_date(plan):
    assert "Presenteren Actieplan in Oriënterende commissievergadering dd. 11 januari 2017" in plan.communication


def test_principles_with_their_sub_items_and_the_dependency_sentence(plan):
    text = seed(SEED)
    principles = text[text.index("Uitgangspunten") : text.index("Binnen dit project")]
    source_items = [comparable(item) for item in re.split(r"(?m)^\s*[-o] ", principles)[1:]]
    assert (
        len(source_items) == 5 and [comparable(i) for i in re.split(r"(?m)^\s*- ", plan.principles)[1:]] == source_items
    )
    dependency = text[text.index("Binnen dit project") : text.index("Randvoorwaarden")]
    assert comparable(plan.dependencies) == comparable(dependency)


def test_summary_is_the_sources_introduction_and_aims_word_for_word(plan):
    source = comparable(seed(SEED))
    for paragraph in plan.summary.split("\n\n"):
        assert comparable(paragraph) in source, paragraph


def test_both_annexes_with_their_dates(plan):
    annexes = Reference.objects.filter(plan=plan, kind=Reference.Kind.ANNEX).order_by("position")
    assert [(a.date.isoformat(), a.title) for a in annexes] == [
        ("2017-01-24", "Actieplan meer pleeggezinnen, dd. 24 januari 2017"),
        ("2017-06-06", "Actieplan meer pleeggezinnen, dd. 6 juni 2017"),
    ]
    header = comparable(seed(SEED)[: seed(SEED).index("Opdrachtgever")])
    assert all(f"dd. {a.title.split('dd. ')[1]}" in header for a in annexes)


def test_success_criteria_are_indicative_as_the_source_says_bijvoorbeeld(plan, client):
    assert "Bijvoorbeeld:" in seed(SEED) and plan.success_criteria.splitlines()[1] == "Bijvoorbeeld:"
    targets = Target.objects.filter(plan=plan)
    assert targets.count() == 3 and all(t.indicative for t in targets)
    source = comparable(seed(SEED))
    assert all(comparable(t.target_text.rstrip(".;")) in source for t in targets)
    assert not Target.objects.exclude(plan=plan).filter(indicative=True).exists()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count('<strong class="marker">indicatief</strong>') == 3


def test_the_national_website_is_its_own_activity_and_in_development():
    action = Action.objects.with_status().get(line__plan__slug=MEDEMBLIK, title="Landelijke website is in ontwikkeling")
    assert action.number == "4.6" and action.status == "ongoing"
    update = action.updates.get()
    assert update.note.startswith("Landelijke website is in ontwikkeling") and update.date.isoformat() == "2017-11-28"
    website = Action.objects.get(line__plan__slug=MEDEMBLIK, number="4.5")
    assert website.title == "Website gemeente Medemblik: informatie over pleegzorg" and not website.description


def test_a_continuing_campaign_is_timing_and_not_a_result():
    campaign = Action.objects.filter(line__plan__slug=MEDEMBLIK, line__number=4, number__in=["4.1", "4.2", "4.3"])
    assert campaign.count() == 3
    for action in campaign:
        assert action.result == "" and action.timing_kind == "ongoing"
        assert comparable("Realisatie: " + action.timing_text) in comparable(seed(SEED))
    assert not Action.objects.filter(line__plan__slug=MEDEMBLIK, result__icontains="doorlopende").exists()


def test_every_activity_bullet_of_the_four_action_points_is_an_action():
    text = seed(SEED)
    table = text[text.index("ACTIEPUNT 1:") : text.index("Betrokken / te betrekken")]
    bullets = [comparable(b) for b in re.findall(r"• (.+?)(?=\n\s*\n|\n\S.*\n\n|$)", table, re.S)]
    titles = [
        comparable(t)
        for t in Action.objects.filter(line__plan__slug=MEDEMBLIK)
        .order_by("line__number", "position")
        .values_list("title", flat=True)
    ]
    assert len(titles) == table.count("•") == 18
    for title in titles:
        assert title in comparable(table), title
    assert all(any(title.startswith(bullet[:25]) for title in titles) for bullet in bullets)


def test_the_page_shows_every_section_and_the_annexes(client, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES["plan"]):
        page = client.get(plan.get_absolute_url()).content.decode()
    for heading in (
        "Communicatie en evaluatie",
        "Positieve effecten",
        "Uitgangspunten",
        "Afhankelijkheden",
        "Randvoorwaarden",
        "Bijlagen die de bron noemt (niet in de bron opgenomen)",
    ):
        assert f">{heading}<" in page, heading
    assert "11 januari 2017" in page and "24 januari 2017" in page and "6 juni 2017" in page
    assert "Regionaal overleg beleidsmedewerkers Jeugd" in page and "bereidwilligheid van inwoners" in page
