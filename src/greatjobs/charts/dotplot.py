"""A ranked dot plot: one row per place, best first, its value and 95% confidence interval.

The highlighted place gets a pale band, a bold label with a "▶" marker and a black diamond
instead of a blue dot, so it never relies on colour alone. England, when given, is a dashed
vertical line labelled with its value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

from greatjobs.charts.svg import (
    BLUE,
    GRID,
    HIGHLIGHT_BAND,
    INK,
    MUTED,
    esc,
    format_number,
    nice_ticks,
    svg_open,
    tick_decimals,
)

ROW = 22
LABEL_WIDTH = 250
TOP = 44
BOTTOM = 40
RIGHT = 24


@dataclass(frozen=True)
class DotRow:
    label: str
    value: float
    lci: float | None = None
    uci: float | None = None
    rank: int | None = None
    rank_low: int | None = None
    rank_high: int | None = None
    highlighted: bool = False

    def describe(self, unit: str) -> str:
        text = f"{self.label}: {format_number(self.value, unit)}"
        if _known(self.lci) and _known(self.uci):
            text += f" (95% CI {format_number(self.lci, unit)} to {format_number(self.uci, unit)})"
        if self.rank is not None:
            text += f", rank {self.rank}"
            if self.rank_low is not None and (self.rank_low, self.rank_high) != (self.rank,) * 2:
                text += f" (95% rank interval {self.rank_low} to {self.rank_high})"
        return text


def _known(value: float | None) -> TypeGuard[float]:
    return value is not None and not math.isnan(value)


def ranked_dot_plot(
    rows: Sequence[DotRow],
    *,
    chart_id: str,
    title: str,
    unit: str,
    reference: tuple[str, float] | None = None,
    width: float = 760,
) -> str:
    """The SVG of ``rows`` in the order given (rank order), with intervals where known."""
    values: list[float] = [v for r in rows for v in (r.value, r.lci, r.uci) if _known(v)]
    if reference is not None:
        values.append(reference[1])
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    lo, hi = ticks[0], ticks[-1]
    plot_left, plot_right = LABEL_WIDTH + 10, width - RIGHT
    height = TOP + len(rows) * ROW + BOTTOM

    def x(v: float) -> float:
        return plot_left + (v - lo) / ((hi - lo) or 1.0) * (plot_right - plot_left)

    highlighted = [r for r in rows if r.highlighted]
    desc = (
        f"{len(rows)} places ranked best first; dots are values, lines their 95% confidence "
        "intervals where published."
    )
    if highlighted:
        desc += " Highlighted (bold, ▶, black diamond): " + highlighted[0].describe(unit) + "."
    if reference is not None:
        desc += f" Dashed line: {reference[0]} {format_number(reference[1], unit)}."
    parts = [svg_open(width, height, chart_id, title, desc)]
    bottom = TOP + len(rows) * ROW
    for tick in ticks:  # gridlines and tick labels (top and bottom)
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 4}" x2="{tx:.1f}" y2="{bottom}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(format_number(tick, unit, tick_decimals(ticks, unit)))}</text>"
        )
    parts.append(
        f'<text x="{plot_left}" y="16" fill="{INK}" font-weight="700">{esc(_axis_label(unit))}'
        "</text>"
    )
    for i, row in enumerate(rows):
        y = TOP + i * ROW + ROW / 2
        parts.append(f"<g><title>{esc(row.describe(unit))}</title>")
        if row.highlighted:
            parts.append(
                f'<rect x="0" y="{y - ROW / 2:.1f}" width="{width}" height="{ROW}" '
                f'fill="{HIGHLIGHT_BAND}"/>'
            )
        label = ("▶ " if row.highlighted else "") + _clip(row.label)
        weight = ' font-weight="700"' if row.highlighted else ""
        rank = f"{row.rank}. " if row.rank is not None else ""
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}"{weight}>'
            f"{esc(rank + label)}</text>"
        )
        if _known(row.lci) and _known(row.uci):
            x1, x2 = x(float(row.lci)), x(float(row.uci))
            parts.append(
                f'<path d="M{x1:.1f} {y:.1f}H{x2:.1f}M{x1:.1f} {y - 5:.1f}V{y + 5:.1f}'
                f'M{x2:.1f} {y - 5:.1f}V{y + 5:.1f}" stroke="{MUTED}" stroke-width="2" '
                'fill="none"/>'
            )
        cx = x(row.value)
        if row.highlighted:
            parts.append(
                f'<path d="M{cx:.1f} {y - 8:.1f}L{cx + 8:.1f} {y:.1f}L{cx:.1f} {y + 8:.1f}'
                f'L{cx - 8:.1f} {y:.1f}Z" fill="{INK}" stroke="#ffffff" stroke-width="1"/>'
            )
        else:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="5" fill="{BLUE}" stroke="#ffffff" '
                'stroke-width="1"/>'
            )
        parts.append("</g>")
    if reference is not None:
        rx = x(reference[1])
        parts.append(
            f'<line x1="{rx:.1f}" y1="{TOP - 8}" x2="{rx:.1f}" y2="{bottom}" stroke="{INK}" '
            'stroke-width="1.5" stroke-dasharray="5 3"/>'
            f'<text x="{rx:.1f}" y="{TOP - 12}" text-anchor="middle" fill="{INK}">'
            f"{esc(reference[0])} {esc(format_number(reference[1], unit))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _axis_label(unit: str) -> str:
    return {"%": "Per cent", "proportion": "Proportion"}.get(unit, unit.capitalize() or "Value")


def _clip(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
