"""The spend trend as a server-side SVG: bars of in-scope spend per year."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pandas as pd


def trend_svg(trend: pd.DataFrame, width: int = 640, height: int = 240) -> str:
    if trend.empty:
        return ""
    by_year = trend.groupby("year")["spend_gbp"].sum()
    top = max((Decimal(str(v)) for v in by_year), default=Decimal(1)) or Decimal(1)
    n = len(by_year)
    slot = (width - 60) / n
    bars = []
    for i, (year, value) in enumerate(by_year.items()):
        h = float(Decimal(str(value)) / top) * (height - 50)
        x = 50 + i * slot
        label = f"{year}: £{Decimal(str(value)):,.0f}"
        bars.append(
            f'<g><title>{escape(label)}</title><rect x="{x + slot * 0.15:.1f}" '
            f'y="{height - 30 - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="#1d70b8"/>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 12}" text-anchor="middle" '
            f'font-size="12">{year}</text></g>'
        )
    summary = "; ".join(f"{y}: £{Decimal(str(v)):,.0f}" for y, v in by_year.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="In-scope spend by year. {escape(summary)}" class="spend-trend">'
        + "".join(bars)
        + "</svg>"
    )
