""""Laatst bijgewerkt" per page: which records of the audit trail each public page shows.

`PAGES` maps a URL name to a function of the URL's keyword arguments that returns querysets of
historical records: what the page draws on, filtered to the object where the page is about one.
`page_last_updated(view_name, kwargs)` gives the latest change among them (core.last_change: one
query) or None for a page that is not listed or whose records the trail does not hold. Drafts
(unpublished initiatives) do not count: their changes are not public.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from actions.models import (
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
from core.last_change import latest_change
from initiatives.models import Category, Initiative, ParliamentaryQuestion, QuestionPart
from municipalities.models import (
    FosterCareForm,
    FosterCareService,
    FosterCareTopic,
    KeyFigure,
    Municipality,
    Province,
    RegisterCompleteness,
    StatusEvent,
)


def _published_initiatives(**lookups):
    """The audit trail of initiatives the public has seen: every record of one that was ever
    published, so withdrawing it (is_published set to False) moves the date too."""
    ever_published = Initiative.history.filter(is_published=True).values("id")
    return Initiative.history.filter(id__in=ever_published, **lookups)


def _register():
    return [Province.history.all(), Municipality.history.all(), StatusEvent.history.all(),
            RegisterCompleteness.history.all()]


def _municipality(code):
    mine = {"municipality__code": code}
    predecessors = {"municipality__successor__code": code}
    return [
        Municipality.history.filter(code=code), Municipality.history.filter(successor__code=code),
        StatusEvent.history.filter(**mine), StatusEvent.history.filter(**predecessors),
        _published_initiatives(**mine), _published_initiatives(**predecessors),
        Plan.history.filter(municipality__code=code), Adoption.history.filter(municipality__code=code),
    ]


def _province(iso_code):
    return [
        Province.history.filter(iso_code=iso_code), Municipality.history.filter(province__iso_code=iso_code),
        StatusEvent.history.filter(municipality__province__iso_code=iso_code),
        RegisterCompleteness.history.filter(province__iso_code=iso_code),
    ]


def _plans():
    return [model.history.all() for model in (Plan, PlanAuthor, Line, Action, Responsibility, Target, ProgressUpdate,
                                              Adoption, Reference)]


def _plan(slug):
    return [
        Plan.history.filter(slug=slug), PlanAuthor.history.filter(plan__slug=slug), Line.history.filter(plan__slug=slug),
        Action.history.filter(line__plan__slug=slug), Responsibility.history.filter(action__line__plan__slug=slug),
        Target.history.filter(Q(plan__slug=slug) | Q(line__plan__slug=slug) | Q(action__line__plan__slug=slug)),
        ProgressUpdate.history.filter(
            Q(action__line__plan__slug=slug) | Q(target__plan__slug=slug) | Q(target__line__plan__slug=slug)
            | Q(target__action__line__plan__slug=slug)),
        Adoption.history.filter(recommendation__line__plan__slug=slug), Reference.history.filter(plan__slug=slug),
    ]


def _organisation(slug):
    return [Organisation.history.filter(slug=slug), Responsibility.history.filter(organisation__slug=slug),
            PlanAuthor.history.filter(organisation__slug=slug)]


def _question(number, date):
    return [ParliamentaryQuestion.history.filter(number=number, date=date),
            QuestionPart.history.filter(question__number=number, question__date=date)]


PAGES = {
    "home": lambda: [*_register(), KeyFigure.history.all()],
    "municipalities": lambda: [*_register(), _published_initiatives()],
    "municipality": _municipality,
    "municipalities:province": _province,
    "municipalities:map": _register,
    "municipalities:key_figures": lambda: [KeyFigure.history.all()],
    "municipalities:foster_care_forms": lambda: [FosterCareForm.history.all(), FosterCareTopic.history.all()],
    "initiatives:list": lambda: [_published_initiatives(), Category.history.all()],
    "initiatives:questions": lambda: [ParliamentaryQuestion.history.all(), QuestionPart.history.all()],
    "initiatives:question": _question,
    "actions:plans": _plans,
    "actions:plan": _plan,
    "actions:organisation": _organisation,
    "site:about": lambda: [FosterCareService.history.all(), Plan.history.all()],
}


def page_last_updated(view_name, kwargs):
    """When what the page `view_name` (a URL name such as "actions:plan") shows last changed, or None.
    One query for a listed page, none otherwise; None too where the address holds an impossible value."""
    records = PAGES.get(view_name)
    if records is None:
        return None
    try:
        return latest_change(records(**kwargs))
    except (ValidationError, ValueError):  # a 404 page for an impossible address (/vragen/26-2023-02-30/)
        return None
