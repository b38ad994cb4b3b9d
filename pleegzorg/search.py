""" "Is mijn gemeente pleegzorggemeente?": a name or code in, the municipality's own page out.

A GET form (no JavaScript, no cookie) that keeps the reader's `?datum=`: the answer's page shows that day. One municipality found: a redirect to its page; when it was
merged away, to its successor's page with `?via=<old code>`, where a note explains the merger above
the history it shares (municipality_detail). Several: a short choice list. None: a Dutch message
and the form again. Matching is Municipality.objects.search (accents, case, hyphens, French names,
NIS and CBS codes).
"""

from django import forms
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import chosen_day, dated_for
from core.text import SafeCharField
from municipalities.models import Municipality

MAX_LENGTH = 100
MAX_CHOICES = 20


class MunicipalitySearchForm(forms.Form):
    gemeente = SafeCharField(
        label=_("Is my municipality a pleegzorggemeente?"),
        max_length=MAX_LENGTH,
        strip=True,
        help_text=_("The name of a Flemish, Brussels or Dutch municipality (also in French), or its NIS or CBS code."),
        error_messages={
            "required": _("Type the name of a municipality."),
            "max_length": _("A municipality's name has at most %(limit_value)d characters."),
        },
    )


def page_of(found, answer=None):
    """The URL of the page that answers for `found` (a Municipality with its successor loaded): that of
    `answer` (by default what it is part of now, `current()`), with ?via=<code> when that is another one."""
    answer = answer or found.current()
    if answer.pk == found.pk:
        return answer.get_absolute_url()
    return f"{answer.get_absolute_url()}?{urlencode({'via': found.code})}"


def answers_on(found, day):
    """{municipality: the municipality that answers for it} for those of `found` that answer.

    Without a `day`, each answers with what it is part of now (`current()`). With one, by the rule of
    Municipality.objects.active_on: each with the last of it and its successors that existed that day
    (Kortessem in 2023: Kortessem itself), and one of which none existed that day (the Hasselt born in
    2025) is left out when another did exist (the old Hasselt); when none did, all answer as without a
    day (the page then says the municipality did not exist yet). One query with a day, none without.
    """
    lineages = {municipality: municipality.lineage_forward() for municipality in found}
    current = {municipality: lineage[-1] for municipality, lineage in lineages.items()}
    if day is None:
        return current
    ids = {m.pk for lineage in lineages.values() for m in lineage}
    existing = set(Municipality.objects.active_on(day).filter(pk__in=ids).values_list("pk", flat=True))
    that_day = {
        municipality: next((m for m in reversed(lineage) if m.pk in existing), None)
        for municipality, lineage in lineages.items()
    }
    return {m: answer for m, answer in that_day.items() if answer} or current


def municipality_search(request):
    """GET ?gemeente=<name or code>: redirect to the answer, or a choice list, or the form with a message.

    With a chosen `?datum=` (core.dates.chosen_day) the answer is the municipality that existed that day
    (Kortessem in 2023: Kortessem; in 2025: Hasselt), see `answers_on`."""
    form = MunicipalitySearchForm(request.GET or None)
    matches = None
    if form.is_valid():
        found = list(
            Municipality.objects.search(form.cleaned_data["gemeente"])
            .select_related("province", "successor")
            .order_by("name", "code")[: MAX_CHOICES + 1]
        )
        answers = answers_on(found, chosen_day(request))
        if len(set(answers.values())) == 1:
            # One answer. Under a name that old and new share (Tielt in 2025), that municipality itself.
            answer = next(iter(answers.values()))
            via = answer if answer in answers else next(iter(answers))
            return redirect(dated_for(request, page_of(via, answer)))
        matches = [
            (municipality, page_of(municipality, answers[municipality]))
            for municipality in found[:MAX_CHOICES]
            if municipality in answers
        ]
    return render(
        request,
        "site/search.html",
        {
            "form": form,
            "matches": matches,
            "more": matches is not None and len(found) > MAX_CHOICES,
            "breadcrumbs": [(gettext("Is my municipality a pleegzorggemeente?"), None)],
        },
    )
