"""Facts from the source documents, loaded from the CSV files in fixtures/ with full validation.

Each file has a natural key; loading is idempotent (a row that matches is left alone) and all or
nothing. Every row carries its source.
"""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction

from .models import FosterCareForm, KeyFigure, Municipality, Province, StatusEvent

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class SeedError(Exception):
    """A fixture row is invalid; the message names the file and row, in Dutch."""


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


SEEDS = [
    SeedFile("status-events.csv", StatusEvent, ("municipality", "kind", "date"), status_event),
    SeedFile("key-figures.csv", KeyFigure, ("label", "area", "date"), key_figure),
    SeedFile("foster-care-forms.csv", FosterCareForm, ("name",), care_form),
]


@transaction.atomic
def load(seeds=SEEDS, folder=FIXTURES):
    """Create or update every row; returns {file name: (created, updated, unchanged)}."""
    report = {}
    for seed in seeds:
        counts = [0, 0, 0]
        with open(folder / seed.name, encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                counts[_load_row(seed, row, f"{seed.name}, rij {number}")] += 1
        report[seed.name] = tuple(counts)
    return report


def _load_row(seed, row, where):
    """0 when created, 1 when updated, 2 when unchanged."""
    try:
        values = seed.convert(row)
    except (KeyError, ValueError, InvalidOperation, ObjectDoesNotExist) as error:
        raise SeedError(f"{where}: {error!r}") from None
    instance = seed.model.objects.filter(**{k: values[k] for k in seed.key}).first()
    if instance is not None and all(getattr(instance, k) == v for k, v in values.items()):
        return 2
    outcome = 0 if instance is None else 1
    save_validated(instance or seed.model(), where, values)
    return outcome


def save_validated(instance, where, values):
    """Set `values`, validate as the admin would, then save; a SeedError names `where` otherwise."""
    for field, value in values.items():
        setattr(instance, field, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise SeedError(f"{where}: {' '.join(error.messages)}") from None
    instance.save()
    return instance
