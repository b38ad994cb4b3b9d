"""Tests of municipalities.boundaries (TopoJSON -> simplified SVG paths).

Pure Python: no Django needed, e.g.
    cd /tmp && PYTHONPATH=/work/main .venv/bin/python -m pytest -p no:django --noconftest \
        /work/main/tests/municipalities/test_boundaries.py -q
"""

import json
import math
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from municipalities import boundaries
from municipalities.boundaries import MapShapes, build_shapes, decode_arc, simplify

DATA_DIR = Path(os.environ.get("PLEEGZORG_DATA_DIR", Path(__file__).resolve().parents[3] / "shared" / "data"))
REAL_FILE = DATA_DIR / "be-gemeenten-2019.topojson"

NUMBER = re.compile(r"-?(?:\d+(?:\.\d)?|\.\d)")
PATH_SYNTAX = re.compile(r"(?:M-?[\d.]+[ -]?[\d.]+(?:l[-\d. ]+)?z)+")


# --- helpers -----------------------------------------------------------------------------------


def parse_rings(path_data):
    """Absolute points of every ring of a path written as 'M x y l dx dy ... z'."""
    assert PATH_SYNTAX.fullmatch(path_data), path_data[:120]
    rings = []
    for sub in re.findall(r"M[^Mz]*z", path_data):
        numbers = [float(n) for n in NUMBER.findall(sub)]
        assert len(numbers) % 2 == 0
        points = [(numbers[0], numbers[1])]
        for i in range(2, len(numbers), 2):
            x, y = points[-1]
            points.append((round(x + numbers[i], 1), round(y + numbers[i + 1], 1)))
        rings.append(points)
    return rings


def segments(path_data):
    """Undirected segments of all rings of a path (closing segment included)."""
    result = set()
    for ring in parse_rings(path_data):
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            result.add(frozenset((a, b)))
    return result


def bbox(path_data):
    points = [p for ring in parse_rings(path_data) for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))


def delta_encode(points):
    out, px, py = [], 0, 0
    for x, y in points:
        out.append([x - px, y - py])
        px, py = x, y
    return out


def dist_to_polyline(p, line):
    best = math.inf
    for a, b in zip(line, line[1:], strict=False):  # consecutive pairs
        dx, dy = b[0] - a[0], b[1] - a[1]
        length2 = dx * dx + dy * dy
        t = 0 if length2 == 0 else max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
        best = min(best, math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy))
    return best


# Quantised positions (before delta encoding). Longitude = 4 + 0.1 * qx, latitude = 50 + 0.1 * qy.
TRANSFORM = {"scale": [0.1, 0.1], "translate": [4.0, 50.0]}
ARCS = [
    # 0: the border shared by A and B, from (10, 0) up to (10, 10), with a bulge at (12, 5)
    [(10, 0), (10, 3), (12, 5), (10, 7), (10, 10)],
    # 1: the rest of A, with a collinear point (5, 10)
    [(10, 10), (5, 10), (0, 10), (0, 0), (10, 0)],
    # 2: the rest of B
    [(10, 0), (20, 0), (20, 10), (10, 10)],
    # 3: main part of C, a closed arc
    [(30, 0), (34, 0), (34, 4), (30, 4), (30, 0)],
    # 4: a small island of C, a closed triangle
    [(30, 8), (31, 8), (30, 9), (30, 8)],
]
GEOMETRIES = [
    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"nis": "11001", "reg_nis": "02000"}},
    # B uses the shared arc reversed (~0 == -1)
    {"type": "Polygon", "arcs": [[~0, 2]], "properties": {"nis": "11002", "reg_nis": "02000"}},
    {"type": "MultiPolygon", "arcs": [[[3]], [[4]]], "properties": {"nis": "21001", "reg_nis": "04000"}},
    # a Walloon municipality, left out by default
    {"type": "Polygon", "arcs": [[4]], "properties": {"nis": "62063", "reg_nis": "03000"}},
]


