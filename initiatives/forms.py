import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_WIDGET, check_reference_date
from municipalities.models import Province

from .models import ParliamentaryQuestion

# The Flemish foster-care services exist since 2014; earlier dates cannot be meaningful.
EARLIEST = datetime.date(2014, 1, 1)

# What a question's annex download must not be combined with: the archived file has its own dates.
REGISTER_FIELDS = ("datum", "sinds", "provincie")


def answered_questions():
    """The questions whose annex was archived on answering, newest first, without the archived bytes."""
    return ParliamentaryQuestion.objects.filter(state=ParliamentaryQuestion.State.ANSWERED).defer("annex")


class AnnexForm(forms.Form):
    """The public annex download: the register on a date, or the archived annex of an answered question.

    - `datum` (today when empty) and `sinds` (optional, before `datum`): the register's annex, built now,
      without a question heading;
    - `provincie` (ISO code of a Belgian province or Brussels): only offered and accepted with `staff=True`;
      anyone else sending it gets a form error rather than the whole annex;
    - `vraag`: an answered question only (drafts and unknown pks are an invalid choice); the download is
      then that question's archived file, so the fields above must stay empty.
    """

    datum = forms.DateField(label=_("Reference date"), required=False, widget=DATE_WIDGET)
    sinds = forms.DateField(
        label=_("Compare with (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Adds a sheet with the municipalities whose status changed since this day."),
    )
    provincie = forms.ModelChoiceField(
        label=_("Province (staff only)"),
        queryset=Province.objects.flemish_register().order_by("kind", "name"),
        to_field_name="iso_code",
        required=False,
        empty_label=_("Flanders and Brussels as a whole"),
        error_messages={"invalid_choice": _("Choose a Flemish province or Brussels from the list.")},
    )
    vraag = forms.ModelChoiceField(
        label=_("Answered written question"),
        queryset=answered_questions(),
        required=False,
        empty_label=_("none"),
        help_text=_("Its annex is the file that was archived when the question was answered, unchanged."),
        error_messages={
            "invalid_choice": _(
                "Choose an answered written question from the list: only their archived annex can be downloaded."
            )
        },
    )

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        if not staff:
            del self.fields["provincie"]

    def clean_datum(self):
        day = self.cleaned_data["datum"] or timezone.localdate()
        return self._check_range(day)

    def clean_sinds(self):
        day = self.cleaned_data["sinds"]
        return self._check_range(day) if day else None

    def _check_range(self, day):
        return check_reference_date(day, EARLIEST, _("The register starts in 2014: choose a later date."))

    def clean(self):
        cleaned = super().clean()
        day, since = cleaned.get("datum"), cleaned.get("sinds")
        if day and since and since >= day:
            self.add_error("sinds", _("The comparison date must be before the reference date."))
        if not self.staff and self.data.get("provincie"):
            self.add_error(None, _("Only staff can download the annex of one province."))
        if cleaned.get("vraag") is not None and any(self.data.get(name) for name in REGISTER_FIELDS):
            self.add_error(
                "vraag",
                _(
                    "The annex of an answered question is the archived file, with the question's own reference "
                    "date: leave the dates and the province empty."
                ),
            )
        cleaned.setdefault("provincie", None)
        return cleaned
