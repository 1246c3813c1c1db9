"""Anchor spend: import ledgers (with the per-row error report) and dashboards per anchor and
across anchors, with CSV/Excel exports."""

from greatjobs.web.accounts.roles import SEES_EVERY_ORGANISATION
from greatjobs.web.areas import Area

AREA = Area(slug="spend", title="Spend", order=60, roles=SEES_EVERY_ORGANISATION)
