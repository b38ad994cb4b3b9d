"""Municipal boundaries as simplified SVG paths, built once from open data by `load_boundaries`."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .areas import Municipality


class MapLayer(models.Model):
    name = models.SlugField(_("name"), max_length=40, unique=True)
    view_box = models.CharField(_("SVG viewBox"), max_length=60)
    source = models.CharField(_("source"), max_length=300)
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")

    def __str__(self):
        return self.name


class MapShape(models.Model):
    layer = models.ForeignKey(MapLayer, on_delete=models.CASCADE, related_name="shapes", verbose_name=_("map layer"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="map_shapes", verbose_name=_("municipality")
    )
    path = models.TextField(_("SVG path"))

    class Meta:
        verbose_name = _("map shape")
        verbose_name_plural = _("map shapes")
        constraints = [
            models.UniqueConstraint(fields=["layer", "municipality"], name="map_shape_once_per_layer"),
            models.CheckConstraint(condition=models.Q(path__startswith="M"), name="map_shape_is_a_path"),
        ]

    def __str__(self):
        return gettext("map shape of %(municipality)s (%(layer)s)") % {
            "municipality": self.municipality, "layer": self.layer}
