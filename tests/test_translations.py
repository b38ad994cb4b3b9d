"""The Dutch catalogue is complete, and the committed .mo is compiled from the current .po."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale" / "nl" / "LC_MESSAGES" / "django",
              ROOT / "locale_vendor" / "nl" / "LC_MESSAGES" / "django",
              ROOT / "locale_vendor" / "nl" / "LC_MESSAGES" / "djangojs"]
IDS = ["own", "vendor", "vendor-javascript"]


def test_every_catalogue_on_disk_is_checked():
    found = {path.with_suffix("") for path in ROOT.glob("locale*/*/LC_MESSAGES/*.po")}
    assert found == set(CATALOGUES)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=IDS)
def test_every_message_has_a_dutch_translation(catalogue):
    po = polib.pofile(f"{catalogue}.po")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert po.translated_entries() and len(po.translated_entries()) == len(po)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=IDS)
def test_compiled_catalogue_matches_the_source(catalogue):
    po = polib.pofile(f"{catalogue}.po")
    mo = polib.mofile(f"{catalogue}.mo")
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        msgstr, plural = compiled[(entry.msgctxt, entry.msgid)]
        assert (msgstr, {int(k): v for k, v in plural.items()}) == (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        ), entry.msgid
