"""The source documents (the seeds) as tests read them, to compare transcriptions with the source itself.

The seeds are PDF text extractions: lines are wrapped, slides separated by blank lines, bullets
glued to their words. `comparable` reduces a text to its words in order so that a transcription
that joins the wrapped lines, puts a blank line between paragraphs or a "–" before a list item
compares equal to the source, while any missing, added or changed word does not.
"""

import re
from functools import cache

from django.conf import settings

MARKERS = re.compile(r"[•–-]")


def seeds_dir():
    """The seeds folder beside the repository (settings.BASE_DIR.parent / "shared" / "seeds")."""
    return settings.BASE_DIR.parent / "shared" / "seeds"


@cache
def seed(name):
    """The text of seed file `name` (e.g. "000_68cddf1ceb9c1139.txt")."""
    return (seeds_dir() / name).read_text(encoding="utf-8")


def comparable(text):
    """`text` as its words in order: list markers, dashes and hyphens dropped, whitespace collapsed."""
    return " ".join(MARKERS.sub(" ", text).split())


def written_question_sections():
    """({number: sub-question text}, {number: answer text}) of written question nr. 26, from the seed."""
    text = seed("000_68cddf1ceb9c1139.txt")
    questions = text[text.index("\n1. Graag"):text.index("HILDE CREVITS \nVICEMINISTER")]
    answers = text[text.index("van BRECHT WARNEZ\n1. ") + len("van BRECHT WARNEZ"):text.index("\nBIJLAGE\n")]
    return _numbered(questions), _numbered(answers)


def _numbered(section):
    pieces = re.split(r"(?m)^([1-9])\. ", section)
    return {int(number): body for number, body in zip(pieces[1::2], pieces[2::2], strict=True)}
