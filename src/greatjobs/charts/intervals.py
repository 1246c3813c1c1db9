"""Estimates with intervals: one row per estimate, a dot at the central value and a line across
its interval, with the figures written beside it (e.g. the jobs a scenario supports).

The interval's level (95 for the 2.5th to 97.5th percentile) is given; the description says it
and the chart writes it above the labels. The axis starts at zero. The page gives the same
figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from greatjobs.charts.svg import BLUE, GRID, INK, compact_number, esc, nice_ticks, svg_open

LEFT = 220
PLOT_WIDTH = 400
ROW = 34
TOP = 30


def interval_chart(
    rows: Sequence[tuple[str, float, float, float]],
    *,
    level: float,
    chart_id: str,
    title: str,
    unit: str = "",
    decimals: int | None = None,
) -> str:
    """The SVG of ``(label, central, low, high)`` rows, top to bottom, with ``level``% intervals.

    ``unit`` prefixes every figure (``"£"``); ``decimals`` sets the figures of the description
    (three significant figures below 100 by default, as beside the rows).
    """
    if not 0 < level < 100:
        raise ValueError(f"An interval's level is a percentage between 0 and 100, not {level}.")

    def beside(value: float) -> str:
        return unit + compact_number(value)

    def figure(value: float) -> str:
        return unit + (compact_number(value) if decimals is None else f"{value:,.{decimals}f}")

    top = max([r[3] for r in rows] + [r[1] for r in rows] + [1.0])
    ticks = nice_ticks(0.0, top, count=6, from_zero=True)
    scale = PLOT_WIDTH / ticks[-1]
    height = TOP + len(rows) * ROW + 10
    bottom = height - 6
    text_x = LEFT + PLOT_WIDTH + 12
    desc = (
        f"A dot for each central value and a line across its {level:g}% interval: "
        + "; ".join(f"{r[0]} {figure(r[1])} ({figure(r[2])} to {figure(r[3])})" for r in rows)
        + "."
        if rows
        else "No estimates."
    )
    parts = [
        svg_open(
            LEFT + PLOT_WIDTH + 230,
            height,
            chart_id,
            title,
            desc,
            test_id=chart_id,
            css_class="greatjobs-chart",
        ),
        f'<g font-size="12" fill="{INK}" aria-hidden="true">',
    ]
    for tick in ticks:
        x = LEFT + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="22" y2="{bottom}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{x:.1f}" y="15" text-anchor="middle">{esc(compact_number(tick))}</text>'
        )
    parts.append(
        f'<text x="{LEFT - 10}" y="15" text-anchor="end">Central ({level:g}% interval)</text>'
    )
    parts.append(f'</g><g font-size="13" fill="{INK}">')
    for i, (label, central, low, high) in enumerate(rows):
        y = TOP + i * ROW + ROW / 2
        x_low, x_high, x_central = (LEFT + v * scale for v in (low, high, central))
        text = f"{beside(central)} ({beside(low)} to {beside(high)})"
        parts.append(
            f"<g><title>{esc(label)}: {esc(text)}</title>"
            f'<text x="{LEFT - 10}" y="{y:.1f}" dy="4" text-anchor="end">{esc(label)}</text>'
            f'<line x1="{x_low:.1f}" x2="{x_high:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{BLUE}" '
            'stroke-width="3"/>'
        )
        for x in (x_low, x_high):
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 6:.1f}" y2="{y + 6:.1f}" '
                f'stroke="{BLUE}" stroke-width="2"/>'
            )
        parts.append(
            f'<circle cx="{x_central:.1f}" cy="{y:.1f}" r="6" fill="{INK}"/>'
            f'<text x="{text_x}" y="{y:.1f}" dy="4">{esc(text)}</text></g>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
