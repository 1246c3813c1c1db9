"""The social value pages' tables. Titles, names and measures are typed by users: every cell is
escaped text, or HTML built with ``format_html`` (which escapes what it is given)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.web.core.components import (
    Cell,
    Column,
    figure,
    frame_table,
    link,
    numeric,
    scroll_region,
    table,
)


def _testid(name: str) -> dict[str, str]:
    return {"data-testid": name}


def _amount(value: Any, places: int | str = "-2", prefix: str = "") -> dict[str, str]:
    return numeric(figure(value, places, prefix))


def _fixed(places: int | str, prefix: str = "") -> Any:
    return lambda value: figure(value, places, prefix)


def contracts_table(contracts: Iterable[Any]) -> GovUKTable:
    """The contracts the user can see, each linking to its page."""
    rows = []
    for c in contracts:
        awarded = c.awarded_bid
        status = c.get_status_display() + (f" to {awarded.organisation.name}" if awarded else "")
        rows.append(
            [
                link(c.title, reverse("socialvalue:contract", args=[c.pk])),
                c.organisation.name,
                status,
                _amount(c.value, "0g", "£"),
            ]
        )
    return table(
        ["Contract", "Commissioner", "Status", "Value"],
        rows,
        caption="Contracts you can see",
        caption_size="hidden",
        attributes=_testid("contracts"),
    )


def return_lines_table(lines: Sequence[tuple[Any, str]]) -> GovUKTable:
    """A return's lines: reported and verified quantities, with the evidence to download."""
    rows: list[list[Cell]] = []
    for line, title in lines:
        evidence: str | SafeString = "None"
        if line.evidence:
            url = reverse("socialvalue:evidence", args=[line.pk])
            evidence = link("Download", url, f"evidence for {line.measure_id}")
        rows.append(
            [
                f"{line.measure_id} {title}",
                _amount(line.quantity),
                _amount(line.verified_quantity),
                evidence,
            ]
        )
    return table(
        ["Measure", "Reported", "Verified", "Evidence"],
        rows,
        caption="Reported and verified",
        caption_size="s",
        first_cell_is_header=True,
        attributes=_testid("return-lines"),
    )


def local_measures_table(rows: Sequence[dict[str, Any]], csrf_token: str) -> GovUKTable:
    """Every organisation's local measures, with a button to retire each one still offered."""
    body = []
    for row in rows:
        m = row["measure"]
        retire: str | SafeString = ""
        if not m.retired_at:
            retire = format_html(
                '<form method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="govuk-button govuk-button--warning '
                'govuk-!-margin-bottom-0" data-module="govuk-button">'
                'Retire<span class="govuk-visually-hidden"> {}</span></button></form>',
                reverse("socialvalue:measure_retire", args=[m.pk]),
                csrf_token,
                m.code,
            )
        body.append([m.code, m.title, m.organisation.name, row["status"], retire])
    return table(
        [
            "Code",
            "Measure",
            "Organisation",
            "Status",
            format_html('<span class="govuk-visually-hidden">{}</span>', "Action"),
        ],
        body,
        caption="Every organisation's local measures",
        caption_size="hidden",
        first_cell_is_header=True,
        attributes=_testid("local-measures"),
    )


REPORT_COLUMNS: dict[str, str | Column] = {
    "contract": "Contract",
    "supplier": "Supplier",
    "commissioner": "Commissioner",
    "place": "Place",
    "contract_value": Column("Contract value", _fixed("2g", "£")),
    "committed": Column("Committed", _fixed("2g", "£")),
    "delivered": Column("Delivered", _fixed("2g", "£")),
    "verified": Column("Verified", _fixed("2g", "£")),
}


def report_table(name: str, frame: pd.DataFrame, year: int) -> SafeString:
    """One of the annual report's tables (by contract, supplier, commissioner or place)."""
    noun = name[:-1]
    columns = {c: REPORT_COLUMNS[c] for c in frame.columns}
    built = frame_table(
        frame,
        columns,
        caption=f"Social value by {noun}, {year}",
        caption_size="hidden",
        attributes=_testid(f"report-{name}"),
    )
    return scroll_region(built, f"Social value by {noun}")


def quantities_table(start: Any) -> GovUKTable:
    """Each measure's quantity so far on each basis, and its value per unit."""
    rows: list[list[Cell]] = [
        [
            format_html(
                '{} {} <span class="govuk-body-s">({})</span>',
                r.measure.id,
                r.measure.title,
                r.measure.unit,
            ),
            _amount(r.quantities["verified"]),
            _amount(r.quantities["delivered"]),
            _amount(r.quantities["committed"]),
            _amount(r.unit_value, "2g", "£") if r.unit_value is not None else numeric("Not valued"),
        ]
        for r in start.rows
    ]
    return table(
        ["Measure", "Verified", "Delivered", "Committed", "£ per unit"],
        rows,
        caption="Each measure's quantity so far on each basis, and its value per unit in "
        f"{start.price_year} prices",
        caption_size="s",
        first_cell_is_header=True,
        attributes=_testid("sroi-quantities"),
    )


