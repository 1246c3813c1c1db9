"""Social value per contract: committed, delivered and verified value as a group of three bars.

The three bars keep one order in every group (the key above the chart gives it) and the
``<desc>`` lists every figure; the page gives the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from greatjobs.charts.svg import BLUE, GRID, INK, MUTED, esc, format_number, nice_ticks, svg_open

SERIES = (
    ("committed", "Committed", MUTED),
    ("delivered", "Delivered", BLUE),
    ("verified", "Verified", INK),
)


def value_bar_chart(rows: Sequence[Mapping[str, str | float]], *, chart_id: str, title: str) -> str:
    """One group of three bars per row (``label``, ``committed``, ``delivered``, ``verified``)."""
    label_w, width, bar_h, gap = 220, 760, 12, 14
    plot_w = width - label_w - 30
    group_h = bar_h * 3 + gap
    height = 60 + group_h * max(len(rows), 1)
    top = max([float(r[k]) for r in rows for k, _, _ in SERIES] or [1.0])
    ticks = nice_ticks(0.0, top, from_zero=True)
    scale = plot_w / ticks[-1]
    desc = "; ".join(
        f"{r['label']}: "
        + ", ".join(
            f"{name.lower()} {format_number(float(r[key]), '£', 0)}" for key, name, _ in SERIES
        )
        for r in rows
    )
    parts = [svg_open(width, height, chart_id, title, desc or "No contracts")]
    for t in ticks:
        x = label_w + t * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">'
            f"{esc(format_number(t, '£', 0))}</text>"
        )
    for i, (_key, name, colour) in enumerate(SERIES):
        x = label_w + i * 110
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="18" fill="{INK}">{esc(name)}</text>')
    for n, row in enumerate(rows):
        y0 = 34 + n * group_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y0 + bar_h * 2}" text-anchor="end" fill="{INK}">'
            f"{esc(str(row['label'])[:32])}</text>"
        )
        for i, (key, _name, colour) in enumerate(SERIES):
            w = float(row[key]) * scale
            parts.append(
                f'<rect x="{label_w}" y="{y0 + i * bar_h}" width="{w:.1f}" '
                f'height="{bar_h - 2}" fill="{colour}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
