"""Diagnose: league tables with rank intervals per indicator, and where each place stands."""

from greatjobs.web.areas import Area

AREA = Area(slug="diagnose", title="Diagnose", order=20)
