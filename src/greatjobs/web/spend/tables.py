"""The spend pages' tables, built from the ledger's rows and the report's frames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from django.urls import reverse
from django.utils.http import urlencode
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.spend.metrics import SpendReport
from greatjobs.web.core.components import Cell, Column, figure, frame_table, link, numeric, table


def _pounds(header: str, places: str) -> Column:
    """Pounds as the page writes them: "2g" to the penny, "0g" to the pound."""
    return Column(header, lambda v: figure(v, places, "£"), numeric=True)


def _percent(value: Any) -> str:
    return f"{round(float(value) * 100)}%"


def bodies_table(bodies: Sequence[tuple[Any, ...]]) -> GovUKTable:
    """Each body with imported spend, linking to its dashboard."""
    dashboard = reverse("spend:dashboard")
    return table(
        ["Body", "Files", "Rows loaded", "Rows quarantined", "Spend loaded"],
        [
            [
                link(body, f"{dashboard}?{urlencode({'body': body})}"),
                files,
                loaded,
                quarantined,
                numeric(figure(amount, "2g", "£")),
            ]
            for body, files, loaded, quarantined, amount in bodies
        ],
        caption="Bodies with imported spend",
        caption_size="hidden",
        attributes={"data-testid": "bodies"},
    )


def quarantine_table(rows: pd.DataFrame) -> GovUKTable:
    """An imported file's rows not loaded, and why (from ``spend.ledger.quarantined_rows``)."""
    return table(
        ["Row", "Column", "Reason"],
        [
            [numeric(str(row)), column or "", reason]
            for row, column, reason in rows[["row", "column", "reason"]].itertuples(index=False)
        ],
        caption="Rows not loaded (blank rows not listed)",
        caption_size="s",
        attributes={"data-testid": "quarantine"},
    )


def headline_table(headline: pd.DataFrame) -> GovUKTable:
    return frame_table(
        headline,
        {
            "metric": "Measure",
            "spend_gbp": _pounds("Spend", "2g"),
            "share": Column("Share", _percent, numeric=True, missing="not known"),
            "share_of": Column("Share of", numeric=False),
            "coverage": Column("Coverage", _percent, numeric=True, missing="none"),
        },
        caption="Where the money goes",
        attributes={"data-testid": "headline"},
    )


def lm3_table(report: SpendReport) -> GovUKTable:
    """LM3's three rounds, for suppliers only and, when the staff were given, with them."""
    both = report.lm3["with_staff"]
    columns = [report.lm3, both] if both else [report.lm3]

    def pounds(name: str) -> list[dict[str, str]]:
        return [numeric(figure(c[name], "0g", "£")) for c in columns]

    rows: list[list[Cell]] = [
        [f"R1: spend{' and staff pay' if both else ''}", *pounds("r1_gbp")],
        [f"R2: with suppliers{' and staff' if both else ''} in the place", *pounds("r2_gbp")],
        ["R3: re-spent in the place", *pounds("r3_gbp")],
        ["LM3", *(numeric(figure(c["lm3"], 2, missing="not available")) for c in columns)],
    ]
    return table(
        ["Round", "Suppliers only", *(["With staff"] if both else [])],
        rows,
        caption="Local Multiplier 3: LM3 = (R1 + R2 + R3) / R1"
        + ("" if both else "; staff not counted"),
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "lm3"},
    )


def trend_table(trend: pd.DataFrame) -> GovUKTable:
    """In-scope spend by year: the figures in the trend chart."""
    return frame_table(
        trend,
        {"year": Column("Year", str), "spend_gbp": _pounds("Spend", "0g")},
        caption="In-scope spend by calendar year",
        caption_size="hidden",
        first_cell_is_header=True,
        attributes={"data-testid": "trend"},
    )


