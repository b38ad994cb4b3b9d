"""Simplified SVG outlines of Belgian municipalities, read from a TopoJSON file.

Pure Python (standard library only, no Django), so it can be used from a view, a management
command or a script alike. `build_shapes()` turns the TopoJSON of the Belgian municipalities
(`be-gemeenten-2019.topojson` in the data folder, see its README) into one compact SVG path
string per municipality, for a server-rendered map of Flanders and Brussels:

1. read and check the file (a `Topology` with a `municipalities` object);
2. select the municipalities (by default every Flemish and Brussels municipality);
3. decode the arcs they use (delta decoding and the quantisation `transform`);
4. project longitude/latitude onto the plane: equirectangular, x scaled by the cosine of the
   latitude of the centre, y flipped so north is up, fitted into `width` pixels with a margin;
5. simplify every arc once (Douglas-Peucker, tolerance in pixels, arc endpoints kept), so two
   neighbouring municipalities still share exactly the same border;
6. assemble the rings from the simplified arcs, round to 0.1 px, drop repeated points and
   rings that collapsed (never a whole municipality), and write compact path data:
   ``M x y`` then relative ``l`` pairs, ``z`` to close each ring.

Data notes on `be-gemeenten-2019.topojson` (checked against Statbel's REFNIS 2019 list):
the property `reg_nis` is wrong for Mesen (33016, tagged Walloon `03000`, province Hainaut
`50000`, arrondissement `57000`; it is Flemish, West-Vlaanderen, arrondissement Ieper), and
`arr_nis` still has the pre-2019 arrondissements for nine Hainaut municipalities. The region of
a municipality is therefore taken from its NIS code (`region_for_nis`), which is the official
key, not from the `reg_nis` property.

Building the shapes for the 319 municipalities takes a fraction of a second; callers that draw
the map on every request should still cache the result (e.g. keyed on the file's mtime).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass

FLEMISH_REGION = "02000"
BRUSSELS_REGION = "04000"
WALLOON_REGION = "03000"
DEFAULT_REGIONS = frozenset({FLEMISH_REGION, BRUSSELS_REGION})

# The first two digits of a Belgian NIS code of a municipality are its arrondissement. These are
# the arrondissements of the Flemish Region (provinces Antwerpen 1x, Vlaams-Brabant 23-24,
# West-Vlaanderen 3x, Oost-Vlaanderen 4x, Limburg 7x) and of Brussels (21); all others (25 Waals-
# Brabant, 5x Hainaut, 6x Liège, 8x Luxembourg, 9x Namur) are Walloon.
FLEMISH_ARRONDISSEMENTS = frozenset(
    {"11", "12", "13", "23", "24", "31", "32", "33", "34", "35", "36", "37", "38"}
    | {"41", "42", "43", "44", "45", "46", "71", "72", "73"}
)
BRUSSELS_ARRONDISSEMENTS = frozenset({"21"})

MUNICIPALITIES_OBJECT = "municipalities"
# Coordinates are written in tenths of a pixel.
PRECISION = 10
MARGIN_FRACTION = 0.01


@dataclass(frozen=True)
class MapShapes:
    view_box: str  # "0 0 W H"
    paths: dict[str, str]  # NIS code (5 digits) -> SVG path data


def region_for_nis(nis: str) -> str | None:
    """The REFNIS code of the region of a municipality, from its own NIS code.

    None if the code is not a 5-digit municipality code.
    """
    if len(nis) != 5 or not nis.isdigit():
        return None
    prefix = nis[:2]
    if prefix in FLEMISH_ARRONDISSEMENTS:
        return FLEMISH_REGION
    if prefix in BRUSSELS_ARRONDISSEMENTS:
        return BRUSSELS_REGION
    return WALLOON_REGION


# --- reading -----------------------------------------------------------------------------------


def load_topology(topojson_path) -> dict:
    """Read and check a TopoJSON file; FileNotFoundError if it does not exist.

    ValueError if it is not JSON, not a TopoJSON `Topology` or has no `municipalities` object.
    """
    with open(topojson_path, "rb") as handle:
        raw = handle.read()
    name = os.fspath(topojson_path)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{name} is not a TopoJSON file (not valid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("type") != "Topology":
        raise ValueError(f"{name} is not a TopoJSON file (no top-level \"type\": \"Topology\")")
    if not isinstance(data.get("arcs"), list):
        raise ValueError(f"{name} is not a TopoJSON file (no \"arcs\" list)")
    objects = data.get("objects")
    if not isinstance(objects, dict) or MUNICIPALITIES_OBJECT not in objects:
        raise ValueError(f"{name} has no \"{MUNICIPALITIES_OBJECT}\" object")
    collection = objects[MUNICIPALITIES_OBJECT]
    if not isinstance(collection, dict) or not isinstance(collection.get("geometries"), list):
        raise ValueError(f"{name}: \"{MUNICIPALITIES_OBJECT}\" is not a GeometryCollection")
    transform = data.get("transform")
    if transform is not None:
        try:
            if len(transform["scale"]) != 2 or len(transform["translate"]) != 2:
                raise ValueError
            [float(v) for v in (*transform["scale"], *transform["translate"])]
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{name}: invalid \"transform\" (needs scale and translate)") from None
    return data


def _nis_of(geometry: dict) -> str | None:
    properties = geometry.get("properties") or {}
    value = properties.get("nis", geometry.get("id"))
    if value is None:
        return None
    value = str(value).strip()
    return value.zfill(5) if value.isdigit() else value


def _polygons_of(geometry: dict) -> list[list[list[int]]]:
    """The polygons (lists of rings, each a list of arc indices) of a (Multi)Polygon."""
    kind = geometry.get("type")
    arcs = geometry.get("arcs") or []
    if kind == "Polygon":
        return [arcs]
    if kind == "MultiPolygon":
        return list(arcs)
    return []  # null geometry or a type without area: nothing to draw


def decode_arc(arc: list, transform: dict | None) -> list[tuple[float, float]]:
    """Positions of one arc; with a transform, delta-decoded and de-quantised."""
    if transform is None:
        return [(float(p[0]), float(p[1])) for p in arc]
    sx, sy = (float(v) for v in transform["scale"])
    tx, ty = (float(v) for v in transform["translate"])
    x = y = 0
    points = []
    for position in arc:
        x += position[0]
        y += position[1]
        points.append((x * sx + tx, y * sy + ty))
    return points


# --- geometry ----------------------------------------------------------------------------------


def _segment_distance(p, a, b) -> float:
    """Distance from point p to segment a-b."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = p[0] - ax, p[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px, py)
    t = (px * dx + py * dy) / length2
    if t <= 0:
        return math.hypot(px, py)
    if t >= 1:
        return math.hypot(px - dx, py - dy)
    return abs(px * dy - py * dx) / math.sqrt(length2)


