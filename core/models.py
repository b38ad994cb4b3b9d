"""What the loaders seeded: one record per fixture row, so that a later run can tell an officer's
edit or deletion from a row nobody touched (see core/seeding.py)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """A row a loader wrote from a fixture: which object, and its field values as seeded.

    `seed` is the fixture (a file or plan name), `key` the row's natural key as text; `values`
    maps field names to JSON-safe values (relations as natural keys, many-to-many fields as
    sorted lists of them), exactly as core.seeding compares them.
    """

    seed = models.CharField(_("seed"), max_length=200)
    key = models.TextField(_("natural key"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    seeded_object = GenericForeignKey("content_type", "object_id")
    values = models.JSONField(_("values as seeded"), encoder=DjangoJSONEncoder)
    seeded_at = models.DateTimeField(_("seeded at"))

    class Meta:
        verbose_name = _("seeded row")
        verbose_name_plural = _("seeded rows")
        ordering = ["seed", "key"]
        constraints = [models.UniqueConstraint(fields=["seed", "key"], name="seed_record_once_per_key")]

    def __str__(self):
        return f"{self.seed}: {self.key}"
