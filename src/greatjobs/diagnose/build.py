"""The diagnose warehouse step: published figures, indicator series for every area, and
deprivation measures, for the indicators of the catalogue (``catalogue.toml``)."""

from __future__ import annotations

from greatjobs.diagnose import deprivation, published, series
from greatjobs.diagnose.catalogue import Indicator, list_indicators
from greatjobs.warehouse import BuildContext


def build_tables(build: BuildContext, indicators: list[Indicator] | None = None) -> None:
    """The ``diagnose`` build step: ``core.indicator_value`` and ``core.imd_lsoa``, then
    ``core.indicator_series`` and the deprivation tables. ``indicators``: the catalogue to
    build (default: the bundled one)."""
    chosen = list_indicators() if indicators is None else indicators
    published.build_tables(build, chosen)
    series.build_tables(build, chosen)
    deprivation.build_tables(build.con)
