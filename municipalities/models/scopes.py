"""Which provinces an editor may change: the five provincial foster-care services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class EditorProvince(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_provinces",
        verbose_name=_("user"),
    )
    province = models.ForeignKey("municipalities.Province", on_delete=models.PROTECT, verbose_name=_("province"))
    history = HistoricalRecords()  # who was granted what, and by whom

    class Meta:
        verbose_name = _("province of an editor")
        verbose_name_plural = _("provinces of an editor")
        constraints = [models.UniqueConstraint(fields=["user", "province"], name="editor_province_once")]

    def __str__(self):
        return f"{self.user}: {self.province}"


def editable_province_ids(user):
    """The pks of the provinces whose register `user` may change: None for every province
    (superusers, and whoever holds municipalities.change_every_province: the Beheerder), else
    exactly the provinces granted to them, as a set; an empty set means none (pleegzorg.roles:
    provinces are granted explicitly). Read once per user object (one query)."""
    if user.is_superuser or user.has_perm("municipalities.change_every_province"):
        return None
    if not hasattr(user, "_editable_province_ids"):
        user._editable_province_ids = (
            frozenset(user.editor_provinces.values_list("province_id", flat=True)) if user.pk else frozenset()
        )
    return user._editable_province_ids
