"""Add Dutch translations to locale/nl and recompile, safely while others do the same.

    .venv/bin/python scripts/add_translations.py 'English msgid=Nederlandse vertaling' ...
    .venv/bin/python scripts/add_translations.py --file fragment.po

An existing msgid keeps its entry unless the new one differs (then the new translation wins).
`make messages` (GNU gettext) remains the way to collect msgids from the code; this is for adding
the translations of new messages while working.
"""

import argparse
import fcntl
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nl" / "LC_MESSAGES"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="*", help="msgid=msgstr")
    parser.add_argument("--file", help="a .po fragment")
    args = parser.parse_args()
    entries = []
    if args.file:
        entries += [e for e in polib.pofile(args.file) if e.msgid]
    for pair in args.pairs:
        msgid, sep, msgstr = pair.partition("=")
        if not sep or not msgstr:
            parser.error(f"not msgid=msgstr: {pair!r}")
        entries.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    with open(CATALOGUE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(CATALOGUE / "django.po"))
        for entry in entries:
            current = po.find(entry.msgid, msgctxt=entry.msgctxt)
            if current is None:
                po.append(
                    polib.POEntry(
                        msgid=entry.msgid,
                        msgstr=entry.msgstr,
                        msgctxt=entry.msgctxt,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural=entry.msgstr_plural,
                    )
                )
            else:
                current.msgstr, current.msgstr_plural = entry.msgstr, entry.msgstr_plural
                if "fuzzy" in current.flags:
                    current.flags.remove("fuzzy")
        po.save(str(CATALOGUE / "django.po"))
        po.save_as_mofile(str(CATALOGUE / "django.mo"))
    print(f"{len(entries)} translations added to {CATALOGUE / 'django.po'}")


if __name__ == "__main__":
    main()