def _douglas_peucker(points, first: int, last: int, tolerance: float, keep: list[bool]) -> None:
    stack = [(first, last)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = points[i], points[j]
        worst, worst_index = -1.0, -1
        for k in range(i + 1, j):
            d = _segment_distance(points[k], a, b)
            if d > worst:
                worst, worst_index = d, k
        if worst > tolerance:
            keep[worst_index] = True
            stack.append((i, worst_index))
            stack.append((worst_index, j))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification that always keeps the first and last point.

    Every dropped point lies within `tolerance` of the simplified line. A closed line (first
    point equal to the last) is first split at the point farthest from its start.
    """
    n = len(points)
    if n <= 2 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    if points[0] == points[-1]:
        start = points[0]
        far = max(range(1, n - 1), key=lambda k: math.dist(points[k], start))
        keep[far] = True
        _douglas_peucker(points, 0, far, tolerance, keep)
        _douglas_peucker(points, far, n - 1, tolerance, keep)
    else:
        _douglas_peucker(points, 0, n - 1, tolerance, keep)
    return [p for p, k in zip(points, keep, strict=True) if k]


def _signed_area(ring) -> float:
    """Twice the signed area (shoelace); positive is clockwise on screen (y down)."""
    total = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total


def _assemble_ring(ring_arcs: list[int], arc_points: dict[int, list]) -> list[tuple[int, int]]:
    """Join the (already projected, rounded) arcs of a ring; no repeated or closing point."""
    ring: list[tuple[int, int]] = []
    for index in ring_arcs:
        points = arc_points[index] if index >= 0 else arc_points[~index][::-1]
        for point in points:
            if not ring or ring[-1] != point:
                ring.append(point)
    while len(ring) > 1 and ring[-1] == ring[0]:
        ring.pop()
    return ring


def _distinct(ring) -> int:
    return len(set(ring))


# --- output ------------------------------------------------------------------------------------


def _number(value: int) -> str:
    """A coordinate in tenths of a pixel, with minimal digits: 30 -> "3", -5 -> "-.5"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), PRECISION)
    if tenth == 0:
        return f"{sign}{whole}"
    if whole == 0:
        return f"{sign}.{tenth}"
    return f"{sign}{whole}.{tenth}"


def _numbers(values) -> str:
    """Numbers joined compactly: a minus sign separates numbers by itself."""
    out: list[str] = []
    for value in values:
        text = _number(value)
        if out and not text.startswith("-"):
            out.append(" ")
        out.append(text)
    return "".join(out)


def ring_to_path(ring: list[tuple[int, int]]) -> str:
    """``M`` absolute start, relative ``l`` pairs, ``z``; coordinates in tenths of a pixel."""
    x0, y0 = ring[0]
    parts = ["M", _numbers((x0, y0))]
    if len(ring) > 1:
        deltas: list[int] = []
        px, py = x0, y0
        for x, y in ring[1:]:
            deltas += (x - px, y - py)
            px, py = x, y
        parts += ["l", _numbers(deltas)]
    parts.append("z")
    return "".join(parts)


# --- the map -----------------------------------------------------------------------------------


