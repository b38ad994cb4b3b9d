import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.forms import DATE_WIDGET, check_reference_date

from .models import ParliamentaryQuestion

# The Flemish foster-care services exist since 2014; earlier dates cannot be meaningful.
EARLIEST = datetime.date(2014, 1, 1)


class AnnexForm(forms.Form):
    datum = forms.DateField(label=_("Reference date"), required=False, widget=DATE_WIDGET)
    sinds = forms.DateField(
        label=_("Compare with (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Adds a sheet with the municipalities whose status changed since this day."),
    )
    vraag = forms.ModelChoiceField(
        label=_("Written question (optional)"),
        queryset=ParliamentaryQuestion.objects.all(),
        required=False,
        empty_label=_("none"),
    )

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
        return cleaned
