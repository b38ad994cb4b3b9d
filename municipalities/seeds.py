"""Facts from the source documents, loaded from the CSV files in fixtures/ with full validation.

Each file has a natural key. Seed data is loaded once (core.seeding): a later run creates what is
missing and brings fixture corrections to rows nobody touched, but never recreates a row an
officer deleted nor overwrites one an officer edited. All or nothing; every row carries its
source, every write the change reason "load_reference_data".
"""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from core.seeding import Seeder, SeedError

from .models import (
    FosterCareForm,
    FosterCareService,
    FosterCareTopic,
    KeyFigure,
    Municipality,
    Province,
    RegisterCompleteness,
    StatusEvent,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CHANGE_REASON = "load_reference_data"


@dataclass(frozen=True)
class SeedFile:
    name: str
    model: type
    key: tuple[str, ...]
    convert: Callable[[dict], dict]


def _day(text):
    return datetime.date.fromisoformat(text)


def _flag(text):
    if text not in ("true", "false"):
        raise ValueError(f"'{text}' is geen true of false")
    return text == "true"


def status_event(row):
    return {
        "municipality": Municipality.objects.get(code=row["municipality"]),
        "kind": row["kind"],
        "date": _day(row["date"]),
        "date_is_upper_bound": _flag(row["date_is_upper_bound"]),
        "source": row["source"],
        "note": row["note"],
    }


def key_figure(row):
    return {
        "series": row["series"],
        "label": row["label"],
        "value": Decimal(row["value"]),
        "unit": row["unit"],
        "date": _day(row["date"]),
        "date_label": row["date_label"],
        "area": row["area"],
        "country": row["country"],
        "province": Province.objects.get(iso_code=row["province"]) if row["province"] else None,
        "source": row["source"],
        "note": row["note"],
        "register_status": row["register_status"],
    }


def completeness(row):
    return {
        "province": Province.objects.get(iso_code=row["province"]),
        "complete_from": _day(row["complete_from"]),
        "complete_until": _day(row["complete_until"]) if row["complete_until"] else None,
        "source": row["source"],
        "quote": row["quote"],
    }


def care_form(row):
    return {
        "order": int(row["order"]),
        "name": row["name"],
        "group": row["group"],
        "directly_accessible": _flag(row["directly_accessible"]),
        "duration": row["duration"],
        "domicile": row["domicile"],
        "description": row["description"],
        "source": row["source"],
    }


def care_topic(row):
    return {
        "order": int(row["order"]),
        "slug": row["slug"],
        "title": row["title"],
        "text": row["text"],
        "source": row["source"],
    }


def care_service(row):
    """A foster-care service; `provinces` (its area) is a comma-separated list of ISO 3166-2 codes."""
    codes = [code.strip() for code in row["provinces"].split(",") if code.strip()]
    provinces = list(Province.objects.filter(iso_code__in=codes))
    if not codes or len(provinces) != len(codes):
        raise ValueError(f"onbekende of ontbrekende provincies: '{row['provinces']}'")
    return {
        "order": int(row["order"]),
        "slug": row["slug"],
        "name": row["name"],
        "provinces": provinces,
        "source": row["source"],
        "quote": row["quote"],
        "note": row["note"],
    }


SEEDS = [
    SeedFile("status-events.csv", StatusEvent, ("municipality", "kind", "date"), status_event),
    SeedFile("key-figures.csv", KeyFigure, ("label", "area", "date"), key_figure),
    SeedFile("foster-care-forms.csv", FosterCareForm, ("name",), care_form),
    SeedFile("foster-care-topics.csv", FosterCareTopic, ("slug",), care_topic),
    SeedFile("foster-care-services.csv", FosterCareService, ("slug",), care_service),
    SeedFile("register-completeness.csv", RegisterCompleteness, ("province", "complete_from"), completeness),
]


@transaction.atomic
def load(seeds=SEEDS, folder=FIXTURES):
    """Load every file of `seeds` from `folder`; returns {file name: core.seeding.SeedReport}.

    Raises SeedError (naming the file and row) for a row that is invalid, and then changes nothing.
    """
    seeder = Seeder(CHANGE_REASON)
    for seed in seeds:
        seeder.report(seed.name)
        with open(folder / seed.name, encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                _load_row(seeder, seed, row, f"{seed.name}, rij {number}")
    return seeder.reports


def _load_row(seeder, seed, row, where):
    if None in row:  # more cells than the header has columns: an unquoted ";" would lose text
        raise SeedError(f"{where}: meer velden dan kolommen (een ';' zonder aanhalingstekens?)")
    try:
        values = seed.convert(row)
    except (KeyError, ValueError, InvalidOperation, ObjectDoesNotExist) as error:
        raise SeedError(f"{where}: {error!r}") from None
    lookup = {name: values.pop(name) for name in seed.key}
    m2m = {name: values.pop(name) for name in list(values) if isinstance(values[name], list)}  # many-to-many
    key = "|".join(_key_text(lookup[name]) for name in seed.key)
    seeder.row(seed.name, key, seed.model, lookup, values, m2m=m2m, where=where)


def _key_text(value):
    if isinstance(value, Municipality):
        return value.code
    if isinstance(value, Province):
        return value.iso_code
    return "" if value is None else str(value)
