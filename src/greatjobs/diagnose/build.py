"""The diagnose warehouse step: indicator series for every area, and deprivation measures."""

from __future__ import annotations

from greatjobs.diagnose import deprivation, series
from greatjobs.warehouse import BuildContext


def build_tables(build: BuildContext) -> None:
    """The ``diagnose`` build step: ``core.indicator_series`` and the deprivation tables."""
    series.build_tables(build)
    deprivation.build_tables(build.con)
