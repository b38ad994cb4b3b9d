import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The register and the plans start well after 2000; earlier dates cannot be meaningful.
EARLIEST = datetime.date(2000, 1, 1)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_reference_date(day, earliest=EARLIEST, message=None):
    """A Dutch validation error for a date in the future or before `earliest`."""
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    if day < earliest:
        raise forms.ValidationError(message or _("Choose a date from %(year)s on.") % {"year": earliest.year})
    return day


class ReferenceDateForm(forms.Form):
    """`?datum=`: the day a page shows; today when absent, a Dutch error when impossible."""

    datum = forms.DateField(label=_("On"), required=False, widget=DATE_WIDGET)

    def clean_datum(self):
        day = self.cleaned_data["datum"]
        return check_reference_date(day) if day else timezone.localdate()

    @classmethod
    def day_from(cls, params):
        """(day, form): the valid day, or today with the form carrying the error."""
        form = cls(params)
        day = form.cleaned_data["datum"] if form.is_valid() else timezone.localdate()
        return day, form
