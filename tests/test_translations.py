"""The Dutch catalogue is complete, and the committed .mo is compiled from the current .po."""

from pathlib import Path

import polib

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale" / "nl" / "LC_MESSAGES", ROOT / "locale_vendor" / "nl" / "LC_MESSAGES"]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["own", "vendor"])
def test_every_message_has_a_dutch_translation(catalogue):
    po = polib.pofile(str(catalogue / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 20


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=["own", "vendor"])
def test_compiled_catalogue_matches_the_source(catalogue):
    po = polib.pofile(str(catalogue / "django.po"))
    mo = polib.mofile(str(catalogue / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        msgstr, plural = compiled[(entry.msgctxt, entry.msgid)]
        assert (msgstr, {int(k): v for k, v in plural.items()}) == (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ), entry.msgid
