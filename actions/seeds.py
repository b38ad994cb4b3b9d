"""Loading the action plans transcribed from the source documents (fixtures/plans/*.json).

Seed data is loaded once (core.seeding): every object is found by its natural key (organisation
short name, plan slug, line number, action number, ...); a later run creates what is missing and
brings fixture corrections to objects nobody touched, but never recreates what an officer deleted
nor overwrites what an officer edited (texts, responsible organisations, cited municipalities).
Children of a deleted plan, line or action are not recreated either. All or nothing; every object
is validated with full_clean before it is saved, so a fixture cannot smuggle in what the admin
would refuse, and every write carries the change reason "load_plans".
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.text import slugify

from core.models import SeedRecord
from core.seeding import EDITED, PARENT_DELETED, Seeder, SeedError
from municipalities.models import KeyFigure, Municipality

from .models import (
    Action,
    Adoption,
    Line,
    Organisation,
    Plan,
    PlanAuthor,
    ProgressUpdate,
    Reference,
    Responsibility,
    Target,
)

PLANS = Path(settings.BASE_DIR) / "fixtures" / "plans"
CHANGE_REASON = "load_plans"


# A plan fixture is invalid; the message names the file and the object, in Dutch.
PlanSeedError = SeedError


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def _number(text):
    return Decimal(text) if text not in (None, "") else None


@transaction.atomic
def load(folder=PLANS):
    """Load every plan file in `folder`; returns {file name: core.seeding.SeedReport}.

    Raises PlanSeedError (naming the file and object) for invalid data, and then changes nothing.
    """
    seeder = Seeder(CHANGE_REASON)
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            _load_plan(seeder, data, path.name)
        except (KeyError, ValueError, TypeError, ObjectDoesNotExist) as error:
            raise PlanSeedError(f"{path.name}: {error!r}") from None
    return seeder.reports


def _drop_withdrawn(seeder, seed, prefix, keys):
    """A responsible organisation the fixture no longer lists is a fixture correction: its row goes,
    unless an officer changed it since it was seeded (then it is kept and reported)."""
    for record in SeedRecord.objects.filter(seed=seed, key__startswith=prefix).exclude(key__in=keys):
        instance = record.seeded_object
        if instance is None:
            continue
        if instance.position != record.values.get("position"):
            seeder.report(seed).kept.append((record.key, EDITED))
            continue
        instance._change_reason = CHANGE_REASON
        instance.delete()
        record.delete()
        seeder.report(seed).updated += 1


def _load_plan(seeder, data, seed):
    municipalities = {}

    def municipality(code):
        if code not in municipalities:
            municipalities[code] = Municipality.objects.get(code=code)
        return municipalities[code]

    def row(key, model, lookup, values, m2m=None):
        return seeder.row(seed, key, model, lookup, values, m2m, where=f"{seed}, {key}")

    def skipped(key):
        seeder.report(seed).kept.append((key, PARENT_DELETED))

    organisations = {}
    for item in data["organisations"]:
        organisations[item["short_name"]] = row(
            f"organisatie {item['short_name']}",
            Organisation,
            {"short_name": item["short_name"]},
            {
                "name": item["name"],
                "slug": slugify(item["short_name"]),
                "kind": item.get("kind") or Organisation.Kind.OTHER,
                "municipality": municipality(item["municipality"]) if item.get("municipality") else None,
            },
        )

    def organisation_list(names):
        # An organisation an officer deleted is no longer anyone's partner.
        return [organisations[name] for name in names if organisations[name] is not None]

    fields = data["plan"]
    plan = row(
        "plan",
        Plan,
        {"slug": fields["slug"]},
        {
            "title": fields["title"],
            "kind": fields["kind"],
            "involvement_text": fields.get("involvement_text") or "",
            "municipality": municipality(fields["municipality"]) if fields.get("municipality") else None,
            "period_text": fields.get("period_text") or "",
            "start_date": _day(fields.get("start_date")),
            "end_date": _day(fields.get("end_date")),
            "budget": _number(fields.get("budget_eur")),
            "budget_note": fields.get("budget_note") or "",
            "summary": fields.get("summary") or "",
            "risks": fields.get("risks") or "",
            "opportunities": fields.get("opportunities") or "",
            "out_of_scope": fields.get("out_of_scope") or "",
            "success_criteria": fields.get("success_criteria_text") or "",
            "positive_effects": fields.get("positive_effects") or "",
            "principles": fields.get("principles") or "",
            "dependencies": fields.get("dependencies") or "",
            "preconditions": fields.get("preconditions") or "",
            "communication": fields.get("communication") or "",
            "source": fields["source"],
        },
        {"partners": organisation_list(fields.get("partners", []))},
    )

    # Authors, in the source's order: one row each, so that the order is kept and an officer's
    # change to one author is kept too.
    for position, name in enumerate(fields["authors"], start=1):
        key = f"auteur {name}"
        if plan is None or organisations[name] is None:
            skipped(key)
            continue
        row(key, PlanAuthor, {"plan": plan, "organisation": organisations[name]}, {"position": position})

    lines, actions = {}, {}
    for item in data["lines"]:
        key = f"lijn {item['number']}"
        if plan is None:
            lines[item["number"]] = None
            skipped(key)
            continue
        line = lines[item["number"]] = row(
            key, Line, {"plan": plan, "number": item["number"]},
            {"title": item["title"], "challenge": item.get("challenge") or ""},
        )
        for position, entry in enumerate(item["actions"], start=1):
            key = f"lijn {item['number']}, actie {entry['number']}"
            if line is None:
                actions[entry["number"]] = None
                skipped(key)
                for name in entry.get("responsible", []):
                    skipped(f"verantwoordelijk {entry['number']}|{name}")
                continue
            actions[entry["number"]] = row(
                key,
                Action,
                {"line": line, "number": entry["number"]},
                {
                    "position": position,
                    "title": entry["title"][:300],
                    "description": entry.get("description") or "",
                    "result": entry.get("result") or "",
                    "timing_text": entry.get("timing_text") or "",
                    "quote": entry.get("quote") or "",
                    "inference_note": entry.get("inference_note") or "",
                },
                {"example_municipalities": [municipality(code) for code in entry.get("example_municipalities", [])]},
            )
            # The Verantwoordelijk column, one row per organisation at its place in the source.
            for place, name in enumerate(entry.get("responsible", []), start=1):
                key = f"verantwoordelijk {entry['number']}|{name}"
                if actions[entry["number"]] is None or organisations[name] is None:
                    skipped(key)
                    continue
                row(key, Responsibility, {"action": actions[entry["number"]], "organisation": organisations[name]},
                    {"position": place})
            if actions[entry["number"]] is not None:
                _drop_withdrawn(seeder, seed, f"verantwoordelijk {entry['number']}|",
                                {f"verantwoordelijk {entry['number']}|{name}" for name in entry.get("responsible", [])})

    # Where the source says an action is under way or done: a progress update quoting it (the
    # note starts with the source's words, then how the date was read). The status is derived
    # from these updates; without one it is unknown.
    for item in data["lines"]:
        for entry in item["actions"]:
            for update in entry.get("progress", []):
                key = f"voortgang {entry['number']}|{update['date']}|{update['status']}"
                if actions[entry["number"]] is None:
                    skipped(key)
                    continue
                note = update["quote"] + (f"\n\n{update['date_note']}" if update.get("date_note") else "")
                row(
                    key,
                    ProgressUpdate,
                    {"action": actions[entry["number"]], "date": _day(update["date"]), "source": update["source"]},
                    {"status": update["status"], "note": note},
                )

    for item in data.get("targets", []):
        kind, _, number = item["applies_to"].partition(":")
        if kind == "plan":
            owners, owner_field, owner_key = {"plan": plan}, "plan", "plan"
        elif kind == "line":
            owners, owner_field, owner_key = lines, "line", int(number)
        else:
            owners, owner_field, owner_key = actions, "action", number
        if owner_key not in owners:
            raise PlanSeedError(f"{seed}: doel bij onbekende {item['applies_to']}")
        key = f"doel {item['applies_to']}|{item['indicator']}|{item['target_text']}"
        if owners[owner_key] is None:
            skipped(key)
            continue
        row(
            key,
            Target,
            {"indicator": item["indicator"], "target_text": item["target_text"], owner_field: owners[owner_key]},
            {
                "unit": item["unit"],
                "direction": item["direction"],
                "baseline_value": _number(item.get("baseline_value")),
                "baseline_date": _day(item.get("baseline_date")),
                "baseline_text": item.get("baseline_text") or "",
                "target_value": _number(item.get("target_value")),
                "target_date": _day(item.get("target_date")),
                "indicative": bool(item.get("indicative")),
            },
        )

    for item in data.get("key_figures", []):
        row(
            f"kerncijfer {item['label']}|{item['area']}|{item.get('date') or ''}",
            KeyFigure,
            {"label": item["label"], "area": item["area"], "date": _day(item.get("date"))},
            {
                "value": Decimal(item["value"]),
                "unit": item["unit"],
                "date_label": item.get("date_label") or ("" if item.get("date") else "jaar niet vermeld in de bron"),
                "country": item["country"],
                "series": item.get("series") or "",
                "source": item["source"],
                "note": item.get("note") or "",
            },
        )

    for item in data.get("adoptions", []):
        key = f"overname {item['recommendation']}|{item['municipality']}|{item['where']}"
        recommendation = actions[item["recommendation"]]
        if recommendation is None:
            skipped(key)
            continue
        row(
            key,
            Adoption,
            {"recommendation": recommendation, "municipality": municipality(item["municipality"]), "where": item["where"]},
            {
                "kind": item.get("kind") or Adoption.Kind.ADOPTION,
                "scope_note": item.get("scope_note") or "",
                "adopted": True,
                "date": _day(item.get("date")),
                "evidence_title": item["evidence_title"][:500],
                "evidence_url": item.get("evidence_url") or "",
                "quote": item.get("quote") or "",
            },
        )

    # What the plan refers to (annexes of links and examples, motions in footnotes), in its order.
    for position, item in enumerate(data.get("references", []), start=1):
        key = f"verwijzing {item['kind']}|{item['title']}"
        if plan is None:
            skipped(key)
            continue
        row(
            key,
            Reference,
            {"plan": plan, "kind": item["kind"], "title": item["title"]},
            {"position": position, "url": item.get("url") or "", "date": _day(item.get("date")),
             "text": item.get("text") or ""},
            {"municipalities": [municipality(code) for code in item.get("municipalities", [])]},
        )