def write_topology(tmp_path, arcs=ARCS, geometries=GEOMETRIES, name="tiny.topojson", **extra):
    topology = {
        "type": "Topology",
        "transform": TRANSFORM,
        "objects": {"municipalities": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [delta_encode(arc) for arc in arcs],
        **extra,
    }
    path = tmp_path / name
    path.write_text(json.dumps(topology), encoding="utf-8")
    return path


def expected_projection(qx, qy, width=1000):
    """Where a quantised position of the tiny topology lands: lon 4..7.4, lat 50..51."""
    cos_lat = math.cos(math.radians(50.5))
    margin = width / 100
    scale = (width - 2 * margin) / (3.4 * cos_lat)
    lon, lat = 4 + 0.1 * qx, 50 + 0.1 * qy
    return (margin + (lon - 4) * cos_lat * scale, margin + (51 - lat) * scale)


def close_to(point, expected):
    return abs(point[0] - expected[0]) <= 0.051 and abs(point[1] - expected[1]) <= 0.051


# --- the handmade topology ---------------------------------------------------------------------


def test_decode_arc_delta_and_transform():
    arc = [[2, 3], [1, -1], [0, 2]]
    transform = {"scale": [0.5, 0.25], "translate": [4, 50]}
    assert decode_arc(arc, transform) == [(5.0, 50.75), (5.5, 50.5), (5.5, 51.0)]
    # without a transform, positions are absolute
    assert decode_arc([[4.5, 51.0], [4.6, 51.1]], None) == [(4.5, 51.0), (4.6, 51.1)]


def test_tiny_topology_decoded_to_known_coordinates(tmp_path):
    shapes = build_shapes(write_topology(tmp_path))
    assert isinstance(shapes, MapShapes)
    assert set(shapes.paths) == {"11001", "11002", "21001"}  # the Walloon one is left out
    height = math.ceil(1.0 * 980 / (3.4 * math.cos(math.radians(50.5))) + 20)
    assert shapes.view_box == f"0 0 1000 {height}"

    [ring_a] = parse_rings(shapes.paths["11001"])
    expected_a = [(10, 0), (10, 3), (12, 5), (10, 7), (10, 10), (0, 10), (0, 0)]
    assert len(ring_a) == len(expected_a)
    for q in expected_a:
        assert any(close_to(p, expected_projection(*q)) for p in ring_a), q
    # the north-west corner sits on the margin; the east edge of C on width - margin
    assert ring_a.count((10.0, 10.0)) == 1
    assert max(x for ring in parse_rings(shapes.paths["21001"]) for x, _ in ring) == 990.0
    # north is up: the south edge of A (lat 50) is lower on screen than its north edge (lat 51)
    assert bbox(shapes.paths["11001"])[3] == pytest.approx(expected_projection(0, 0)[1], abs=0.051)


def same_cycle(ring, expected_q):
    """The ring visits the projected positions in this cyclic order (either direction)."""
    if len(ring) != len(expected_q):
        return False
    expected = [expected_projection(*q) for q in expected_q]
    for candidate in (expected, expected[::-1]):
        for shift in range(len(candidate)):
            rotated = candidate[shift:] + candidate[:shift]
            if all(close_to(p, e) for p, e in zip(ring, rotated, strict=True)):
                return True
    return False


def test_reversed_arc_reference_is_walked_backwards(tmp_path):
    shapes = build_shapes(write_topology(tmp_path))
    [ring_a] = parse_rings(shapes.paths["11001"])
    [ring_b] = parse_rings(shapes.paths["11002"])
    assert same_cycle(ring_a, [(10, 0), (10, 3), (12, 5), (10, 7), (10, 10), (0, 10), (0, 0)])
    # B = arc 0 reversed, (10, 10) down to (10, 0), then arc 2 back up to (10, 10)
    assert same_cycle(ring_b, [(10, 10), (10, 7), (12, 5), (10, 3), (10, 0), (20, 0), (20, 10)])


def test_multipolygon_gives_one_subpath_per_part(tmp_path):
    shapes = build_shapes(write_topology(tmp_path))
    rings = parse_rings(shapes.paths["21001"])
    assert len(rings) == 2
    assert shapes.paths["21001"].count("M") == 2


def test_shared_border_identical_in_both_paths(tmp_path):
    for tolerance in (0, 0.6, 5, 40):
        shapes = build_shapes(write_topology(tmp_path), tolerance=tolerance)
        a, b = shapes.paths["11001"], shapes.paths["11002"]
        shared = segments(a) & segments(b)
        shared_points = {p for segment in shared for p in segment}
        # the whole common border, bulge included, is drawn identically in both paths
        for q in ((10, 0), (12, 5), (10, 10)):
            assert any(close_to(p, expected_projection(*q)) for p in shared_points), (tolerance, q)
        border_a = segments(a) - segments(b)
        assert all(
            not any(close_to(p, expected_projection(12, 5)) for p in segment) for segment in border_a
        )


def test_collinear_points_are_removed(tmp_path):
    assert simplify([(0, 0), (1, 0), (2, 0), (3, 0)], 0.1) == [(0, 0), (3, 0)]
    shapes = build_shapes(write_topology(tmp_path))
    ring_a = parse_rings(shapes.paths["11001"])[0]
    assert not any(close_to(p, expected_projection(5, 10)) for p in ring_a)


def test_simplify_respects_tolerance():
    line = [(0, 0), (5, 0.5), (10, 0)]
    assert simplify(line, 0.6) == [(0, 0), (10, 0)]
    assert simplify(line, 0.4) == line
    wiggly = [(x, 3 * math.sin(x / 3) + 0.7 * math.sin(x * 1.7)) for x in range(200)]
    for tolerance in (0.3, 0.6, 1.0, 2.5):
        result = simplify(wiggly, tolerance)
        assert result[0] == wiggly[0] and result[-1] == wiggly[-1]
        assert len(result) < len(wiggly)
        assert all(dist_to_polyline(p, result) <= tolerance + 1e-9 for p in wiggly)
    # a closed line keeps its start and end and more than one other point if it is wide enough
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert simplify(square, 1) == square


def test_collapsing_island_is_dropped_but_municipality_kept(tmp_path):
    # at 40 px the 29 x 45 px island of C collapses; its main part stays
    shapes = build_shapes(write_topology(tmp_path), tolerance=40)
    assert parse_rings(shapes.paths["21001"]) and len(parse_rings(shapes.paths["21001"])) == 1
    # with an absurd tolerance every ring collapses: every municipality still gets its largest ring
    shapes = build_shapes(write_topology(tmp_path), tolerance=100_000)
    assert set(shapes.paths) == {"11001", "11002", "21001"}
    for path_data in shapes.paths.values():
        rings = parse_rings(path_data)
        assert len(rings) == 1 and len(set(rings[0])) >= 3
    c = parse_rings(shapes.paths["21001"])[0]
    assert any(close_to(p, expected_projection(34, 4)) for p in c)  # the main part, not the island


def test_rings_have_one_orientation_and_holes_the_other(tmp_path):
    arcs = [
        [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)],
        [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)],  # same orientation as the outer ring
        [(20, 0), (20, 10), (30, 10), (30, 0), (20, 0)],  # the other orientation
    ]
    geometries = [
        {"type": "Polygon", "arcs": [[0], [1]], "properties": {"nis": "11001"}},
        {"type": "Polygon", "arcs": [[2]], "properties": {"nis": "11002"}},
    ]
    shapes = build_shapes(write_topology(tmp_path, arcs=arcs, geometries=geometries))
    outer, hole = parse_rings(shapes.paths["11001"])
    [other] = parse_rings(shapes.paths["11002"])
    assert signed_area(outer) > 0 and signed_area(other) > 0 and signed_area(hole) < 0


