"""Searches are bounded, so that no search text can be too much for the database.

The admin turns every word of a search into one LIKE per search field, all combined: on SQLite a
long text fails with "LIKE or GLOB pattern too complex" and many words with "Expression tree is
too large". The public filters search one phrase, so only its length matters there.

- SEARCH_MAX_LENGTH bounds the public search fields (max_length of their CharFilter: Django's
  Dutch "at most 200 characters" message, and a maxlength attribute on the input).
- BoundedSearchAdmin (a ModelAdmin mixin, before ModelAdmin in the bases) refuses an admin search
  longer than SEARCH_MAX_LENGTH characters or with more than SEARCH_MAX_WORDS words: it shows a
  Dutch warning and an EMPTY list. An empty list, not the unfiltered one, so that nobody takes
  the whole table for the search's result.
"""

from django.contrib import messages
from django.utils.text import smart_split
from django.utils.translation import gettext

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 10


def search_is_too_large(term: str) -> bool:
    """True for a search longer than SEARCH_MAX_LENGTH or of more than SEARCH_MAX_WORDS words.

    Words are counted as the admin splits them (django.utils.text.smart_split: "quoted phrases"
    count as one).
    """
    if len(term) > SEARCH_MAX_LENGTH:
        return True
    words = 0
    for _word in smart_split(term):
        words += 1
        if words > SEARCH_MAX_WORDS:
            return True
    return False


class BoundedSearchAdmin:
    def get_search_results(self, request, queryset, search_term):
        """As ModelAdmin's, but a too large search gives no rows and a Dutch warning."""
        if search_is_too_large(search_term):
            messages.warning(
                request,
                gettext("Search not run: use at most %(length)s characters and %(words)s words.")
                % {"length": SEARCH_MAX_LENGTH, "words": SEARCH_MAX_WORDS},
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)
