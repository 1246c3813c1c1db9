"""District boundaries for maps: TopoJSON decoded into ``core.lad_boundary``, and the choropleth
of England's districts by an indicator drawn from them."""

from __future__ import annotations

import itertools
import json
import re

from greatjobs.charts import district_choropleth
from greatjobs.charts.district_map import CLASS_COLOURS, quantile_breaks
from greatjobs.geography import england_district_boundaries
from greatjobs.geography.topojson import decode_features

SQUARES = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [-2.0, 50.0]},
    "objects": {
        "geog": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]],
                 "properties": {"AREACD": "A", "AREANM": "West"}},
                {"type": "Polygon", "arcs": [[2, ~0]],
                 "properties": {"AREACD": "B", "AREANM": "East"}},
            ],
        }
    },
    # Quantised, delta-encoded: arc 0 is the shared edge (2,0) -> (2,4), arc 1 the rest of the
    # west square back round to (2,0), arc 2 the east square's outer edges from (2,0) to (2,4).
    "arcs": [
        [[2, 0], [0, 4]],
        [[2, 4], [-2, 0], [0, -4], [2, 0]],
        [[2, 0], [2, 0], [0, 4], [-2, 0]],
    ],
}  # fmt: skip


def test_topojson_decoding_two_squares_sharing_an_arc():
    (west_props, west), (east_props, east) = decode_features(SQUARES, "geog")
    assert west_props == {"AREACD": "A", "AREANM": "West"} and east_props["AREANM"] == "East"
    assert west == {
        "type": "Polygon",
        "coordinates": [[[-1.0, 50.0], [-1.0, 51.0], [-2.0, 51.0], [-2.0, 50.0], [-1.0, 50.0]]],
    }
    # The east square walks the shared arc backwards (~0), from (2,4) back to (2,0).
    assert east["coordinates"] == [
        [[-1.0, 50.0], [0.0, 50.0], [0.0, 51.0], [-1.0, 51.0], [-1.0, 50.0]]
    ]


def test_topojson_rounds_to_five_decimals():
    topology = {**SQUARES, "transform": {"scale": [1 / 3, 0.25], "translate": [0.0, 0.0]}}
    (_, west), _ = decode_features(topology, "geog")
    assert west["coordinates"][0][0] == [0.66667, 0.0]
    assert all(
        len(str(x).split(".")[1]) <= 5 for ring in west["coordinates"] for p in ring for x in p
    )


def test_every_current_english_district_has_a_boundary(warehouse):
    english = warehouse.execute(
        "SELECT count(*) FROM core.area WHERE type = 'lad' AND vintage = 'current' "
        "AND code LIKE 'E%'"
    ).fetchone()[0]
    mapped = warehouse.execute(
        "SELECT count(*) FROM core.area a JOIN core.lad_boundary b ON b.lad_code = a.code "
        "WHERE a.type = 'lad' AND a.vintage = 'current' AND a.code LIKE 'E%'"
    ).fetchone()[0]
    assert english == mapped == 296
    assert (
        warehouse.execute(
            "SELECT count(*) FROM core.lad_boundary WHERE vintage = '2021'"
        ).fetchone()[0]
        == 374
    )
    # North Yorkshire (2023) is its seven predecessors' polygons, at least one each.
    geometry = json.loads(
        warehouse.execute(
            "SELECT geometry FROM core.lad_boundary WHERE lad_code = 'E06000065'"
        ).fetchone()[0]
    )
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) >= 7
    lon, lat = geometry["coordinates"][0][0][0]
    assert -3.0 < lon < 0.0 and 53.5 < lat < 55.0
    assert len(str(lon).split(".")[1]) <= 5


def test_quantile_breaks_make_five_classes_or_fewer_when_tied():
    assert quantile_breaks([float(v) for v in range(1, 11)]) == [2.0, 4.0, 6.0, 8.0, 10.0]
    assert quantile_breaks([1.0] * 8 + [2.0, 3.0]) == [1.0, 3.0]


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_darkest_classes_contrast_with_white():
    for colour in CLASS_COLOURS[-2:]:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3.0


def test_district_map_is_accessible_with_one_path_per_district(warehouse):
    boundaries = england_district_boundaries(warehouse)
    codes = [b["code"] for b in boundaries]
    values = {code: float(i) for i, code in enumerate(codes) if i % 10}  # every tenth no data
    lcr = ["E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"]
    drawn = district_choropleth(
        values, boundaries, chart_id="m", title="Map", description="Districts", unit="%",
        higher_is_better=True, highlight_codes=lcr, highlight_label="Liverpool City Region",
    )  # fmt: skip
    svg = drawn.svg
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="m-title m-desc"' in svg and '<desc id="m-desc">' in svg
    paths = re.findall(r'<path d="([^"]*)"[^>]*data-code="([^"]+)"', svg)
    assert len(paths) == len(boundaries) == 296 and all(d for d, _ in paths)
    assert [c for _, c in paths][-len(lcr) :] == sorted(lcr)  # outlined on top
    assert svg.count('stroke="#0b0c0c" stroke-width="2"') >= len(lcr)
    assert ">Liverpool City Region</text>" in svg
    assert sum(item.count for item in drawn.legend) == len(boundaries)
    classes = [item for item in drawn.legend if item.number]
    assert [i.number for i in classes] == [1, 2, 3, 4, 5]
    assert drawn.legend[-1].label == "No data" and drawn.legend[-1].count == 30
    assert "(worst)" in classes[0].label and "(best)" in classes[-1].label
    assert all(a.high is not None and b.low is not None and a.high < b.low
               for a, b in itertools.pairwise(classes))  # fmt: skip
    assert len(svg) < 300_000
