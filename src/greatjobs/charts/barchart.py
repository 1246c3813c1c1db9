"""A column chart of one measure over periods (e.g. spend by year), with a labelled value axis.

Each column carries its value as a tooltip and the ``<desc>`` lists every value, so the chart
reads without sight; the page gives the same figures as a table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from greatjobs.charts.svg import (
    BLUE,
    GRID,
    MUTED,
    esc,
    format_number,
    nice_ticks,
    svg_open,
    tick_decimals,
)

LEFT = 96
TOP = 20
BOTTOM = 44
RIGHT = 16


def column_chart(
    bars: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str,
    axis_label: str,
    width: float = 640,
    height: float = 280,
) -> str:
    """The SVG of ``bars`` (label, value), left to right; the value axis starts at zero."""
    values = [value for _label, value in bars]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]) or 1.0)
    lo, hi = ticks[0], ticks[-1]
    right, bottom = width - RIGHT, height - BOTTOM
    decimals = tick_decimals(ticks, unit)

    def y(v: float) -> float:
        return bottom - (v - lo) / ((hi - lo) or 1.0) * (bottom - TOP)

    said = [f"{label}: {format_number(value, unit, 0)}" for label, value in bars]
    parts = [svg_open(width, height, chart_id, title, "; ".join(said) + "." if said else "None.")]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{esc(format_number(tick, unit, decimals))}</text>"
        )
    parts.append(
        f'<text transform="translate(14 {(TOP + bottom) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" fill="{MUTED}">{esc(axis_label)}</text>'
    )
    slot = (right - LEFT) / max(len(bars), 1)
    zero = y(0.0)
    for n, (label, value) in enumerate(bars):
        x = LEFT + n * slot
        top = min(y(value), zero)
        parts.append(
            f'<g><title>{esc(said[n])}</title><rect x="{x + slot * 0.15:.1f}" y="{top:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{abs(zero - y(value)):.1f}" fill="{BLUE}"/></g>'
            f'<text x="{x + slot / 2:.1f}" y="{bottom + 18}" text-anchor="middle" '
            f'fill="{MUTED}">{esc(label)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{zero:.1f}" x2="{right}" y2="{zero:.1f}" stroke="{MUTED}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def spend_trend_chart(by_year: Iterable[tuple[object, float]]) -> str:
    """In-scope spend per calendar year as columns; no chart (``""``) for no years."""
    bars = [(str(year), float(value)) for year, value in by_year]
    if not bars:
        return ""
    return column_chart(
        bars,
        chart_id="spend-trend",
        title="In-scope spend by calendar year",
        unit="£",
        axis_label="Spend (£)",
    )


def row_chart(
    bars: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    unit: str,
    width: float = 720,
) -> str:
    """Horizontal bars of ``bars`` (label, value), top to bottom, for long labels (bodies'
    names); the value axis starts at zero and each bar is labelled with its value."""
    label_w, bar_h, top_pad = 250, 22, 12
    values = [value for _label, value in bars]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]) or 1.0)
    lo, hi = ticks[0], ticks[-1]
    right = width - RIGHT - 60
    height = top_pad + bar_h * max(len(bars), 1) + 30
    decimals = tick_decimals(ticks, unit)

    def x(v: float) -> float:
        return label_w + (v - lo) / ((hi - lo) or 1.0) * (right - label_w)

    said = [f"{label}: {format_number(value, unit, 0)}" for label, value in bars]
    parts = [svg_open(width, height, chart_id, title, "; ".join(said) + "." if said else "None.")]
    bottom = height - 24
    for tick in ticks:
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top_pad}" x2="{tx:.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{tx:.1f}" y="{bottom + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(format_number(tick, unit, decimals))}</text>"
        )
    zero = x(0.0)
    for n, (label, value) in enumerate(bars):
        y = top_pad + n * bar_h
        left = min(x(value), zero)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.65:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{esc(label[:38])}</text>'
            f'<g><title>{esc(said[n])}</title><rect x="{left:.1f}" y="{y + 3}" '
            f'width="{abs(x(value) - zero):.1f}" height="{bar_h - 6}" fill="{BLUE}"/></g>'
            f'<text x="{max(x(value), zero) + 4:.1f}" y="{y + bar_h * 0.65:.1f}" '
            f'fill="{MUTED}">{esc(format_number(value, unit, 0))}</text>'
        )
    parts.append(
        f'<line x1="{zero:.1f}" y1="{top_pad}" x2="{zero:.1f}" y2="{bottom}" stroke="{MUTED}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
