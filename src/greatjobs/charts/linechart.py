"""A line chart of a place's trend over periods, with its 95% interval band and a comparator.

The first series is the place (solid line, round markers, shaded interval); others (e.g. England)
are dashed with square markers. Each line is labelled at its last point, so the legend is not
needed to tell them apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

from greatjobs.charts.svg import (
    BLUE,
    GRID,
    INK,
    MUTED,
    esc,
    format_number,
    nice_ticks,
    svg_open,
    tick_decimals,
)

LEFT = 70
TOP = 30
BOTTOM = 48
RIGHT = 170
BAND = "#bfd4ea"
COMPARATOR = INK


@dataclass(frozen=True)
class Point:
    period: str
    value: float
    lci: float | None = None
    uci: float | None = None


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]


def _known(v: float | None) -> TypeGuard[float]:
    return v is not None and not math.isnan(v)


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    unit: str,
    periods: Sequence[str] | None = None,
    width: float = 760,
    height: float = 320,
) -> str:
    """The SVG of ``series`` over ``periods`` (default: every period of any series, in order of
    first appearance)."""
    order = list(periods or dict.fromkeys(p.period for s in series for p in s.points))
    where = {p: i for i, p in enumerate(order)}
    values = [v for s in series for p in s.points for v in (p.value, p.lci, p.uci) if _known(v)]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    lo, hi = ticks[0], ticks[-1]
    right = width - RIGHT
    bottom = height - BOTTOM

    def x(period: str) -> float:
        n = len(order)
        return LEFT + (where[period] / (n - 1) if n > 1 else 0.5) * (right - LEFT)

    def y(v: float) -> float:
        return bottom - (v - lo) / ((hi - lo) or 1.0) * (bottom - TOP)

    desc_parts = []
    for s in series:
        pts = [p for p in s.points if p.period in where]
        if pts:
            first, last = pts[0], pts[-1]
            desc_parts.append(
                f"{s.label}: {format_number(first.value, unit)} in {first.period}, "
                f"{format_number(last.value, unit)} in {last.period}"
            )
    desc = (
        "; ".join(desc_parts) + ". The shaded band is the 95% confidence interval."
        if desc_parts
        else "No figures."
    )
    parts = [svg_open(width, height, chart_id, title, desc)]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{esc(format_number(tick, unit, tick_decimals(ticks, unit)))}</text>"
        )
    step = max(1, math.ceil(len(order) / 9))
    for i, period in enumerate(order):
        if (len(order) - 1 - i) % step == 0:  # evenly spaced, ending on the last period
            parts.append(
                f'<text x="{x(period):.1f}" y="{bottom + 18}" text-anchor="middle" '
                f'fill="{MUTED}">{esc(period)}</text>'
            )
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}"/>')
    labels: list[tuple[float, float, str, bool, str]] = []
    for n, s in enumerate(series):
        pts = [p for p in s.points if p.period in where]
        if not pts:
            continue
        main = n == 0
        colour = BLUE if main else COMPARATOR
        banded = [(p.period, p.lci, p.uci) for p in pts if _known(p.lci) and _known(p.uci)]
        if main and len(banded) > 1:
            upper = " L".join(f"{x(q):.1f} {y(float(hi or 0)):.1f}" for q, _, hi in banded)
            lower = " L".join(
                f"{x(q):.1f} {y(float(lo or 0)):.1f}" for q, lo, _ in reversed(banded)
            )
            parts.append(f'<path d="M{upper} L{lower} Z" fill="{BAND}" stroke="none"/>')
        elif main:
            for q, lo, hi in banded:
                parts.append(
                    f'<line x1="{x(q):.1f}" y1="{y(float(lo or 0)):.1f}" x2="{x(q):.1f}" '
                    f'y2="{y(float(hi or 0)):.1f}" stroke="{MUTED}" stroke-width="2"/>'
                )
        line = " L".join(f"{x(p.period):.1f} {y(p.value):.1f}" for p in pts)
        dash = "" if main else ' stroke-dasharray="6 4"'
        parts.append(
            f'<path d="M{line}" fill="none" stroke="{colour}" stroke-width="{3 if main else 2}"'
            f"{dash}/>"
        )
        for p in pts:
            px, py = x(p.period), y(p.value)
            said = format_number(p.value, unit)
            tip = f"<title>{esc(s.label)}, {esc(p.period)}: {esc(said)}</title>"
            if main:
                parts.append(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{colour}" '
                    f'stroke="#ffffff">{tip}</circle>'
                )
            else:
                parts.append(
                    f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" '
                    f'fill="{colour}" stroke="#ffffff">{tip}</rect>'
                )
        last = pts[-1]
        labels.append((y(last.value) + 4, x(last.period) + 10, colour, main, s.label))
    parts += _end_labels(labels)
    parts.append("</svg>")
    return "".join(parts)


def _end_labels(labels: list[tuple[float, float, str, bool, str]], gap: float = 16) -> list[str]:
    """Each line's name beside its last point, moved apart vertically so none overlap."""
    placed: list[str] = []
    previous = -math.inf
    for label_y, label_x, colour, main, text in sorted(labels):
        label_y = max(label_y, previous + gap)
        previous = label_y
        placed.append(
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" fill="{colour}" '
            f'font-weight="{700 if main else 400}">{esc(_clip(text))}</text>'
        )
    return placed


def _clip(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
