"""What the map page shows on a day: the drawn shapes, the municipalities of the day, their counts.

The boundaries (`load_boundaries`, MapLayer "vlaanderen-brussel") are those of 2019-2024. From
1 January 2025 on there are fewer municipalities than shapes: the shape of a municipality that
merged away stands for its successor, in the successor's colour and with a link to it
(`with_status_on` already answers for the successor). The table under the map and the legend are
about the municipalities of the day, never about shapes, so they always agree with each other and
with `statistics.counts_by_province`.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import F

from .models import Municipality
from .models.status import NOT_REGISTERED, Status
from .statistics import StatusCounts


@dataclass
class MapData:
    """`shapes`: Municipality rows with `path`, `merged` (it merged away before the day),
    `stands_for` (the municipality of the day whose status colours the shape and whose page it
    links to: its successor after a merger; None when none exists that day) and that `status`,
    [] without a layer;
    `register`: the municipalities of the day with their status, each with `drawn_as` (the names of
    the merged-away municipalities whose shapes stand for it) and `own_shape` (it has a shape of
    its own on the layer); `counts`: StatusCounts of `register`; `merged_shapes`: the shapes that stand
    for another municipality on this day; `merger_notes`: see `MunicipalityQuerySet.merger_notes`."""

    shapes: list
    register: list
    counts: StatusCounts
    merged_shapes: list
    merger_notes: dict


def map_data(day, layer):
    """The map of `day` on `layer` (None when no boundaries are loaded): MapData. Three queries with
    a layer, two without, plus one per merger date among the municipalities of the day."""
    register_queryset = (
        Municipality.objects.flemish_register()
        .active_on(day)
        .with_status_on(day)
        .select_related("province")
        .order_by("province__kind", "province__name", "name")
    )
    register = list(register_queryset)
    shapes = []
    if layer is not None:
        shapes = list(
            Municipality.objects.filter(map_shapes__layer=layer).annotate(path=F("map_shapes__path")).order_by("name")
        )
    of_the_day = {municipality.pk: municipality for municipality in register}
    drawn = {}
    for shape in shapes:
        merged = shape.successor_id is not None and shape.valid_until is not None and shape.valid_until < day
        stands_for = of_the_day.get(shape.successor_id if merged else shape.pk)
        # A shape has the colour and the link of the municipality of the day it stands for.
        shape.stands_for = stands_for
        shape.status = stands_for.status if stands_for else Status.UNKNOWN
        shape.merged = merged
        if stands_for:
            drawn.setdefault(stands_for.pk, []).append(shape)
    for municipality in register:
        own = drawn.get(municipality.pk, [])
        municipality.drawn_as = [shape.name for shape in own if shape.pk != municipality.pk]
        municipality.own_shape = any(shape.pk == municipality.pk for shape in own)
    return MapData(
        shapes=shapes,
        register=register,
        counts=count_statuses(register),
        merged_shapes=[shape for shape in shapes if shape.merged],
        merger_notes=register_queryset.merger_notes(),
    )


def count_statuses(municipalities):
    """StatusCounts (no province) of municipalities annotated by `with_status_on`."""
    by_status = Counter(m.status for m in municipalities)
    return StatusCounts(
        None,
        active=len(municipalities),
        registered=by_status[Status.REGISTERED],
        candidates=by_status[Status.CANDIDATE],
        not_registered=sum(by_status[status] for status in NOT_REGISTERED),
        unknown=by_status[Status.UNKNOWN],
    )
