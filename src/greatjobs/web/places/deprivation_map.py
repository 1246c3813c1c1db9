"""A server-rendered SVG map of LSOAs coloured by IMD decile (no JavaScript needed).

Projection: equirectangular, x = longitude x cos(mean latitude), y = -latitude, scaled to fit, which
keeps shapes true enough at city-region scale (the mean latitude is the middle of the map's latitude
range, so it does not depend on how many vertices each boundary has).

Colours: viridis, a sequential scale that stays distinguishable for the common colour-vision
deficiencies and runs dark (most deprived) to light; decile 1 also carries a hatch so the most
deprived 10% never relies on colour alone. Every LSOA has a dark outline (at least 3:1 against the
white background) and the legend swatches are outlined. A table of LSOAs per decile goes beside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

DECILE_COLOURS = (
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
)
"""Viridis in ten steps: decile 1 (most deprived 10% in England) first."""
NO_DATA_COLOUR = "#ffffff"


@dataclass(frozen=True)
class LegendItem:
    decile: int
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    decile: int | None
    path: str

    @property
    def fill(self) -> str:
        return DECILE_COLOURS[self.decile - 1] if self.decile else NO_DATA_COLOUR


@dataclass(frozen=True)
class DistrictLabel:
    name: str
    x: float
    y: float


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield from geometry["coordinates"]
    elif kind == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _rings(part)


class Projection:
    """Longitude/latitude to SVG pixels: equirectangular, scaled by cos(mean latitude)."""

    def __init__(self, geometries: Sequence[dict[str, Any]], width: float, margin: float) -> None:
        points = [p for g in geometries for ring in _rings(g) for p in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.min_x, max_x = min(lons) * self.k, max(lons) * self.k
        self.min_y, max_y = -max(lats), -min(lats)
        self.scale = (width - 2 * margin) / ((max_x - self.min_x) or 1.0)
        self.margin = margin
        self.width = width
        self.height = (max_y - self.min_y) * self.scale + 2 * margin

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon * self.k - self.min_x) * self.scale + self.margin
        y = (-lat - self.min_y) * self.scale + self.margin
        return x, y


MIN_STEP = 1.0
"""Vertices closer than this (in pixels) to the last one drawn are dropped: invisible at this scale,
and it keeps the page smaller."""


def _path(geometry: dict[str, Any], project: Projection) -> str:
    parts = []
    for ring in _rings(geometry):
        xy = [project(lon, lat) for lon, lat, *_ in ring]
        kept = xy[:1]
        for x, y in xy[1:-1]:
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP:
                kept.append((x, y))
        kept += xy[-1:]
        if len(kept) >= 4:
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


def legend(deciles: Sequence[int | None]) -> list[LegendItem]:
    counts = [sum(1 for d in deciles if d == n) for n in range(1, 11)]
    labels = {1: "1 (most deprived)", 10: "10 (least deprived)"}
    return [
        LegendItem(n, DECILE_COLOURS[n - 1], labels.get(n, str(n)), counts[n - 1])
        for n in range(1, 11)
    ]


def render_deprivation_map(
    lsoas: Sequence[dict[str, Any]],
    title: str,
    description: str,
    district_names: dict[str, str] | None = None,
    width: float = 800,
) -> SafeString:
    """The SVG (``role="img"`` with a title and description) for ``place_lsoa_map`` rows."""
    project = Projection([lsoa["geometry"] for lsoa in lsoas], width, margin=10)
    shapes = [
        Shape(lsoa["code"], lsoa["name"], lsoa.get("decile"), _path(lsoa["geometry"], project))
        for lsoa in lsoas
    ]
    return render_to_string(
        "places/_deprivation_map.svg",
        {
            "shapes": shapes,
            "width": f"{project.width:.0f}",
            "height": f"{project.height:.0f}",
            "title": title,
            "description": description,
            "labels": _district_labels(lsoas, project, district_names or {}),
        },
    )


def _district_labels(
    lsoas: Sequence[dict[str, Any]], project: Projection, names: dict[str, str]
) -> list[DistrictLabel]:
    """Each district's name at the mean position of its LSOAs' points."""
    sums: dict[str, list[float]] = {}
    for lsoa in lsoas:
        code = lsoa.get("lad_code")
        if code not in names:
            continue
        for lon, lat, *_ in next(iter(_rings(lsoa["geometry"])), []):
            x, y = project(lon, lat)
            acc = sums.setdefault(code, [0.0, 0.0, 0.0])
            acc[0] += x
            acc[1] += y
            acc[2] += 1
    return [
        DistrictLabel(names[code], round(sx / n, 1), round(sy / n, 1))
        for code, (sx, sy, n) in sorted(sums.items())
    ]
