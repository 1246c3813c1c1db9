"""Server-rendered SVG charts for the scenario builder (no JavaScript).

* :func:`interval_chart`: one row per estimate, a dot at the central value and a line across its
  90% interval, with the figures written beside it;
* :func:`curve_chart`: the trade-off curve of a portfolio, cumulative cost against cumulative net
  good jobs, projects in priority order, with the budget marked.

Both are ``role="img"`` with a title and description; the page gives the same figures in a table.
Marks are dark enough for 3:1 contrast with white and meaning never rests on colour alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

INK = "#0b0c0c"
BLUE = "#1d70b8"
GRID = "#b1b4b6"


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def _label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


@dataclass(frozen=True)
class IntervalRow:
    label: str
    y: float
    x_low: float
    x_high: float
    x_central: float
    text: str


def interval_chart(
    rows: Sequence[tuple[str, float, float, float]],
    title: str,
    description: str,
    chart_id: str,
    unit: str = "",
) -> SafeString:
    """``(label, central, low, high)`` rows as dots with 90% interval lines."""
    left, width, row_height, top_margin = 220, 400, 34, 30
    top = max([r[3] for r in rows] + [r[1] for r in rows] + [1.0])
    ticks = nice_ticks(top)
    scale = width / ticks[-1]
    shown = [
        IntervalRow(
            label,
            top_margin + i * row_height + row_height / 2,
            left + low * scale,
            left + high * scale,
            left + central * scale,
            f"{unit}{_label(central)} ({unit}{_label(low)} to {unit}{_label(high)})",
        )
        for i, (label, central, low, high) in enumerate(rows)
    ]
    height = top_margin + len(rows) * row_height + 10
    return render_to_string(
        "impact/_interval_chart.svg",
        {
            "chart_id": chart_id,
            "title": title,
            "description": description,
            "rows": shown,
            "ticks": [{"x": left + t * scale, "text": _label(t)} for t in ticks],
            "left": left,
            "width": left + width + 230,
            "height": height,
            "bottom": height - 6,
            "text_x": left + width + 12,
            "ink": INK,
            "blue": BLUE,
            "grid": GRID,
        },
    )


def curve_chart(
    costs: Sequence[float],
    values: Sequence[float],
    budget: float | None,
    title: str,
    description: str,
    y_label: str,
) -> SafeString:
    """Cumulative cost (£) on x, cumulative value on y, starting at the origin."""
    left, bottom_margin, width, height, top_margin = 70, 50, 560, 300, 20
    x_ticks = nice_ticks(max([*costs, budget or 0.0, 1.0]) / 1e6)
    y_ticks = nice_ticks(max([*values, 1.0]))
    sx = width / x_ticks[-1]
    sy = height / y_ticks[-1]

    def point(cost: float, value: float) -> tuple[float, float]:
        return left + cost / 1e6 * sx, top_margin + height - value * sy

    points = [point(0, 0), *(point(c, v) for c, v in zip(costs, values, strict=True))]
    budget_x = point(budget, 0)[0] if budget else None
    return render_to_string(
        "impact/_curve_chart.svg",
        {
            "title": title,
            "description": description,
            "polyline": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            "points": [{"x": f"{x:.1f}", "y": f"{y:.1f}"} for x, y in points[1:]],
            "x_ticks": [{"x": f"{left + t * sx:.1f}", "text": f"{t:g}"} for t in x_ticks],
            "y_ticks": [
                {"y": f"{top_margin + height - t * sy:.1f}", "text": _label(t)} for t in y_ticks
            ],
            "budget_x": f"{budget_x:.1f}" if budget_x is not None else None,
            "budget_text": f"Budget £{budget / 1e6:,.3g}m" if budget else "",
            "left": left,
            "right": left + width,
            "top": top_margin,
            "axis_y": top_margin + height,
            "total_width": left + width + 30,
            "total_height": top_margin + height + bottom_margin,
            "x_label_y": top_margin + height + 40,
            "x_mid": left + width / 2,
            "y_label": y_label,
            "y_mid": top_margin + height / 2,
            "ink": INK,
            "blue": BLUE,
            "grid": GRID,
        },
    )
