"""The reference date (`?datum=`) every public page and data file reads, and the earliest date the app accepts.

The ground floor (core imports no app): the page form, the day a request chose, links that keep it
(templatetags/reference_date.py) and the day of a data file (`file_day`, which refuses an impossible day).
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import Refused

# The register and the plans start well after 2000; earlier dates cannot be meaningful.
EARLIEST = datetime.date(2000, 1, 1)
DATE_PARAMETER = "datum"  # the name of the reference date in every public page's query string
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
        """(day, form): the valid day, or today with the form carrying the error; without a day,
        today in an unbound form that shows it."""
        if not params.get(DATE_PARAMETER):
            today = timezone.localdate()
            return today, cls(initial={DATE_PARAMETER: today})
        form = cls(params)
        day = form.cleaned_data["datum"] if form.is_valid() else timezone.localdate()
        return day, form

    @classmethod
    def for_request(cls, request):
        """(day, form) of the request's `?datum=`, parsed once per request (see `day_from`).

        Every public page that shows a status on a day reads its day here, and the `dated` template
        tag (templatetags/reference_date.py) reads the same answer to keep the day in links.
        """
        if not hasattr(request, "_reference_date"):
            request._reference_date = cls.day_from(request.GET)
        return request._reference_date


def chosen_day(request):
    """The day the reader chose with a valid `?datum=`, or None (absent, empty or invalid: the page
    then shows today, and its links carry no date, so a bookmark keeps following today)."""
    day, form = ReferenceDateForm.for_request(request)
    return day if form.is_bound and form.is_valid() else None


def with_date(url, day):
    """`url` with `datum=<day>` added to its query string (before any #fragment); `url` when `day` is None."""
    if day is None:
        return url
    url, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({DATE_PARAMETER: day.isoformat()})}{hash_mark}{fragment}"


def dated_for(request, url):
    """`url` keeping the day `request` chose (`chosen_day`); `url` itself without a request or a chosen day."""
    return with_date(url, chosen_day(request) if request is not None else None)


def file_day(request):
    """The day a data file (CSV, JSON, Excel) is for: `?datum=`, today without one.

    A page shows an impossible day's error next to its date field; a file has no field to show it in
    and must never answer for another day than the one asked: core.errors.Refused (a 400 page with the
    Dutch reason) instead.
    """
    day, form = ReferenceDateForm.for_request(request)
    if form.is_bound and not form.is_valid():
        raise Refused(gettext("No file for the date “%(value)s”: %(reason)s") % {
            "value": request.GET.get(DATE_PARAMETER, ""), "reason": " ".join(form.errors[DATE_PARAMETER])})
    return day
