"""A choropleth of districts by an indicator's value, as plain SVG (no JavaScript, no Django).

Districts are shaded in five quantile classes (about a fifth of the districts with a figure each;
fewer where figures tie) on a sequential viridis scale, light (lowest values) to dark (highest);
the two darkest classes have at least 3:1 contrast against white and every district has a dark
outline. A district without a figure is hatched and counted as "No data". The highlighted place's
districts are outlined in black and named by a text label, and every district carries a tooltip
with its name, figure and class, so no meaning rests on colour alone. The key inside the SVG
numbers the classes; :class:`ClassItem` rows give their value ranges and counts for a table
beside the map.

Projection and simplification follow :mod:`greatjobs.charts.choropleth`: equirectangular scaled
by cos(middle latitude), and points closer than a pixel at the drawn size dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from greatjobs.charts.choropleth import DECILE_COLOURS, Projection, _rings
from greatjobs.charts.svg import (
    INK,
    MUTED,
    esc,
    format_number,
    ring_path,
    safe_id,
    svg_open,
    thinned,
)

CLASS_COLOURS = tuple(DECILE_COLOURS[i] for i in (9, 6, 4, 2, 0))
"""Viridis in five steps, class 1 (lowest values) light to class 5 (highest) dark."""
NO_DATA = "No data"
CLASSES = 5
KEY_HEIGHT = 58


@dataclass(frozen=True)
class ClassItem:
    """One row of the map's legend: a class (1 = lowest values; 0 for no data), its colour (a
    pattern's id fragment for no data), the range of values in it and its number of districts."""

    number: int
    colour: str
    label: str
    low: float | None
    high: float | None
    count: int


class DistrictMap(NamedTuple):
    svg: str
    legend: list[ClassItem]


