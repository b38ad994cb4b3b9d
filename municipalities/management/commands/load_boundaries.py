from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from core.commands import RecordedCommand
from municipalities.boundaries import build_shapes
from municipalities.models import MapLayer, MapShape, Municipality

LAYER = "vlaanderen-brussel"
FILE = "be-gemeenten-2019.topojson"
SOURCE = "be-gemeenten-2019.topojson (bmesuere/belgium-topojson, CC0 1.0; data Statbel)"


class Command(RecordedCommand):
    help = _("Builds the map of Flanders and Brussels from the open boundary data (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help=_("Folder with the open reference data."))

    def handle(self, *args, data_dir=None, **options):
        path = Path(data_dir or settings.PLEEGZORG_DATA_DIR) / FILE
        if not path.is_file():
            self.stdout.write(self.style.WARNING(_("Skipped the map: %(file)s not found.") % {"file": path}))
            return
        municipalities = {m.code: m for m in Municipality.objects.flemish_register()}
        try:
            shapes = build_shapes(path, set(municipalities))
        except ValueError as error:
            raise CommandError(_("Map not built, nothing changed: %s") % error) from error
        size = sum(len(p) for p in shapes.paths.values())
        summary = _("Map: %(count)d municipalities, %(size)d KB of paths.") % {
            "count": len(shapes.paths), "size": size // 1024}
        layer = MapLayer.objects.filter(name=LAYER).first()
        stored = dict(layer.shapes.values_list("municipality__code", "path")) if layer else None
        if layer and layer.view_box == shapes.view_box and stored == shapes.paths:
            self.stdout.write(summary + " " + _("Unchanged."))  # `make run` runs this every time
            return
        with transaction.atomic():
            layer, _created = MapLayer.objects.update_or_create(
                name=LAYER, defaults={"view_box": shapes.view_box, "source": SOURCE}
            )
            layer.shapes.all().delete()
            MapShape.objects.bulk_create(
                MapShape(layer=layer, municipality=municipalities[code], path=path_data)
                for code, path_data in shapes.paths.items()
            )
        self.stdout.write(summary)