def _select(topology: dict, wanted: set[str] | None) -> dict[str, list]:
    """NIS code -> polygons (lists of rings of arc indices) of the selected municipalities.

    `wanted` None selects every Flemish and Brussels municipality.
    """
    selected: dict[str, list] = {}
    for geometry in topology["objects"][MUNICIPALITIES_OBJECT]["geometries"]:
        nis = _nis_of(geometry)
        if nis is None:
            continue
        if wanted is None:
            if region_for_nis(nis) not in DEFAULT_REGIONS:
                continue
        elif nis not in wanted:
            continue
        polygons = [[ring for ring in polygon if ring] for polygon in _polygons_of(geometry)]
        polygons = [polygon for polygon in polygons if polygon]
        if polygons:
            selected.setdefault(nis, []).extend(polygons)
    return selected


def build_shapes(
    topojson_path,
    codes: set[str] | None = None,
    tolerance: float = 0.6,
    width: int = 1000,
) -> MapShapes:
    """Simplified SVG paths of the selected municipalities, fitted into a `width`-wide viewBox.

    `codes`: the NIS codes to draw; None draws every Flemish and Brussels municipality (region
    taken from the NIS code, see `region_for_nis`). Codes not in the file are ignored; the
    projection covers exactly the selected shapes. `tolerance` is the Douglas-Peucker tolerance
    in pixels of the viewBox.

    FileNotFoundError if the file is missing; ValueError if it is not a TopoJSON file with a
    `municipalities` object.
    """
    topology = load_topology(topojson_path)
    transform = topology.get("transform")
    all_arcs = topology["arcs"]

    wanted = None if codes is None else {str(code).strip().zfill(5) for code in codes}
    try:
        selected = _select(topology, wanted)
        # Decode the arcs in use (longitude/latitude).
        used = sorted({index if index >= 0 else ~index
                       for polygons in selected.values()
                       for polygon in polygons for ring in polygon for index in ring})
        geographic = {index: decode_arc(all_arcs[index], transform) for index in used}
    except (AttributeError, IndexError, KeyError, TypeError) as exc:
        raise ValueError(f"{os.fspath(topojson_path)}: invalid geometry or arcs ({exc!r})") from None

    height_default = round(width / 2)
    if not selected:
        return MapShapes(view_box=f"0 0 {width} {height_default}", paths={})

    # Projection: equirectangular with x scaled by cos(latitude of the centre), north up.
    xs = [p[0] for points in geographic.values() for p in points]
    ys = [p[1] for points in geographic.values() for p in points]
    if not xs:
        return MapShapes(view_box=f"0 0 {width} {height_default}", paths={})
    min_lon, max_lon, min_lat, max_lat = min(xs), max(xs), min(ys), max(ys)
    cos_lat = math.cos(math.radians((min_lat + max_lat) / 2))
    extent_x = (max_lon - min_lon) * cos_lat
    extent_y = max_lat - min_lat
    margin = width * MARGIN_FRACTION
    inner = width - 2 * margin
    if extent_x > 0:
        scale = inner / extent_x
    elif extent_y > 0:  # a vertical line: fit its length instead
        scale = inner / extent_y
    else:  # a single point
        scale = 1.0
    height = math.ceil(extent_y * scale + 2 * margin)
    offset_x = margin + (inner - extent_x * scale) / 2

    def project(point):
        lon, lat = point
        return (offset_x + (lon - min_lon) * cos_lat * scale, margin + (max_lat - lat) * scale)

    # Simplify each arc once, then round to tenths of a pixel: shared borders stay identical.
    def rounded(points):
        return [(round(x * PRECISION), round(y * PRECISION)) for x, y in points]

    projected = {index: [project(p) for p in points] for index, points in geographic.items()}
    simplified = {index: rounded(simplify(points, tolerance)) for index, points in projected.items()}

    paths: dict[str, str] = {}
    for nis, polygons in selected.items():
        pieces: list[str] = []
        for polygon in polygons:
            for position, ring in enumerate(_assemble_ring(r, simplified) for r in polygon):
                area = _signed_area(ring)
                if _distinct(ring) < 3 or area == 0:
                    if position == 0:
                        break  # the outer ring collapsed: drop the polygon with its holes
                    continue
                # Outer rings clockwise on screen, holes anticlockwise: right with any fill-rule.
                if (area > 0) != (position == 0):
                    ring = ring[:1] + ring[1:][::-1]
                pieces.append(ring_to_path(ring))
        if not pieces:
            # Never drop a municipality: draw its largest outer ring without simplification.
            outers = [
                _assemble_ring(polygon[0], {
                    index if index >= 0 else ~index: rounded(projected[index if index >= 0 else ~index])
                    for index in polygon[0]
                })
                for polygon in polygons
            ]
            largest = max(outers, key=lambda ring: (abs(_signed_area(ring)), len(set(ring))))
            if not largest:
                continue  # arcs without positions: nothing to draw at all
            if _signed_area(largest) < 0:
                largest = largest[:1] + largest[1:][::-1]
            pieces.append(ring_to_path(largest))
        paths[nis] = "".join(pieces)

    return MapShapes(view_box=f"0 0 {width} {height}", paths=paths)