def test_codes_select_and_fit_the_projection(tmp_path):
    shapes = build_shapes(write_topology(tmp_path), codes={"11002", "99999"})
    assert list(shapes.paths) == ["11002"]
    x0, y0, x1, y1 = bbox(shapes.paths["11002"])
    assert (x0, x1) == (10.0, 990.0) and y0 == 10.0
    assert build_shapes(write_topology(tmp_path), codes={"62063"}).paths.keys() == {"62063"}
    empty = build_shapes(write_topology(tmp_path), codes=set())
    assert empty.paths == {} and empty.view_box.startswith("0 0 1000 ")


def test_width_scales_the_view_box(tmp_path):
    small = build_shapes(write_topology(tmp_path), width=500)
    assert small.view_box.split()[2] == "500"
    assert max(x for ring in parse_rings(small.paths["21001"]) for x, _ in ring) == 495.0


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        "",
        json.dumps({"type": "FeatureCollection", "features": []}),
        json.dumps({"type": "Topology", "arcs": [], "objects": {"provinces": {"type": "GeometryCollection", "geometries": []}}}),
        json.dumps({"type": "Topology", "objects": {"municipalities": {"type": "GeometryCollection", "geometries": []}}}),
        json.dumps([1, 2, 3]),
        json.dumps({"type": "Topology", "arcs": [[[0, 0], [1, 1]]], "objects": {"municipalities": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[7]], "properties": {"nis": "11001"}}],
        }}}),
    ],
)
def test_bad_file_raises_value_error(tmp_path, content):
    path = tmp_path / "bad.topojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError):
        build_shapes(path)


