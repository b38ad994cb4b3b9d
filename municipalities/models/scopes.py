"""Which provinces an editor may change: the five provincial foster-care services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditorProvince(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_provinces",
        verbose_name=_("user"),
    )
    province = models.ForeignKey(
        "municipalities.Province", on_delete=models.PROTECT, verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("province of an editor")
        verbose_name_plural = _("provinces of an editor")
        constraints = [
            models.UniqueConstraint(fields=["user", "province"], name="editor_province_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.province}"


def editable_province_ids(user):
    """The provinces `user` may edit, or None for all (superusers and editors bound to none)."""
    if user.is_superuser:
        return None
    ids = set(user.editor_provinces.values_list("province_id", flat=True))
    return ids or None