def summary_table(done: Any, interval: dict[str, float]) -> GovUKTable:
    """PV, NPV and the ratio, central and with their interval."""
    iv = done.intervals

    def pounds(central: float, low: float, high: float, testid: str) -> list[Any]:
        return [
            {**_amount(central, "2g", "£"), "attributes": _testid(testid)},
            numeric(f"{figure(low, '2g', '£')} to {figure(high, '2g', '£')}"),
        ]

    rows = [
        [
            "Present value (PV)",
            *pounds(
                done.result.present_value, iv.present_value.low, iv.present_value.high, "sroi-pv"
            ),
        ],
        [
            "Net present value (NPV)",
            *pounds(
                done.result.net_present_value,
                iv.net_present_value.low,
                iv.net_present_value.high,
                "sroi-npv",
            ),
        ],
        [
            "SROI ratio (£ per £1 invested)",
            {
                **numeric(f"{figure(done.result.ratio, '2')} : 1"),
                "attributes": _testid("sroi-ratio"),
            },
            numeric(f"{figure(iv.ratio.low, '2')} to {figure(iv.ratio.high, '2')}"),
        ],
    ]
    low, high = figure(interval["low"], "-1"), figure(interval["high"], "-1")
    return table(
        ["Figure", "Central", f"95% interval ({low}th to {high}th percentile)"],
        rows,
        caption=done.spec.title,
        first_cell_is_header=True,
        attributes=_testid("sroi-summary"),
    )


def outcomes_table(outcomes: pd.DataFrame) -> SafeString:
    """Each outcome's assumptions, year-1 impact and present value: wide, so it scrolls."""
    built = frame_table(
        outcomes,
        {
            "outcome": "Outcome",
            "quantity": Column("Quantity", _fixed("-2"), numeric=True),
            "proxy": Column("£ per unit", _fixed("2g", "£"), numeric=True),
            "deadweight": Column("Deadweight", _fixed("-3"), numeric=True),
            "displacement": Column("Displacement", _fixed("-3"), numeric=True),
            "attribution": Column("Attribution", _fixed("-3"), numeric=True),
            "drop_off": Column("Drop-off", _fixed("-3"), numeric=True),
            "duration": Column("Years", str, numeric=True),
            "impact_year_1": Column("Year-1 impact", _fixed("2g", "£"), numeric=True),
            "present_value": Column("PV", _fixed("2g", "£"), numeric=True),
        },
        caption="Each outcome's assumptions, year-1 impact and present value",
        caption_size="hidden",
        first_cell_is_header=True,
        attributes=_testid("sroi-outcomes"),
    )
    return scroll_region(built, "Outcomes table")


def sensitivity_table(sensitivity: pd.DataFrame) -> SafeString:
    """The ratio with each assumption at its low and high value: the figures in the chart."""
    built = frame_table(
        sensitivity,
        {
            "assumption": "Assumption",
            "low": Column("Low", _fixed("-3"), numeric=True),
            "central": Column("Central", _fixed("-3"), numeric=True),
            "high": Column("High", _fixed("-3"), numeric=True),
            "ratio_at_low": Column("Ratio at low", _fixed("2"), numeric=True),
            "ratio_at_high": Column("Ratio at high", _fixed("2"), numeric=True),
            "swing": Column("Swing", _fixed("2"), numeric=True),
        },
        caption="SROI ratio with each assumption at its low and high value, the others "
        "central; largest swing first",
        caption_size="s",
        first_cell_is_header=True,
        attributes=_testid("sroi-sensitivity"),
    )
    return scroll_region(built, "Sensitivity table")


def ranking_table(rows: Sequence[dict[str, Any]]) -> SafeString:
    """The bids ranked, each bidder a row header (the bidder first, so it can be one)."""
    body = [
        [
            r.bidder,
            numeric(str(r.rank)),
            _amount(r.price_score, 2),
            _amount(r.quality_score, 2),
            _amount(r.social_value_score, 2),
            _amount(r.total, 2),
            _amount(r.committed_value, "0g", "£"),
        ]
        for r in (row["result"] for row in rows)
    ]
    built = table(
        ["Bidder", "Rank", "Price", "Quality", "Social value", "Total", "Committed"],
        body,
        caption="Ranking",
        first_cell_is_header=True,
        attributes=_testid("ranking"),
    )
    return scroll_region(built, "Ranking table")


def delivery_table(statuses: Sequence[Any]) -> GovUKTable:
    """Committed, delivered and verified quantities by measure, with each one's status."""
    return table(
        ["Measure", "Committed", "Delivered", "Verified", "Status"],
        [
            [
                s.measure,
                _amount(s.committed),
                _amount(s.delivered),
                _amount(s.verified),
                s.status,
            ]
            for s in statuses
        ],
        caption="Committed, delivered and verified, by measure",
        caption_size="s",
        first_cell_is_header=True,
        attributes=_testid("delivery"),
    )


def commitments_table(commitments: Sequence[tuple[Any, str]]) -> GovUKTable:
    """A bid's commitments by measure and year."""
    return table(
        ["Measure", "Year", "Quantity"],
        [
            [f"{c.measure_id} {title}", numeric(str(c.year)), _amount(c.quantity)]
            for c, title in commitments
        ],
        caption="Commitments by measure and year",
        caption_size="s",
        attributes=_testid("commitments"),
    )
