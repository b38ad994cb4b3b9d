import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from municipalities.models import KeyFigure, Municipality, Province, RegisterCompleteness, Status, StatusEvent
from municipalities.statistics import counts_by_province, official_comparisons
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date


def status(municipality, day):
    return Municipality.objects.with_status_on(day).get(pk=municipality.pk).status


def event(municipality, kind, day, upper=False):
    return StatusEvent.objects.create(
        municipality=municipality, kind=kind, date=day, date_is_upper_bound=upper, source="test"
    )


@pytest.fixture
def town():
    return MunicipalityFactory()


def test_status_follows_the_events(town):
    event(town, "candidate", DAY(2020, 3, 1))
    event(town, "registered", DAY(2021, 6, 15))
    event(town, "stopped", DAY(2023, 1, 1))
    assert status(town, DAY(2020, 2, 29)) == Status.UNKNOWN  # no event, and Antwerp's register is not complete
    assert status(town, DAY(2020, 3, 1)) == Status.CANDIDATE
    assert status(town, DAY(2021, 6, 14)) == Status.CANDIDATE
    assert status(town, DAY(2021, 6, 15)) == Status.REGISTERED
    assert status(town, DAY(2023, 1, 1)) == Status.STOPPED


def test_candidacy_and_appointment_on_one_day_means_registered(town):
    event(town, "candidate", DAY(2022, 5, 1))
    event(town, "registered", DAY(2022, 5, 1))
    assert status(town, DAY(2022, 5, 1)) == Status.REGISTERED


def test_no_later_than_date_means_unknown_before_it(town):
    event(town, "registered", DAY(2023, 12, 31), upper=True)
    assert status(town, DAY(2023, 1, 1)) == Status.UNKNOWN
    assert status(town, DAY(2023, 12, 30)) == Status.UNKNOWN
    assert status(town, DAY(2023, 12, 31)) == Status.REGISTERED


def test_no_later_than_date_is_unknown_only_after_the_previous_event(town):
    event(town, "candidate", DAY(2022, 1, 10))
    event(town, "registered", DAY(2023, 12, 31), upper=True)
    assert status(town, DAY(2022, 1, 9)) == Status.UNKNOWN
    assert status(town, DAY(2022, 6, 1)) == Status.UNKNOWN
    assert status(town, DAY(2024, 1, 1)) == Status.REGISTERED


def test_annotations_give_dates_for_the_annex(town):
    event(town, "candidate", DAY(2020, 3, 1))
    event(town, "registered", DAY(2021, 6, 15))
    row = Municipality.objects.with_status_on(DAY(2022, 1, 1)).get(pk=town.pk)
    assert (row.status_date, row.status_date_is_upper_bound) == (DAY(2021, 6, 15), False)
    assert row.procedure_started == DAY(2020, 3, 1)


def test_merged_municipality_takes_its_successors_status_after_the_merger():
    kortessem, hasselt = Municipality.objects.get(code="73040"), Municipality.objects.get(code="71072")
    assert status(kortessem, DAY(2024, 6, 1)) == Status.REGISTERED  # its own, uiterlijk 31/12/2023
    # The new Hasselt has no status of its own yet: unknown, although Limburg's register is complete.
    assert status(kortessem, DAY(2025, 6, 1)) == Status.UNKNOWN
    assert status(hasselt, DAY(2025, 6, 1)) == Status.UNKNOWN
    event(hasselt, "candidate", DAY(2025, 3, 1))
    assert status(kortessem, DAY(2025, 6, 1)) == Status.CANDIDATE
    assert status(hasselt, DAY(2025, 6, 1)) == Status.CANDIDATE


def test_status_of_every_municipality_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(Municipality.objects.flemish_register().active_on(DAY(2024, 1, 1)).with_status_on(DAY(2024, 1, 1)))
    assert len(rows) == 319
    assert sum(row.status == Status.REGISTERED for row in rows) == 41


def test_limburg_facts_from_the_seed():
    herstappe = Municipality.objects.get(name="Herstappe")
    assert not herstappe.status_events.exists()
    alken = Municipality.objects.get(name="Alken").status_events.get()
    assert alken.date_display == "uiterlijk 31/12/2023"
    assert "Herstappe" in alken.note and "vraag nr. 26" in alken.source


