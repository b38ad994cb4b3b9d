"""Loading the action plans transcribed from the source documents (fixtures/plans/*.json).

Idempotent: every object is found by its natural key (organisation short name, plan slug, line
number, action number, ...) and updated in place; all or nothing. Every object is validated with
full_clean before it is saved, so a fixture cannot smuggle in what the admin would refuse.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.text import slugify

from municipalities.models import KeyFigure, Municipality
from municipalities.seeds import SeedError, save_validated

from .models import Action, Adoption, Line, Organisation, Plan, Target

PLANS = Path(settings.BASE_DIR) / "fixtures" / "plans"


# A plan fixture is invalid; the message names the file and the object, in Dutch.
PlanSeedError = SeedError


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _number(text):
    return Decimal(text) if text not in (None, "") else None


def _save(instance, where, **values):
    return save_validated(instance, where, values)


def _get_or_new(model, **lookup):
    return model.objects.filter(**lookup).first() or model(**lookup)


@transaction.atomic
def load(folder=PLANS):
    """Load every plan file in `folder`; returns {file name: number of actions}."""
    report = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            report[path.name] = _load_plan(data, path.name)
        except (KeyError, ValueError, TypeError, ObjectDoesNotExist) as error:
            raise PlanSeedError(f"{path.name}: {error!r}") from None
    return report


def _load_plan(data, where):
    municipalities = {}

    def municipality(code):
        if code not in municipalities:
            municipalities[code] = Municipality.objects.get(code=code)
        return municipalities[code]

    organisations = {}
    for item in data["organisations"]:
        organisation = _get_or_new(Organisation, short_name=item["short_name"])
        organisations[item["short_name"]] = _save(
            organisation,
            f"{where}, organisatie {item['short_name']}",
            name=item["name"],
            slug=organisation.slug or slugify(item["short_name"]),
            kind=item.get("kind") or Organisation.Kind.OTHER,
            municipality=municipality(item["municipality"]) if item.get("municipality") else None,
        )

    fields = data["plan"]
    plan = _save(
        _get_or_new(Plan, slug=fields["slug"]),
        f"{where}, plan",
        title=fields["title"],
        kind=fields["kind"],
        owner=organisations[fields["owner"]],
        municipality=municipality(fields["municipality"]) if fields.get("municipality") else None,
        period_text=fields.get("period_text") or "",
        start_date=_day(fields.get("start_date")),
        end_date=_day(fields.get("end_date")),
        budget=_number(fields.get("budget_eur")),
        budget_note=fields.get("budget_note") or "",
        summary=fields.get("summary") or "",
        risks=fields.get("risks") or "",
        opportunities=fields.get("opportunities") or "",
        out_of_scope=fields.get("out_of_scope") or "",
        success_criteria=fields.get("success_criteria_text") or "",
        source=fields["source"],
    )
    plan.partners.set([organisations[name] for name in fields.get("partners", [])])

    lines, actions = {}, {}
    for item in data["lines"]:
        line = _save(
            _get_or_new(Line, plan=plan, number=item["number"]),
            f"{where}, lijn {item['number']}",
            title=item["title"],
            challenge=item.get("challenge") or "",
        )
        lines[item["number"]] = line
        for position, entry in enumerate(item["actions"], start=1):
            action = _save(
                _get_or_new(Action, line=line, number=entry["number"]),
                f"{where}, actie {entry['number']}",
                position=position,
                title=entry["title"][:300],
                description=entry.get("description") or "",
                result=entry.get("result") or "",
                timing_text=entry.get("timing_text") or "",
                quote=entry.get("quote") or "",
            )
            action.responsible.set([organisations[name] for name in entry.get("responsible", [])])
            action.example_municipalities.set([municipality(code) for code in entry.get("example_municipalities", [])])
            actions[entry["number"]] = action

    for item in data.get("targets", []):
        kind, _, key = item["applies_to"].partition(":")
        if kind == "plan":
            owner = {"plan": plan}
        elif kind == "line":
            owner = {"line": lines.get(int(key))}
        else:
            owner = {"action": actions.get(key)}
        if None in owner.values():
            raise PlanSeedError(f"{where}: doel bij onbekende {item['applies_to']}")
        target = _get_or_new(Target, indicator=item["indicator"], target_text=item["target_text"], **owner)
        _save(
            target,
            f"{where}, doel {item['indicator']}",
            unit=item["unit"],
            direction=item["direction"],
            baseline_value=_number(item.get("baseline_value")),
            baseline_date=_day(item.get("baseline_date")),
            baseline_text=item.get("baseline_text") or "",
            target_value=_number(item.get("target_value")),
            target_date=_day(item.get("target_date")),
        )

    for item in data.get("key_figures", []):
        figure = _get_or_new(KeyFigure, label=item["label"], area=item["area"], date=_day(item.get("date")))
        _save(
            figure,
            f"{where}, kerncijfer {item['label']}",
            value=Decimal(item["value"]),
            unit=item["unit"],
            date_label=item.get("date_label") or ("" if item.get("date") else "jaar niet vermeld in de bron"),
            country=item["country"],
            series=item.get("series") or "",
            source=item["source"],
            note=item.get("note") or "",
        )

    for item in data.get("adoptions", []):
        adoption = _get_or_new(
            Adoption, recommendation=actions[item["recommendation"]], municipality=municipality(item["municipality"]),
            where=item["where"],
        )
        _save(
            adoption,
            f"{where}, overname {item['recommendation']} door {item['municipality']}",
            adopted=True,
            date=_day(item.get("date")),
            evidence_title=item["evidence_title"][:500],
            evidence_url=item.get("evidence_url") or "",
            quote=item.get("quote") or "",
        )
    return len(actions)
