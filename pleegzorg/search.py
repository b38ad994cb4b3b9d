""""Is mijn gemeente pleegzorggemeente?": a name or code in, the municipality's own page out.

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

from core.dates import dated_for
from core.text import SafeCharField
from municipalities.models import Municipality

MAX_LENGTH = 100
MAX_CHOICES = 20


class MunicipalitySearchForm(forms.Form):
    gemeente = SafeCharField(
        label=_("Is my municipality a pleegzorggemeente?"), max_length=MAX_LENGTH, strip=True,
        help_text=_("The name of a Flemish, Brussels or Dutch municipality (also in French), or its NIS or CBS code."),
        error_messages={"required": _("Type the name of a municipality."),
                        "max_length": _("A municipality's name has at most %(limit_value)d characters.")},
    )


def page_of(found):
    """The URL of the page that answers for `found` (a Municipality with its successor loaded):
    its own, or its successor's with ?via=<code> when it merged away."""
    current = found.current()
    if current.pk == found.pk:
        return current.get_absolute_url()
    return f"{current.get_absolute_url()}?{urlencode({'via': found.code})}"


def municipality_search(request):
    """GET ?gemeente=<name or code>: redirect to the answer, or a choice list, or the form with a message."""
    form = MunicipalitySearchForm(request.GET or None)
    matches = None
    if form.is_valid():
        found = list(
            Municipality.objects.search(form.cleaned_data["gemeente"])
            .select_related("province", "successor")
            .order_by("name", "code")[: MAX_CHOICES + 1]
        )
        current = {municipality.current() for municipality in found}
        if len(current) == 1:
            # One answer. Under a name that old and new share (Tielt in 2025), today's municipality itself.
            today = current.pop()
            return redirect(dated_for(request, today.get_absolute_url() if today in found else page_of(found[0])))
        matches = [(municipality, page_of(municipality)) for municipality in found[:MAX_CHOICES]]
    return render(request, "site/search.html", {
        "form": form, "matches": matches, "more": matches is not None and len(found) > MAX_CHOICES,
        "breadcrumbs": [(gettext("Is my municipality a pleegzorggemeente?"), None)],
    })