def exclusions_table(exclusions: pd.DataFrame) -> GovUKTable:
    return frame_table(
        exclusions,
        {
            "rule": "Rule",
            "payments": Column("Payments", str, numeric=True),
            "spend_gbp": _pounds("Spend", "2g"),
        },
        caption="Excluded as not procurement",
        attributes={"data-testid": "exclusions"},
    )


def leakage_table(leakage: pd.DataFrame) -> GovUKTable:
    return frame_table(
        leakage,
        {
            "sic_division": "SIC division",
            "spend_outside_gbp": _pounds("Spend outside", "0g"),
            "suppliers_in_place": Column("Suppliers in the place", str, numeric=True),
        },
        caption="Industries bought outside the place that have suppliers in it",
        caption_size="hidden",
        attributes={"data-testid": "leakage"},
    )


def suppliers_table(suppliers: pd.DataFrame, caption: str, testid: str) -> GovUKTable:
    """Suppliers by spend, saying whether each is in the place (or not resolved to a record)."""
    in_place = [
        "not resolved" if not resolved else "yes" if in_place else "no"
        for resolved, in_place in zip(suppliers["resolved"], suppliers["in_place"], strict=True)
    ]
    return frame_table(
        suppliers.assign(in_the_place=in_place),
        {
            "supplier": Column("Supplier", numeric=False),
            "spend_gbp": _pounds("Spend", "2g"),
            "payments": Column("Payments", str, numeric=True),
            "in_the_place": "In the place",
        },
        caption=caption,
        caption_size="hidden",
        attributes={"data-testid": testid},
    )


def anchors_table(anchors: pd.DataFrame) -> GovUKTable:
    """Each anchor and all of them together: what their files cover, spend, suppliers,
    concentration, and the local share of the resolved part with its coverage."""
    dates = [
        f"{first:%d %b %Y} to {last:%d %b %Y}"
        for first, last in zip(anchors["first_paid"], anchors["last_paid"], strict=True)
    ]
    return frame_table(
        anchors.assign(dates=dates),
        {
            "body": Column("Anchor", numeric=False),
            "threshold": Column("Publishes", numeric=False),
            "dates": Column("Payments dated", numeric=False),
            "in_scope_gbp": _pounds("In-scope spend", "0g"),
            "suppliers": Column("Suppliers", str, numeric=True),
            "top10_share": Column("Top 10 suppliers' share", _percent, numeric=True),
            "top300_share": Column("Top 300 suppliers' share", _percent, numeric=True),
            "coverage": Column("Resolved (coverage)", _percent, numeric=True, missing="none"),
            "share_in_place": Column(
                "In the place, of resolved spend", _percent, numeric=True, missing="not known"
            ),
        },
        caption="The anchors compared, and together as one buyer",
        caption_size="s",
        first_cell_is_header=True,
        attributes={"data-testid": "anchors"},
    )


def shared_table(shared: pd.DataFrame) -> GovUKTable:
    """Suppliers several anchors pay, and what each anchor buys from them."""
    return _shared_suppliers(shared, "Suppliers several anchors share", "shared")


def opportunities_table(opportunities: pd.DataFrame) -> GovUKTable:
    """Shared suppliers not known to be in the place: to buy together, or to find locally."""
    return _shared_suppliers(
        opportunities,
        "Buying together: shared suppliers not known to be in the place",
        "opportunities",
    )


def _shared_suppliers(frame: pd.DataFrame, caption: str, testid: str) -> GovUKTable:
    columns: dict[str, str | Column] = {
        "supplier": Column("Supplier", numeric=False),
        "anchors": Column("Anchors paying it", str, numeric=True),
        "spend_gbp": _pounds("Spend, all anchors", "0g"),
    }
    if "location" in frame:
        columns["location"] = Column("Where it is", numeric=False)
    columns["bought"] = Column("What each anchor buys from it most (its own words)", numeric=False)
    return frame_table(
        frame, columns, caption=caption, caption_size="hidden", attributes={"data-testid": testid}
    )
