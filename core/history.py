"""The audit trail's models, named in Dutch.

django-simple-history names a historical model "historical <verbose name>" with a fixed English
word. `HistoricalRecords` here translates that word; the English text (what migrations record,
rendered without a language) is unchanged, so no migration follows from it. Every model of the
project takes its HistoricalRecords from here.

Every historical model also has `history_change_set`: the ChangeSet (an import, a bulk action, a
command's run) the record was written in, if any (core/changesets.py), added through
simple-history's `bases` option.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history import models as simple_history


class ChangeSetRecord(models.Model):
    """The base of every historical model: what the record's write was part of."""

    history_change_set = models.ForeignKey(
        "core.ChangeSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("change set"))

    class Meta:
        abstract = True


class HistoricalRecords(simple_history.HistoricalRecords):
    """simple_history.models.HistoricalRecords with a translated verbose name ("versie van gemeente")
    and a change set on every record."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bases", (ChangeSetRecord,))
        super().__init__(*args, **kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            sender._meta.history_records = self  # for record_now()

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy(_("historical {}"), model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = format_lazy(
                pgettext_lazy("plural", "historical {}"), model._meta.verbose_name_plural)
        return options

    def get_meta_options_m2m(self, through_model):
        """The history of a many-to-many relation ("HistoricalPlan_partners" in English, as before)."""
        options = super().get_meta_options_m2m(through_model)
        if through_model._meta.auto_created:
            owner = through_model._meta.auto_created
            field = owner._meta.get_field(through_model._meta.object_name.split("_", 1)[1])
            # The English text only uses {model} and {field}: migrations see the name they always had.
            options["verbose_name"] = format_lazy(
                pgettext_lazy("relation", "Historical{model}_{field}"), model=owner._meta.object_name,
                field=field.name, model_name=owner._meta.verbose_name, field_name=field.verbose_name)
        return options


def tracks_many_to_many(model):
    """True when the audit trail of `model` keeps many-to-many relations (HistoricalRecords(m2m_fields=...))."""
    history = getattr(model, "history", None)
    return bool(getattr(getattr(history, "model", None), "_history_m2m_fields", None))


def record_now(instance, history_type="~"):
    """Write `instance`'s historical record as it is now, its many-to-many relations included.

    simple-history records a save at post_save, before a form saves the relations; the admin
    (core.admin.SafeAdmin) saves such a model without a record and calls this once its relations
    are saved: one version per save, with the relations as saved. `history_type`: "+" or "~".
    """
    instance._meta.history_records.create_historical_record(instance, history_type)
