"""Supplier review: candidate links between ledger suppliers and register records, side by side,
for analysts to confirm or reject (decisions kept in the spend ledger and reused)."""

from greatjobs.web.accounts.roles import ADMIN, ANALYST
from greatjobs.web.areas import Area

AREA = Area(slug="suppliers", title="Supplier review", order=65, roles=frozenset({ADMIN, ANALYST}))
