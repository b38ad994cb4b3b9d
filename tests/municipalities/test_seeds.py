import shutil
from decimal import Decimal

import pytest

from municipalities import seeds
from municipalities.models import FosterCareForm, KeyFigure, StatusEvent

pytestmark = pytest.mark.django_db


def test_seed_facts_are_loaded_with_their_sources():
    assert StatusEvent.objects.filter(municipality__province__iso_code="BE-VLI").count() == 41
    figures = {(f.label, f.area): f for f in KeyFigure.objects.filter(country="BE")}
    assert figures[("Pleegzorggemeenten", "Vlaanderen")].value == Decimal("177")
    assert figures[("Pleegzorggemeenten", "Vlaanderen")].date_label == "najaar 2023"
    assert figures[("Gemeenten in gesprek om pleegzorggemeente te worden", "Vlaanderen")].value == 15
    west = figures[("Kinderen en volwassenen in pleegzorg", "West-Vlaanderen")]
    assert (west.value, west.date.isoformat(), west.province.iso_code) == (1641, "2022-12-31", "BE-VWV")
    assert figures[("Begeleide pleeggezinnen", "West-Vlaanderen")].value == 1195
    assert all("vraag nr. 26" in f.source for f in figures.values())


def test_forms_of_foster_care_from_the_slides():
    forms = list(FosterCareForm.objects.all())
    assert [f.name for f in forms][:3] == [
        "Ondersteunende pleegzorg korte duur",
        "Ondersteunende pleegzorg lage frequentie",
        "Crisispleegzorg",
    ]
    assert len(forms) == 7
    assert (
        FosterCareForm.objects.get(name="Perspectiefzoekende pleegzorg").duration
        == "12 maanden, verlengbaar met 6 maanden"
    )
    assert not FosterCareForm.objects.get(name="Perspectiefzoekende pleegzorg").directly_accessible


def test_loading_again_changes_nothing():
    report = seeds.load()
    assert list(report) == [seed.name for seed in seeds.SEEDS]
    assert all((r.created, r.updated, r.kept) == (0, 0, []) for r in report.values())
    assert [report[name].unchanged for name in ("status-events.csv", "key-figures.csv", "foster-care-forms.csv")] == [
        41,
        4,
        7,
    ]


def test_an_invalid_row_is_refused_with_file_and_row_and_nothing_changes(tmp_path):
    for seed in seeds.SEEDS:
        shutil.copy(seeds.FIXTURES / seed.name, tmp_path / seed.name)
    # The second file corrects an untouched key figure; the last file has a bad row: the
    # correction must be rolled back with everything else.
    path = tmp_path / "key-figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(";1195;", ";1196;"), encoding="utf-8")
    path = tmp_path / "foster-care-forms.csv"
    path.write_text(path.read_text(encoding="utf-8") + "80;Nieuwe vorm;unknown_group;true;;;;bron\n", encoding="utf-8")
    with pytest.raises(seeds.SeedError, match="foster-care-forms.csv, rij 9"):
        seeds.load(folder=tmp_path)
    assert KeyFigure.objects.get(label="Begeleide pleeggezinnen").value == 1195
    assert not FosterCareForm.objects.filter(name="Nieuwe vorm").exists()


def test_a_bad_status_event_row_names_the_rule_it_breaks(tmp_path):
    for seed in seeds.SEEDS:
        shutil.copy(seeds.FIXTURES / seed.name, tmp_path / seed.name)
    path = tmp_path / "status-events.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "73028;Herstappe;stopped;2023-01-01;false;x;\n", encoding="utf-8"
    )
    with pytest.raises(seeds.SeedError, match="status-events.csv, rij 43: De eerste gebeurtenis"):
        seeds.load(folder=tmp_path)
    assert not StatusEvent.objects.filter(municipality__code="73028").exists()
