"""A horizontal bar chart of location quotients, largest first, with a dashed line at 1.

Every bar is labelled with its value in text, so nothing relies on colour; bars at or above 1
are blue, below 1 grey (both at least 3:1 against white). The page gives the same figures in a
table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from greatjobs.charts.svg import BLUE, GRID, INK, MUTED, esc, nice_ticks, svg_open

LABEL_WIDTH = 330
BAR_AREA = 400
ROW = 22
TOP = 34
MAX_LABEL = 48


def lq_bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str,
    chart_id: str = "lq-chart",
) -> str:
    """Bars for ``(label, lq)`` pairs (NaN values are left out), largest first."""
    rows = sorted(
        ((label, value) for label, value in items if not math.isnan(value)),
        key=lambda item: -item[1],
    )
    top = max([1.5, *(v for _, v in rows)]) * 1.08
    scale = BAR_AREA / top
    height = TOP + len(rows) * ROW + 10
    bottom = height - 6
    one_x = LABEL_WIDTH + scale
    parts = [
        svg_open(
            LABEL_WIDTH + BAR_AREA + 60,
            height,
            chart_id,
            title,
            description,
            test_id=chart_id,
            css_class="greatjobs-chart",
        ),
        f'<g font-size="12" fill="{INK}" aria-hidden="true">',
    ]
    for tick in nice_ticks(0.0, top, count=7, from_zero=True):
        if tick * scale > BAR_AREA + 1e-9:
            continue
        x = LABEL_WIDTH + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="22" y2="{bottom}" stroke="{GRID}" '
            'stroke-width="1"/>'
            f'<text x="{x:.1f}" y="16" text-anchor="middle">{esc(f"{tick:g}")}</text>'
        )
    parts.append(
        f'</g><line x1="{one_x:.1f}" x2="{one_x:.1f}" y1="22" y2="{bottom}" stroke="{INK}" '
        'stroke-width="2" stroke-dasharray="4 3" aria-hidden="true"/>'
        f'<g font-size="12" fill="{INK}">'
    )
    for i, (label, value) in enumerate(rows):
        y = TOP + i * ROW
        shown = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        width = max(value * scale, 1.0)
        text = f"{value:.2f}"
        parts.append(
            f'<g data-lq="{esc(text)}"><title>{esc(label)}: location quotient {esc(text)}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{esc(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="16" '
            f'fill="{BLUE if value >= 1 else MUTED}"/>'
            f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 15}" stroke="#ffffff" '
            f'stroke-width="3" paint-order="stroke">{esc(text)}</text></g>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
