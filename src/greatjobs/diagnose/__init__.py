"""Diagnose where a place stands: indicator series, league tables with rank intervals,
deprivation measures and pockets, and the inclusive-growth index."""
