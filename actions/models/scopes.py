"""Which plans a Planredacteur may change: every plan, unless bound to particular ones."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class PlanEditor(models.Model):
    """A plan granted to a user; a user with none may change every plan (pleegzorg.roles)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_bindings", verbose_name=_("user")
    )
    plan = models.ForeignKey("actions.Plan", on_delete=models.CASCADE, related_name="editors", verbose_name=_("plan"))
    history = HistoricalRecords()  # who was granted what, and by whom

    class Meta:
        verbose_name = _("plan of a plan editor")
        verbose_name_plural = _("plans of a plan editor")
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="plan_editor_once")]

    def __str__(self):
        return f"{self.user}: {self.plan}"


def editable_plan_ids(user):
    """The pks of the plans `user` may change, as a set, or None for every plan (superusers, and
    users bound to no plan). Whether they may change plans at all is their permissions' matter.
    Read once per user object (one query)."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_editable_plan_ids"):
        user._editable_plan_ids = (
            frozenset(user.plan_bindings.values_list("plan_id", flat=True)) if user.pk else frozenset()
        )
    return user._editable_plan_ids or None
