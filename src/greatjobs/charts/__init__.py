"""Server-side SVG charts: no JavaScript, no external assets, accessible by construction.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the
highlighted place is marked by shape, weight and a text marker as well as colour; every colour
used for data has at least 3:1 contrast against white. Pages show a table beside each chart.
The module is plain Python (no Django), so the web pages and the evidence report share it.
"""

from greatjobs.charts.barchart import column_chart
from greatjobs.charts.choropleth import (
    DECILE_COLOURS,
    LegendItem,
    Projection,
    decile_legend,
    lsoa_choropleth,
)
from greatjobs.charts.dotplot import DotRow, ranked_dot_plot
from greatjobs.charts.linechart import Point, Series, line_chart
from greatjobs.charts.svg import format_number

__all__ = [
    "DECILE_COLOURS",
    "DotRow",
    "LegendItem",
    "Point",
    "Projection",
    "Series",
    "column_chart",
    "decile_legend",
    "format_number",
    "line_chart",
    "lsoa_choropleth",
    "ranked_dot_plot",
]
