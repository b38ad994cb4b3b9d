"""The models of the ground floor.

- SeedRecord: what the loaders seeded, one record per fixture row, so that a later run can tell an
  officer's edit or deletion from a row nobody touched (see core/seeding.py).
- ChangeSet: what a group of writes was part of, in the audit trail (see core/changesets.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
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


class ChangeSet(models.Model):
    """One labelled group of writes in the audit trail: a bulk action, an import, a command's run.

    Every historical record written inside `core.changesets.recording(...)` points here
    (`history_change_set`), so the audit trail says what a write was part of: "Import: <bron>"
    with the uploaded file's SHA-256, "Bulkactie: <naam>" with the officer, "Opdracht:
    load_plans". A change set is stored with its first record only: one that wrote nothing leaves
    no row.
    """

    class Kind(models.TextChoices):
        BULK = "bulk", _("bulk action")
        IMPORT = "import", _("import")
        COMMAND = "command", _("command")

    label = models.CharField(_("label"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    command = models.CharField(_("command"), max_length=100, blank=True)
    sha256 = models.CharField(
        _("SHA-256 of the file"),
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}\Z", _("A SHA-256 is 64 hexadecimal digits."))],
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("change set")
        verbose_name_plural = _("change sets")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["bulk", "import", "command"]), name="change_set_kind"),
            models.CheckConstraint(
                condition=Q(sha256="") | Q(Exact(Length("sha256"), 64)), name="change_set_sha256_is_64_digits"
            ),
            models.CheckConstraint(condition=~Q(label=""), name="change_set_has_label"),
        ]

    def __str__(self):
        return self.label