def test_binary_file_raises_value_error(tmp_path):
    path = tmp_path / "bad.topojson"
    path.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(ValueError):
        build_shapes(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_shapes(tmp_path / "nope.topojson")


def test_region_for_nis():
    assert boundaries.region_for_nis("11002") == "02000"
    assert boundaries.region_for_nis("33016") == "02000"  # Mesen, mislabelled in the file
    assert boundaries.region_for_nis("21004") == "04000"
    assert boundaries.region_for_nis("25005") == "03000"
    assert boundaries.region_for_nis("62063") == "03000"
    assert boundaries.region_for_nis("GM0363") is None


# --- the real file -----------------------------------------------------------------------------

needs_real_file = pytest.mark.skipif(not REAL_FILE.exists(), reason=f"{REAL_FILE} not available")


@pytest.fixture(scope="module")
def real_shapes():
    return build_shapes(REAL_FILE)


@needs_real_file
def test_real_file_has_all_flemish_and_brussels_municipalities(real_shapes):
    paths = real_shapes.paths
    assert len(paths) == 319
    assert all(len(code) == 5 and code.isdigit() for code in paths)
    regions = Counter(boundaries.region_for_nis(code) for code in paths)
    assert regions == {"02000": 300, "04000": 19}
    provinces = Counter(code[0] for code in paths if not code.startswith("21"))
    # Antwerpen 69, Vlaams-Brabant 65, West-Vlaanderen 64, Oost-Vlaanderen 60, Limburg 42
    assert provinces == {"1": 69, "2": 65, "3": 64, "4": 60, "7": 42}
    for code in ("11002", "21004", "73028", "33016", "13002", "24062"):
        assert code in paths
    for path_data in paths.values():
        assert path_data.startswith("M") and path_data[-1] in "zZ"
        parse_rings(path_data)


@needs_real_file
def test_real_file_paths_are_small(real_shapes):
    total = sum(len(p) for p in real_shapes.paths.values())
    assert total < 200_000
    coarser = build_shapes(REAL_FILE, tolerance=1.0)
    assert sum(len(p) for p in coarser.paths.values()) < total


@needs_real_file
def test_real_file_view_box_and_orientation(real_shapes):
    _, _, width, height = (float(v) for v in real_shapes.view_box.split())
    assert width == 1000
    assert 1.5 <= width / height <= 3.5
    for path_data in real_shapes.paths.values():
        x0, y0, x1, y1 = bbox(path_data)
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height
    antwerpen, leuven = bbox(real_shapes.paths["11002"]), bbox(real_shapes.paths["24062"])
    assert antwerpen[3] < leuven[1]  # the southern edge of Antwerpen lies north of Leuven


@needs_real_file
def test_real_file_borders_are_shared(real_shapes):
    counts = Counter(s for path_data in real_shapes.paths.values() for s in segments(path_data))
    # a border segment belongs to one municipality (outer edge) or exactly two (shared border)
    assert set(counts.values()) <= {1, 2}
    assert sum(1 for n in counts.values() if n == 2) > sum(1 for n in counts.values() if n == 1)
    assert segments(real_shapes.paths["21004"]) & segments(real_shapes.paths["21015"])  # Brussel/Schaerbeek


@needs_real_file
def test_real_file_single_code():
    shapes = build_shapes(REAL_FILE, codes={"21004"})
    assert list(shapes.paths) == ["21004"]
    x0, y0, x1, y1 = bbox(shapes.paths["21004"])
    assert x0 == pytest.approx(10, abs=0.1) and x1 == pytest.approx(990, abs=0.1)