def quantile_breaks(values: Sequence[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes (the last is the maximum): class ``i``
    holds values above break ``i-1`` up to break ``i``; tied breaks merge classes."""
    ordered = sorted(values)
    if not ordered:
        return []
    n = len(ordered)
    breaks: list[float] = []
    for k in range(1, classes + 1):
        b = ordered[min(n - 1, max(0, round(k * n / classes) - 1))]
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    if breaks[-1] < ordered[-1]:
        breaks.append(ordered[-1])
    return breaks


def _class_of(value: float, breaks: Sequence[float]) -> int:
    return next((i + 1 for i, b in enumerate(breaks) if value <= b), len(breaks))


def _colours(count: int) -> list[str]:
    """``count`` colours of the palette, always ending with the darkest."""
    return list(CLASS_COLOURS[CLASSES - count :])


def _ring_path(ring: Sequence[Sequence[float]], project: Projection) -> str:
    xy = [project(p[0], p[1]) for p in ring]
    kept = thinned(xy)
    if len(kept) < 4:  # a district smaller than a few pixels keeps its shape, however small
        kept = xy
    return ring_path(kept) if len(kept) >= 4 else ""


def district_choropleth(
    values: Mapping[str, float | None],
    boundaries: Sequence[dict[str, Any]],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str,
    higher_is_better: bool,
    highlight_codes: Iterable[str] = (),
    highlight_label: str = "",
    width: float = 520,
) -> DistrictMap:
    """The map of ``boundaries`` (dicts with ``code``, ``name`` and ``geometry``, a GeoJSON
    geometry in longitude/latitude) shaded by ``values`` (by district code; missing or ``None``
    is no data), and its legend; an empty SVG and legend when there is nothing to draw."""
    drawn = [b for b in boundaries if any(True for _ in _rings(b["geometry"]))]
    if not drawn:
        return DistrictMap("", [])
    figures = {
        b["code"]: float(v) for b in drawn if (v := values.get(b["code"])) is not None and v == v
    }
    breaks = quantile_breaks(list(figures.values()))
    colours = _colours(len(breaks))
    classes = {code: _class_of(v, breaks) for code, v in figures.items()}
    legend = _legend(figures, classes, breaks, colours, unit, higher_is_better)
    legend.append(ClassItem(0, "hatch", NO_DATA, None, None, len(drawn) - len(figures)))

    project = Projection([b["geometry"] for b in drawn], width, margin=10.0)
    cid = safe_id(chart_id)
    hatch = f"{cid}-nodata"
    height = project.height + KEY_HEIGHT
    highlight = set(highlight_codes)
    parts = [
        svg_open(width, height, cid, title, description),
        f'<defs><pattern id="{hatch}" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{MUTED}" stroke-width="1.5"/></pattern></defs>',
        f'<g stroke="{MUTED}" stroke-width="0.4" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    box: list[float] = []
    # Highlighted districts last, so their black outline lies on top of their neighbours'.
    for b in sorted(drawn, key=lambda b: b["code"] in highlight):
        code = b["code"]
        d = "".join(_ring_path(ring, project) for ring in _rings(b["geometry"]))
        if code in figures:
            fill = colours[classes[code] - 1]
            says = f"{format_number(figures[code], unit)} (class {classes[code]} of {len(breaks)})"
        else:
            fill, says = f"url(#{hatch})", NO_DATA.lower()
        extra = ""
        if code in highlight:
            extra = f' stroke="{INK}" stroke-width="2"'
            points = [project(p[0], p[1]) for ring in _rings(b["geometry"]) for p in ring]
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = _grow(box, [min(xs), min(ys), max(xs), max(ys)])
        parts.append(
            f'<path d="{d}" fill="{fill}" data-code="{esc(code)}"{extra}><title>{esc(b["name"])} '
            f"({esc(code)}): {esc(says)}</title></path>"
        )
    parts.append("</g>")
    if box and highlight_label:
        parts.append(_label(box, width, highlight_label))
    parts.append(_key(project.height, colours, hatch, higher_is_better))
    parts.append("</svg>")
    return DistrictMap("".join(parts), legend)


def _grow(box: list[float], more: list[float]) -> list[float]:
    if not box:
        return more
    return [min(box[0], more[0]), min(box[1], more[1]), max(box[2], more[2]), max(box[3], more[3])]


def _label(box: list[float], width: float, text: str) -> str:
    x0, y0, x1, y1 = box
    y = (y0 + y1) / 2 + 5
    if x1 + 8 + 7 * len(text) <= width:
        x, anchor, line = x1 + 8, "start", (x1 + 1, x1 + 6)
    else:
        x, anchor, line = x0 - 8, "end", (x0 - 1, x0 - 6)
    return (
        f'<g aria-hidden="true"><line x1="{line[0]:.1f}" y1="{y - 5:.1f}" x2="{line[1]:.1f}" '
        f'y2="{y - 5:.1f}" stroke="{INK}" stroke-width="2"/><text x="{x:.1f}" y="{y:.1f}" '
        f'text-anchor="{anchor}" font-weight="700" fill="{INK}" stroke="#ffffff" '
        f'stroke-width="3" paint-order="stroke">{esc(text)}</text></g>'
    )


def _legend(
    figures: Mapping[str, float], classes: Mapping[str, int], breaks: Sequence[float],
    colours: Sequence[str], unit: str, higher_is_better: bool,
) -> list[ClassItem]:  # fmt: skip
    items = []
    for n in range(1, len(breaks) + 1):
        members = [figures[c] for c, k in classes.items() if k == n]
        low, high = min(members), max(members)
        label = format_number(low, unit)
        if high != low:
            label += f" to {format_number(high, unit)}"
        if n == 1 and len(breaks) > 1:
            label += " (worst)" if higher_is_better else " (best)"
        elif n == len(breaks) and len(breaks) > 1:
            label += " (best)" if higher_is_better else " (worst)"
        items.append(ClassItem(n, colours[n - 1], label, low, high, len(members)))
    return items


def _key(top: float, colours: Sequence[str], hatch: str, higher_is_better: bool) -> str:
    box = 44.0
    polarity = "higher" if higher_is_better else "lower"
    parts = [
        f'<g transform="translate(10 {top + 4:.1f})" fill="{INK}">'
        f'<text x="0" y="12" font-weight="700">Key: class 1 = lowest, {len(colours)} = highest '
        f"({polarity} is better)</text>"
    ]
    swatches = [(str(n), c) for n, c in enumerate(colours, start=1)] + [(NO_DATA, f"url(#{hatch})")]
    for i, (label, fill) in enumerate(swatches):
        bx = i * (box + 4) + (12 if label == NO_DATA else 0)
        parts.append(
            f'<rect x="{bx:.1f}" y="20" width="{box:.1f}" height="16" fill="{fill}" '
            f'stroke="{INK}"/><text x="{bx + box / 2:.1f}" y="50" text-anchor="middle">'
            f"{esc(label)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)
