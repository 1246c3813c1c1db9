"""Server-side SVG charts: no JavaScript, no external assets, accessible by construction.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>`` (ids made
unique from its ``chart_id``); the highlighted place is marked by shape, weight and a text marker
as well as colour; every colour used for data has at least 3:1 contrast against white. Pages show
a table beside each chart.

The charts: ranked dot plots and trend lines (diagnose, the evidence report), the LSOA
deprivation map, the map of districts by an indicator, column charts (spend by year),
location-quotient bars (sectors), estimates with intervals and the portfolio trade-off curve
(impact), and social value per contract and the SROI tornado (social value). All of them are
built from :mod:`greatjobs.charts.svg`: one ``svg_open``, one tick function (``nice_ticks``) and
``esc`` for every text drawn.

The module is plain Python (no Django): every chart returns a ``str``, so the web pages (which mark
it safe) and the evidence report share it.
"""

from greatjobs.charts.barchart import column_chart, row_chart, spend_trend_chart
from greatjobs.charts.choropleth import (
    DECILE_COLOURS,
    LegendItem,
    Projection,
    decile_legend,
    lsoa_choropleth,
)
from greatjobs.charts.curve import curve_chart
from greatjobs.charts.district_map import ClassItem, DistrictMap, district_choropleth
from greatjobs.charts.dotplot import DotRow, ranked_dot_plot
from greatjobs.charts.intervals import interval_chart
from greatjobs.charts.linechart import Point, Series, line_chart
from greatjobs.charts.lqchart import lq_bar_chart
from greatjobs.charts.svg import format_number, nice_ticks
from greatjobs.charts.tornado import tornado_chart
from greatjobs.charts.valuebars import value_bar_chart

__all__ = [
    "DECILE_COLOURS",
    "ClassItem",
    "DistrictMap",
    "DotRow",
    "LegendItem",
    "Point",
    "Projection",
    "Series",
    "column_chart",
    "curve_chart",
    "decile_legend",
    "district_choropleth",
    "format_number",
    "interval_chart",
    "line_chart",
    "lq_bar_chart",
    "lsoa_choropleth",
    "nice_ticks",
    "ranked_dot_plot",
    "row_chart",
    "spend_trend_chart",
    "tornado_chart",
    "value_bar_chart",
]
