"""A request the site refuses with a reason the reader can act on.

Raise `Refused(message)` (a Dutch, translated message) anywhere a request is processed, a data file's
rows included; Django turns it into a 400 response, and the project's handler400
(pleegzorg.views.bad_request) shows the message on the Dutch 400 page. Nothing was changed.
"""

from django.core.exceptions import BadRequest


class Refused(BadRequest):
    """400 with `message` on the page: bad input that must not be answered with something else."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