def test_counts_per_province_on_a_day(django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows = {
            row.province.iso_code if row.province else "total": row for row in counts_by_province(DAY(2023, 12, 31))
        }
    limburg = rows["BE-VLI"]
    assert (limburg.active, limburg.registered, limburg.candidates, limburg.neither) == (42, 41, 0, 1)
    assert limburg.coverage == 97.6
    assert rows["total"].active == 319 and rows["total"].registered == 41
    before = {row.province.iso_code if row.province else "total": row for row in counts_by_province(DAY(2023, 1, 1))}
    assert (before["BE-VLI"].registered, before["BE-VLI"].unknown) == (0, 42)  # complete only on 31/12/2023
    assert before["BE-VLI"].coverage is None  # nothing known: no percentage
    after = {row.province.iso_code if row.province else "total": row for row in counts_by_province(DAY(2025, 6, 1))}
    assert after["total"].active == 304
    assert after["BE-BRU"].active == 19


def clean_error(**fields):
    with pytest.raises(ValidationError) as caught:
        StatusEvent(source="test", **fields).full_clean()
    return caught.value.message_dict


def test_appointment_before_the_start_of_the_procedure_is_refused(town):
    event(town, "candidate", DAY(2022, 5, 1))
    errors = clean_error(municipality=town, kind="registered", date=DAY(2022, 4, 1))
    assert errors["date"] == ["De benoeming (01/04/2022) kan niet vóór de start van de procedure (01/05/2022) liggen."]


def test_first_event_cannot_be_stopped(town):
    assert "kan niet" in clean_error(municipality=town, kind="stopped", date=DAY(2022, 4, 1))["date"][0]


def test_events_outside_the_municipalitys_life_are_refused():
    borsbeek = Municipality.objects.get(code="11007")
    errors = clean_error(municipality=borsbeek, kind="candidate", date=DAY(2025, 2, 1))
    assert "Antwerpen" in errors["date"][0] and "bestond" in errors["date"][0]
    pajottegem = Municipality.objects.get(code="23106")
    errors = clean_error(municipality=pajottegem, kind="candidate", date=DAY(2024, 2, 1))
    assert "bestond toen nog niet" in errors["date"][0]


def test_future_events_are_refused(town):
    errors = clean_error(municipality=town, kind="candidate", date=datetime.date.today() + datetime.timedelta(days=2))
    assert errors["date"] == ["Een gebeurtenis kan niet in de toekomst liggen."]


def test_only_flemish_and_brussels_municipalities_carry_the_status():
    groningen = Municipality.objects.get(code="GM0014")
    errors = clean_error(municipality=groningen, kind="candidate", date=DAY(2022, 1, 1))
    assert "Vlaamse en Brusselse" in errors["municipality"][0]


def test_same_event_twice_on_one_day_is_refused_by_model_and_database(town):
    event(town, "candidate", DAY(2022, 5, 1))
    errors = clean_error(municipality=town, kind="candidate", date=DAY(2022, 5, 1))
    assert "al deze gebeurtenis" in " ".join(sum(errors.values(), []))
    with pytest.raises(ValidationError, match="al deze gebeurtenis"):
        event(town, "candidate", DAY(2022, 5, 1))
    # The database constraint holds even for writes that bypass save().
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEvent.objects.bulk_create(
            [StatusEvent(municipality=town, kind="candidate", date=DAY(2022, 5, 1), source="x")]
        )


@pytest.mark.parametrize("fields", [{"kind": "appointed"}, {"source": ""}])
def test_database_rejects_unknown_kinds_and_missing_sources(town, fields):
    values = {"municipality": town, "kind": "candidate", "date": DAY(2022, 1, 1), "source": "x", **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusEvent.objects.create(**values)


def test_without_events_a_municipality_is_unknown_unless_its_register_is_complete(town):
    antwerp = Province.objects.get(iso_code="BE-VAN")
    assert status(town, DAY(2024, 1, 1)) == Status.UNKNOWN
    RegisterCompleteness.objects.create(
        province=antwerp, complete_from=DAY(2023, 1, 1), complete_until=DAY(2023, 12, 31), source="test"
    )
    assert status(town, DAY(2022, 12, 31)) == Status.UNKNOWN
    assert status(town, DAY(2023, 6, 1)) == Status.NONE
    assert status(town, DAY(2024, 1, 1)) == Status.UNKNOWN  # the record has ended


def test_limburg_is_complete_on_the_day_of_the_ministers_answer_so_herstappe_is_a_known_no_that_day():
    herstappe = Municipality.objects.get(name="Herstappe")
    assert status(herstappe, DAY(2023, 12, 30)) == Status.UNKNOWN
    assert status(herstappe, DAY(2023, 12, 31)) == Status.NONE
    assert status(herstappe, DAY(2024, 1, 1)) == Status.UNKNOWN  # the answer says nothing of later days
    record = RegisterCompleteness.objects.get(province__iso_code="BE-VLI")
    assert record.complete_from == record.complete_until == DAY(2023, 12, 31)
    assert "Herstappe" in record.quote and "vraag nr. 26" in record.source
    seed = (Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_68cddf1ceb9c1139.txt").read_text(
        encoding="utf-8"
    )
    assert record.quote in " ".join(seed.split())


def test_coverage_counts_known_statuses_only():
    rows = {row.province.iso_code if row.province else "total": row for row in counts_by_province(DAY(2023, 12, 31))}
    total = rows["total"]
    assert (total.registered, total.candidates, total.not_registered, total.unknown) == (41, 0, 1, 277)
    assert total.known == 42 and total.coverage == round(100 * 41 / 42, 1)
    assert total.registered + total.candidates + total.not_registered + total.unknown == total.active


def test_the_official_count_stands_beside_the_registers_own():
    counts = counts_by_province(DAY(2023, 12, 31))
    comparisons = {c.figure.register_status: c for c in official_comparisons(DAY(2023, 12, 31), counts)}
    assert (comparisons["registered"].register_count, int(comparisons["registered"].figure.value)) == (41, 177)
    assert comparisons["registered"].note == "het register bevat 41 van de 177 pleegzorggemeenten die de bron noemt"
    assert (comparisons["candidate"].register_count, int(comparisons["candidate"].figure.value)) == (0, 15)
    assert official_comparisons(DAY(2024, 1, 1), counts_by_province(DAY(2024, 1, 1))) == []
    assert KeyFigure.objects.filter(register_status="registered").get().source.startswith("Vlaams Parlement")


def test_a_merger_born_municipality_notes_its_predecessors_status():
    hasselt = Municipality.objects.get(code="71072")
    notes = Municipality.objects.filter(pk=hasselt.pk).merger_notes()
    last_day, predecessors = notes[hasselt.pk]
    assert last_day == DAY(2024, 12, 31)
    assert sorted((m.name, s) for m, s in predecessors) == [("Hasselt", "registered"), ("Kortessem", "registered")]
    antwerpen = Municipality.objects.get(code="11002")  # absorbed Borsbeek but kept its own code and status
    assert Municipality.objects.filter(pk=antwerpen.pk).merger_notes() == {}
