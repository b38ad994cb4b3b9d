"""Dutch names for the rows that join two models (a many-to-many field's automatic through model).

Django names such a row "Plan_partners object (9)" in a "Plan-organisation relationship", from
class names, in English; the admin lists these rows when it asks to confirm a deletion. Those
models are created by Django, not declared anywhere, so `name_links()` (called once from
core.apps when all models are loaded) gives each a Dutch name and `__str__`:
"koppeling tussen plan en organisatie: Plan 2017 – Pleegzorg Nederland". Migrations do not
record these models' options; nothing else changes.
"""

from django.apps import apps
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _link_str(self):
    source, target = self._link_fields
    return f"{getattr(self, source)} – {getattr(self, target)}"


def name_links():
    """Name every auto-created through model after the two models it joins."""
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        relations = [field for field in opts.fields if field.is_relation]
        if not opts.auto_created or len(relations) != 2:
            continue
        source, target = relations
        names = {"source": source.related_model._meta.verbose_name, "target": target.related_model._meta.verbose_name}
        opts.verbose_name = format_lazy(_("link between {source} and {target}"), **names)
        opts.verbose_name_plural = format_lazy(_("links between {source} and {target}"), **names)
        model._link_fields = (source.name, target.name)
        model.__str__ = _link_str
