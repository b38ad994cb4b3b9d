"""Text that is safe to store and to write into any file format.

- XML 1.0 (and so every .xlsx part) forbids the C0 control characters other than tab, line feed
  and carriage return, lone surrogates and U+FFFE/U+FFFF. They arrive by paste (a vertical tab is
  Word's soft line break) and are invisible, so forms and imports refuse them with a Dutch
  message, and writers drop any that are already stored.
- A spreadsheet reads text that starts with one of FORMULA_STARTS as a formula (OWASP "CSV
  injection"); writers must keep such text as text.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def find_control_character(text: str) -> str | None:
    """The first forbidden character in `text` as 'U+000B', or None."""
    match = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def strip_control_characters(text: str) -> str:
    """`text` without the characters XML 1.0 forbids; everything else unchanged."""
    return CONTROL_CHARACTERS.sub("", text)


def validate_no_control_characters(value) -> None:
    """Validator for any text field: raises ValidationError (code 'control_character')."""
    if isinstance(value, str):
        found = find_control_character(value)
        if found:
            raise ValidationError(
                _("contains an invisible control character (%(character)s): remove it and try again."),
                code="control_character",
                params={"character": found},
            )


def check_text_fields(instance, exclude=None) -> dict:
    """{field name: [ValidationError]} for the text fields of `instance` holding a control character."""
    from django.db import models

    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and field.name not in (exclude or ()):
            try:
                validate_no_control_characters(getattr(instance, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
    return errors


class SafeCharField(forms.CharField):
    """A form's text field that refuses control characters (for forms that are not ModelForms)."""

    default_validators = [validate_no_control_characters]


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)
