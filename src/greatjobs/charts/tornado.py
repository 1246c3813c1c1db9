"""A tornado: how far each assumption's range moves an SROI ratio, one bar per assumption from
the ratio at its low value to the ratio at its high value, around a line at the central ratio.

A line of text above the bars says what bars and line mean; the ``<desc>`` lists every figure
and the page gives the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from greatjobs.charts.svg import BLUE, GRID, INK, MUTED, esc, nice_ticks, svg_open


def tornado_chart(
    rows: Sequence[Mapping[str, str | float]], central: float, *, chart_id: str, title: str
) -> str:
    """One bar per row (``label``, ``at_low``, ``at_high``) in the order given (widest first)."""
    label_w, width, bar_h, gap = 300, 760, 16, 8
    plot_w = width - label_w - 40
    height = 70 + (bar_h + gap) * max(len(rows), 1)
    ends = [float(r[k]) for r in rows for k in ("at_low", "at_high")]
    ticks = nice_ticks(min([*ends, central]), max([*ends, central]), from_zero=True)
    scale = plot_w / ((ticks[-1] - ticks[0]) or 1.0)

    def x(value: float) -> float:
        return label_w + (value - ticks[0]) * scale

    desc = f"Central ratio {central:.2f}. " + "; ".join(
        f"{r['label']}: {float(r['at_low']):.2f} at its low value, "
        f"{float(r['at_high']):.2f} at its high value"
        for r in rows
    )
    parts = [svg_open(width, height, chart_id, title, desc if rows else "No ranges given")]
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" y1="30" x2="{x(t):.1f}" y2="{height - 24}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x(t):.1f}" y="{height - 8}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(f'{t:g}')}</text>"
        )
    parts.append(
        f'<text x="{label_w}" y="18" fill="{INK}">Bars: ratio at low to high value. '
        "Line: central ratio.</text>"
    )
    for n, row in enumerate(rows):
        y = 34 + n * (bar_h + gap)
        low, high = sorted((float(row["at_low"]), float(row["at_high"])))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" fill="{INK}">'
            f"{esc(str(row['label'])[:44])}</text>"
        )
        parts.append(
            f'<rect x="{x(low):.1f}" y="{y}" width="{max((high - low) * scale, 1):.1f}" '
            f'height="{bar_h}" fill="{BLUE}"/>'
        )
    parts.append(
        f'<line x1="{x(central):.1f}" y1="28" x2="{x(central):.1f}" y2="{height - 24}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
