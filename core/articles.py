"""Dutch articles for the admin's messages about an object ("Het initiatief ‘X’ is toegevoegd").

Django's Dutch catalogue writes every message about one object as "De {name} ‘{obj}’ …", which is
wrong for a het-word. Which article a noun takes is a property of the Dutch word, not of the
model, so the table below lists the het-words among the Dutch names of our models (the head of the
name: its first word). Everything else is a de-word. Source: Woordenlijst Nederlandse Taal.
"""

from django.utils.safestring import SafeData, mark_safe

HET_WORDS = {"initiatief", "kerncijfer", "onderwerp", "plan", "doel", "recht"}


def takes_het(noun):
    """True if the Dutch `noun` ("onderwerp over pleegzorg") takes "het"; judged on its first word."""
    words = str(noun).split()
    return bool(words) and words[0].lower() in HET_WORDS


def with_article(message, noun):
    """`message` with Django's "De {noun}" (and "deze", "een andere") and our "deze {noun}" made
    right for a het-word `noun`.

    A message about anything else is returned unchanged; a safe (HTML) message stays safe.
    """
    noun = str(noun)
    if not takes_het(noun) or (f"De {noun} " not in str(message) and f"deze {noun}" not in str(message)):
        return message
    fixed = (
        str(message)
        .replace(f"De {noun} ", f"Het {noun} ")
        .replace(f"deze {noun}", f"dit {noun}")
        .replace("U kunt deze hieronder", "U kunt dit hieronder")
        .replace(f"een andere {noun}", f"een ander {noun}")
    )
    return mark_safe(fixed) if isinstance(message, SafeData) else fixed
