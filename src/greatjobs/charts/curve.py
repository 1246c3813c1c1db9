"""A trade-off curve: cumulative cost (£ million) against a cumulative value (e.g. net good
jobs), projects added in priority order from the origin, with the budget marked.

The budget is a dashed line with its amount written beside it; the page gives the same figures
in a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from greatjobs.charts.svg import BLUE, GRID, INK, compact_number, esc, nice_ticks, svg_open

LEFT = 70
TOP = 20
PLOT_WIDTH = 560
PLOT_HEIGHT = 300
BOTTOM = 50


def curve_chart(
    costs: Sequence[float],
    values: Sequence[float],
    budget: float | None,
    *,
    title: str,
    description: str,
    y_label: str,
    chart_id: str = "curve-chart",
) -> str:
    """The SVG of cumulative ``costs`` (£) on x and cumulative ``values`` on y, from the origin."""
    x_ticks = nice_ticks(0.0, max([*costs, budget or 0.0, 1.0]) / 1e6, count=6, from_zero=True)
    y_ticks = nice_ticks(0.0, max([*values, 1.0]), count=6, from_zero=True)
    sx = PLOT_WIDTH / x_ticks[-1]
    sy = PLOT_HEIGHT / y_ticks[-1]
    right, axis_y = LEFT + PLOT_WIDTH, TOP + PLOT_HEIGHT
    y_mid = TOP + PLOT_HEIGHT / 2

    def point(cost: float, value: float) -> tuple[float, float]:
        return LEFT + cost / 1e6 * sx, axis_y - value * sy

    points = [point(0, 0), *(point(c, v) for c, v in zip(costs, values, strict=True))]
    parts = [
        svg_open(
            right + 30,
            axis_y + BOTTOM,
            chart_id,
            title,
            description,
            test_id=chart_id,
            css_class="greatjobs-chart",
        ),
        f'<g font-size="12" fill="{INK}" aria-hidden="true">',
    ]
    for tick in x_ticks:
        x = LEFT + tick * sx
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{axis_y}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{esc(f"{tick:g}")}</text>'
        )
    for tick in y_ticks:
        y = axis_y - tick * sy
        parts.append(
            f'<line x1="{LEFT}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y:.1f}" dy="4" text-anchor="end">'
            f"{esc(compact_number(tick))}</text>"
        )
    parts.append(
        f'<text x="{LEFT + PLOT_WIDTH / 2:.0f}" y="{axis_y + 40}" text-anchor="middle">'
        "Cumulative cost (£ million)</text>"
        f'<text x="14" y="{y_mid:.0f}" text-anchor="middle" transform="rotate(-90 14 {y_mid:.0f})">'
        f"{esc(y_label)}</text></g>"
        f'<line x1="{LEFT}" x2="{right}" y1="{axis_y}" y2="{axis_y}" stroke="{INK}" '
        'stroke-width="1" aria-hidden="true"/>'
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{axis_y}" stroke="{INK}" '
        'stroke-width="1" aria-hidden="true"/>'
    )
    if budget:
        bx = point(budget, 0)[0]
        parts.append(
            f'<g aria-hidden="true"><line x1="{bx:.1f}" x2="{bx:.1f}" y1="{TOP}" y2="{axis_y}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{bx:.1f}" dx="6" y="{TOP + 12}" font-size="12" fill="{INK}">'
            f"{esc(f'Budget £{budget / 1e6:,.3g}m')}</text></g>"
        )
    parts.append(
        '<polyline points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        + f'" fill="none" stroke="{BLUE}" stroke-width="3" aria-hidden="true"/>'
        f'<g fill="{BLUE}" stroke="#ffffff" stroke-width="1.5" aria-hidden="true">'
        + "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5"/>' for x, y in points[1:])
        + "</g></svg>"
    )
    return "".join(parts)
