"""A server-rendered horizontal bar chart of location quotients (SVG, no JavaScript).

Accessible: ``role="img"`` with a title and description, every bar labelled with its value in text
(so nothing relies on colour), a reference line at LQ = 1, and the page gives the same figures in
a table. Bars above 1 are blue, below 1 grey; both have at least 3:1 contrast with white.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

ABOVE = "#1d70b8"
BELOW = "#505a5f"
LABEL_WIDTH = 330
BAR_AREA = 400
ROW = 22
TOP = 34
MAX_LABEL = 48


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: float
    y: float
    width: float
    colour: str
    text: str

    @property
    def text_y(self) -> float:
        return self.y + 15

    @property
    def rect_y(self) -> float:
        return self.y + 3

    @property
    def value_x(self) -> str:
        return f"{LABEL_WIDTH + self.width + 4:.1f}"


def _ticks(top: float) -> list[float]:
    step = 0.5 if top <= 3 else 1.0 if top <= 6 else float(math.ceil(top / 6))
    return [i * step for i in range(int(top / step) + 1)]


def render_lq_chart(
    items: Sequence[tuple[str, float]], title: str, description: str, chart_id: str = "lq-chart"
) -> SafeString:
    """Bars for ``(label, lq)`` pairs (NaN values are left out), largest first."""
    rows = sorted(
        ((label, value) for label, value in items if not math.isnan(value)),
        key=lambda item: -item[1],
    )
    top = max([1.5, *(v for _, v in rows)]) * 1.08
    scale = BAR_AREA / top
    bars = [
        Bar(
            label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…",
            label,
            value,
            TOP + i * ROW,
            max(value * scale, 1.0),
            ABOVE if value >= 1 else BELOW,
            f"{value:.2f}",
        )
        for i, (label, value) in enumerate(rows)
    ]
    height = TOP + len(bars) * ROW + 10
    ticks = [
        {"x": LABEL_WIDTH + t * scale, "text": f"{t:g}"}
        for t in _ticks(top)
        if t * scale <= BAR_AREA
    ]
    return render_to_string(
        "sectors/_lq_chart.svg",
        {
            "chart_id": chart_id,
            "title": title,
            "description": description,
            "bars": bars,
            "ticks": ticks,
            "width": LABEL_WIDTH + BAR_AREA + 60,
            "height": height,
            "label_x": LABEL_WIDTH - 8,
            "bar_x": LABEL_WIDTH,
            "one_x": LABEL_WIDTH + scale,
            "bottom": height - 6,
        },
    )
