"""Sectors: the sector profile of any place (employment, location quotients, shift-share,
specialisation and GVA per job) with its sources."""

from greatjobs.web.areas import Area

AREA = Area(slug="sectors", title="Sectors", order=20)
