"""Sector structure of a place: employment and GVA by industry against its region or England.

Location quotients, shift-share (Dunn; Esteban-Marquillas), specialisation (Hoover, Krugman,
locational Gini, Herfindahl) and GVA per job, from the bundled BRES and regional GVA tables (and
BRES refreshed live from Nomis, for districts). Sector definitions are data
(``definitions.toml`` and the bundled SIC lookups). The warehouse step is
:func:`greatjobs.sectors.build.build_tables`. See ``docs/methods/sectors.md``.
"""

from greatjobs.sectors.definitions import SectorGroup, sector_groups
from greatjobs.sectors.productivity import Productivity, gva_per_job
from greatjobs.sectors.profile import LEVELS, SectorProfile, sector_profile

__all__ = [
    "LEVELS",
    "Productivity",
    "SectorGroup",
    "SectorProfile",
    "gva_per_job",
    "sector_groups",
    "sector_profile",
]
