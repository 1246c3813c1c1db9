"""The spend trend: in-scope spend per calendar year, as a column chart."""

from __future__ import annotations

import pandas as pd

from greatjobs.charts import column_chart


def trend_svg(trend: pd.DataFrame) -> str:
    if trend.empty:
        return ""
    by_year = trend.groupby("year")["spend_gbp"].sum()
    return column_chart(
        [(str(year), float(value)) for year, value in by_year.items()],
        chart_id="spend-trend",
        title="In-scope spend by calendar year",
        unit="£",
        axis_label="Spend (£)",
    )
