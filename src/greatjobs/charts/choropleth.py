"""A choropleth of LSOAs by IMD decile, as plain SVG: the one map of the web overview and the
evidence report (no JavaScript, no Django).

Projection: equirectangular, x = longitude × cos(middle latitude), y = −latitude, scaled to fit,
which keeps shapes true enough at city-region scale (the middle of the latitude range, so it does
not depend on how many vertices each boundary has).

Colours: viridis, a sequential scale that stays distinguishable for the common colour-vision
deficiencies and runs dark (most deprived) to light; decile 1 also carries a hatch so the most
deprived 10% never relies on colour alone. Every LSOA has a dark outline (at least 3:1 against
white). The report draws the key inside the SVG so the figure stands alone; the web page puts a
table of LSOAs per decile beside it instead (``key=False``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from greatjobs.charts.svg import INK, esc, ring_path, safe_id, svg_open, thinned

DECILE_COLOURS = (
    "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
    "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
)  # fmt: skip
"""Viridis in ten steps: decile 1 (most deprived 10% in England) first."""
KEY_HEIGHT = 64


def _rings(geometry: dict[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield from geometry["coordinates"]
    elif kind == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _rings(part)


@dataclass(frozen=True)
class LegendItem:
    decile: int
    colour: str
    label: str
    count: int


def decile_legend(deciles: Sequence[int | None]) -> list[LegendItem]:
    """Deciles 1 to 10, each with its colour, label and number of LSOAs."""
    labels = {1: "1 (most deprived)", 10: "10 (least deprived)"}
    return [
        LegendItem(
            n, DECILE_COLOURS[n - 1], labels.get(n, str(n)), sum(1 for d in deciles if d == n)
        )
        for n in range(1, 11)
    ]


class Projection:
    """Longitude/latitude to SVG pixels: equirectangular, scaled by cos(middle latitude)."""

    def __init__(self, geometries: Sequence[dict[str, Any]], width: float, margin: float) -> None:
        points = [p for g in geometries for ring in _rings(g) for p in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        self.west, self.north = min(lons), max(lats)
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.scale = (width - 2 * margin) / (((max(lons) - self.west) * self.k) or 1.0)
        self.margin = margin
        self.height = (self.north - min(lats)) * self.scale + 2 * margin

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            (lon - self.west) * self.k * self.scale + self.margin,
            (self.north - lat) * self.scale + self.margin,
        )


def lsoa_choropleth(
    lsoas: Sequence[dict[str, Any]],
    *,
    chart_id: str,
    title: str,
    description: str,
    district_names: dict[str, str] | None = None,
    width: float = 760,
    key: bool = True,
) -> str:
    """SVG for rows like :func:`greatjobs.geography.place_lsoa_map`'s (code, name, lad_code,
    decile, geometry as GeoJSON in longitude/latitude); "" when there is nothing to draw."""
    if not any(True for lsoa in lsoas for _ in _rings(lsoa["geometry"])):
        return ""
    project = Projection([lsoa["geometry"] for lsoa in lsoas], width, margin=10.0)
    map_height = project.height
    cid = safe_id(chart_id)
    hatch = f"{cid}-hatch"
    height = map_height + (KEY_HEIGHT if key else 0)
    parts = [
        svg_open(width, height, cid, title, description),
        f'<defs><pattern id="{hatch}" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="{DECILE_COLOURS[0]}"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#ffffff" stroke-width="1.2"/></pattern></defs>',
        '<g stroke="#505a5f" stroke-width="0.4" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    centres: dict[str, list[float]] = {}
    for lsoa in lsoas:
        decile = lsoa.get("decile")
        fill = f"url(#{hatch})" if decile == 1 else DECILE_COLOURS[decile - 1] if decile else "#fff"
        path = _path(lsoa["geometry"], project, centres, lsoa.get("lad_code"))
        parts.append(
            f'<path d="{path}" fill="{fill}"><title>{esc(lsoa["name"])} ({esc(lsoa["code"])}): '
            f"decile {decile if decile else 'not known'}</title></path>"
        )
    parts.append("</g>")
    names = district_names or {}
    parts.append(
        f'<g font-size="13" font-weight="700" text-anchor="middle" fill="{INK}" '
        'stroke="#ffffff" stroke-width="3" paint-order="stroke" aria-hidden="true">'
    )
    for code, (sx, sy, n) in sorted(centres.items()):
        if code in names and n:
            parts.append(f'<text x="{sx / n:.1f}" y="{sy / n:.1f}">{esc(names[code])}</text>')
    parts.append("</g>")
    if key:
        parts.append(_key(map_height, width, hatch))
    parts.append("</svg>")
    return "".join(parts)


def _path(
    geometry: dict[str, Any], project: Any, centres: dict[str, list[float]], lad: str | None
) -> str:
    out = []
    for n, ring in enumerate(_rings(geometry)):
        xy = [project(p[0], p[1]) for p in ring]
        kept = thinned(xy)
        if n == 0 and lad:
            acc = centres.setdefault(lad, [0.0, 0.0, 0.0])
            acc[0] += sum(p[0] for p in xy)
            acc[1] += sum(p[1] for p in xy)
            acc[2] += len(xy)
        if len(kept) >= 4:
            out.append(ring_path(kept))
    return "".join(out)


def _key(top: float, width: float, hatch: str) -> str:
    box = min(44.0, (width - 20) / 10)
    parts = [
        f'<g transform="translate(10 {top + 6:.1f})" fill="{INK}">'
        '<text x="0" y="12" font-weight="700">Key: IMD decile (1 = most deprived 10% in England,'
        " hatched; 10 = least deprived)</text>"
    ]
    for n in range(1, 11):
        fill = f"url(#{hatch})" if n == 1 else DECILE_COLOURS[n - 1]
        bx = (n - 1) * box
        parts.append(
            f'<rect x="{bx:.1f}" y="20" width="{box - 2:.1f}" height="18" fill="{fill}" '
            f'stroke="{INK}"/><text x="{bx + box / 2 - 1:.1f}" y="54" text-anchor="middle">{n}'
            "</text>"
        )
    parts.append("</g>")
    return "".join(parts)
