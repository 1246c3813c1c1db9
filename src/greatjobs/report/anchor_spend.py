"""The evidence report's Anchor spend section: the place's anchors' spend from the ledger.

The anchors of a place are the bodies with spend in the ledger whose area
(``spend.report.body_area``, as the spend pages read it) lies inside the place. Their spend is
measured together and one by one (``greatjobs.spend``); without a ledger, or with no anchor of
the place in it, the section says so instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from greatjobs.geography import Place
from greatjobs.spend.ledger import bodies as ledger_bodies
from greatjobs.spend.metrics import SpendReport
from greatjobs.spend.report import body_area, place_scope, spend_report
from greatjobs.store.backend import DuckDBBackend

NO_LEDGER = (
    "No spend ledger is loaded, so this section is left out: import the anchors' published "
    "spend files (greatjobs spend import, or greatjobs demo for the city region's own) and "
    "write the report again."
)


@dataclass(frozen=True)
class AnchorSpend:
    report: SpendReport | None
    note: str = ""
    """Why there is no report ('' when there is one)."""
    files: int = 0


def anchor_spend(
    con: duckdb.DuckDBPyConnection, place: Place, ledger: duckdb.DuckDBPyConnection | None
) -> AnchorSpend:
    """The spend of ``place``'s anchors in ``ledger`` (none given: the section is left out)."""
    if ledger is None:
        return AnchorSpend(None, NO_LEDGER)
    inside = set(place.district_codes)
    anchors = [b for b in ledger_bodies(ledger) if (area := body_area(con, b)) and area <= inside]
    if not anchors:
        return AnchorSpend(
            None,
            f"No anchor institution of {place.name} has spend in the ledger, so this section "
            "is left out.",
        )
    row = ledger.execute(
        "SELECT count(*) FROM spend.source_file WHERE list_contains(?, body)", [anchors]
    ).fetchone()
    report = spend_report(ledger, DuckDBBackend(ledger), anchors, None, place_scope(con, place))
    return AnchorSpend(report, files=int(row[0]) if row else 0)
