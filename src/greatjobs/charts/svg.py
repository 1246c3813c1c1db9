"""Small helpers shared by the charts: escaping, number formats, axis ticks, the SVG wrapper."""

from __future__ import annotations

import html
import math
import re

INK = "#0b0c0c"
"""Text and reference lines (GOV.UK black)."""
MUTED = "#505a5f"
"""Axes, gridlines' labels and intervals (7:1 on white)."""
GRID = "#b1b4b6"
BLUE = "#1d70b8"
"""Data points (5.2:1 on white)."""
HIGHLIGHT_BAND = "#fff7bf"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'


MIN_STEP = 1.0
"""Map outlines keep a point only this far (in pixels, across plus down) from the last kept."""


def thinned(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A projected ring's points less those within :data:`MIN_STEP` of the last one kept (the
    first and last are always kept): maps stay sharp at a fraction of the size."""
    kept = points[:1]
    for px, py in points[1:-1]:
        if abs(px - kept[-1][0]) + abs(py - kept[-1][1]) >= MIN_STEP:
            kept.append((px, py))
    return kept + points[-1:]


def ring_path(points: list[tuple[float, float]]) -> str:
    """An SVG path closing a ring (its last point, the first again, left to ``Z``)."""
    if len(points) > 1 and points[-1] == points[0]:
        points = points[:-1]
    return "M" + "L".join(f"{px:.1f} {py:.1f}" for px, py in points) + "Z"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_id(text: str) -> str:
    """An id fragment: letters, digits and hyphens only."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-") or "chart"


def format_number(value: float | None, unit: str = "", decimals: int | None = None) -> str:
    """'18.6%', '£610.80', '£34.01 per hour', '0.288', '1,228 per 100,000' ... ; an en dash for
    no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "%":
        return f"{value:.{1 if decimals is None else decimals}f}%"
    if unit.startswith("£"):  # pounds and pence, but whole pounds a year
        whole = unit.endswith("per year")
        body = f"£{value:,.{(0 if whole else 2) if decimals is None else decimals}f}"
        return body + unit[1:]
    if unit == "proportion":
        return f"{value:.{3 if decimals is None else decimals}f}"
    if unit.startswith("per "):  # a rate per so many people, published in whole numbers
        return f"{value:,.{0 if decimals is None else decimals}f} {unit}"
    d = 1 if decimals is None else decimals
    return f"{value:,.{d}f}" + (f" {unit}" if unit and unit != "score" else "")


def compact_number(value: float) -> str:
    """'1,250' from 100 up, three significant figures below ('12.5', '0.25')."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def nice_ticks(low: float, high: float, count: int = 5, *, from_zero: bool = False) -> list[float]:
    """Round tick values covering [low, high] (about ``count`` of them).

    With ``from_zero`` the ticks also cover zero (an axis of amounts that starts at nothing); a
    range that is all zero becomes 0 to 1.
    """
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
        if low == high == 0.0:
            high = 1.0
    if high <= low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def svg_open(
    width: float,
    height: float,
    chart_id: str,
    title: str,
    desc: str,
    *,
    test_id: str | None = None,
    css_class: str | None = None,
) -> str:
    """The opening ``<svg>`` labelled by its title and description (unique ids per chart).

    ``test_id`` adds a ``data-testid`` (for a chart no figure around it names) and ``css_class``
    a ``class`` (e.g. the web app's ``greatjobs-chart``, which lets it shrink on small screens).
    """
    cid = safe_id(chart_id)
    extra = f' data-testid="{esc(test_id)}"' if test_id else ""
    extra += f' class="{esc(css_class)}"' if css_class else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" focusable="false" '
        f'data-chart="{cid}"{extra} font-family="{esc(FONT)}" font-size="13">'
        f'<title id="{cid}-title">{esc(title)}</title><desc id="{cid}-desc">{esc(desc)}</desc>'
    )


def tick_decimals(ticks: list[float], unit: str = "") -> int:
    """Decimals enough to write every tick exactly (a tick at 32.5 reads '32.5', never '32'), at
    most three; pounds with pence take two ('£32.50')."""

    def exact(d: int) -> bool:
        return all(abs(t - round(t, d)) <= 1e-9 * max(1.0, abs(t)) for t in ticks)

    decimals = next((d for d in range(4) if exact(d)), 3)
    return 2 if unit.startswith("£") and decimals == 1 else decimals
