"""The admin site as a whole: its Dutch name, and the third-party admins made to fit.

- The site is "Pleegzorg Tracker – beheer".
- auth's groups show a role's permissions read-only (pleegzorg/roles.py is their truth), in Dutch
  order (core.permissions.permission_sort_key).
- auth's groups and django-axes' logs get the same bounded search as ours. They are registered
  before this module is imported (their apps come first in INSTALLED_APPS); each is registered
  again as a subclass with core.admin_search.BoundedSearchAdmin in front. tests/test_bad_input.py
  checks every registered admin.
- django-axes' logs name themselves in English (`__str__`); the admin shows them in Dutch.
tests/test_admin_dutch.py opens every admin page and fails on English.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_search import BoundedSearchAdmin
from core.permissions import permission_sort_key

admin.site.site_header = admin.site.site_title = _("Pleegzorg Tracker – administration")
admin.site.index_title = _("Overview")


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"


def _attempt(self):
    return gettext("Login attempt by %(username)s at %(when)s") % {
        "username": self.username, "when": _when(self.attempt_time)}


def _log(self):
    return gettext("Login of %(username)s at %(when)s") % {
        "username": self.username, "when": _when(self.attempt_time)}


def _failure(self):
    return gettext("Failed login by %(username)s at %(when)s from %(ip)s") % {
        "username": self.username, "when": _when(self.attempt_time), "ip": self.ip_address}


# django-axes has no setting for these names; replacing __str__ changes only how a row is named.
AccessAttempt.__str__, AccessLog.__str__, AccessFailureLog.__str__ = _attempt, _log, _failure


class DutchGroupAdmin(BoundedSearchAdmin, GroupAdmin):
    """auth's group admin, its search bounded. A role's permissions are pleegzorg/roles.py's,
    applied after every migrate: shown here (in Dutch), not edited (an edit would silently be
    undone)."""

    fields = ["name", "role_permissions"]
    readonly_fields = ["role_permissions"]

    @admin.display(description=_("permissions"))
    def role_permissions(self, group):
        if group is None or group.pk is None:
            return "—"
        rights = sorted(group.permissions.select_related("content_type").order_by("codename"),
                        key=permission_sort_key)  # stable: within a model, by codename
        return format_html_join(mark_safe("<br>"), "{}", ((str(right),) for right in rights)) or "—"


admin.site.unregister(Group)
admin.site.register(Group, DutchGroupAdmin)

for model, model_admin in list(admin.site._registry.items()):
    if not isinstance(model_admin, BoundedSearchAdmin):
        admin.site.unregister(model)
        bounded = type(f"Bounded{type(model_admin).__name__}", (BoundedSearchAdmin, type(model_admin)), {})
        admin.site.register(model, bounded)


class DutchAccessAttemptAdmin(type(admin.site._registry[AccessAttempt])):  # type: ignore[misc]  # axes' registered class
    """django-axes builds two texts from English pieces ("3 Attempt Remaining", an f-string inside
    gettext for the clean-up message), which no catalogue can translate: said here in Dutch. Its
    clean-up action also reads the attempt time that axes sets on login requests only (a 500 from
    the admin); it is given the moment of the click."""

    @admin.display(description=_("status"))
    def status(self, obj):
        remaining = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if remaining <= 0:
            return gettext("Locked out")
        return ngettext("%(count)d attempt left", "%(count)d attempts left", remaining) % {"count": remaining}

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, ngettext(
            "%(count)d expired login attempt cleaned up.", "%(count)d expired login attempts cleaned up.", count) % {
            "count": count})


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, DutchAccessAttemptAdmin)

