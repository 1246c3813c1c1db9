"""Tables for the skills pages."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.skills.store import StoredImport
from greatjobs.web.core.components import Cell, numeric, scroll_region, table


def _pct(value: float) -> str:
    return "" if value is None or math.isnan(value) else f"{100 * value:.0f}%"


def _money(value: float) -> str:
    return "" if value is None or math.isnan(value) else f"£{value:,.0f}"


def _testid(name: str) -> dict[str, str]:
    """A table's ``data-testid`` attribute, for ``table(..., attributes=_testid(name))``."""
    return {"data-testid": name}


def _rate(row: Mapping[Hashable, Any], name: str) -> str:
    if math.isnan(row[name]):
        return ""
    return f"{_pct(row[name])} ({_pct(row[name + '_low'])} to {_pct(row[name + '_high'])})"


def flagged(card: pd.DataFrame) -> list[dict[str, Any]]:
    """Each flagged course with its flags and the numbers behind them."""
    out = []
    for row in card[card["flag_count"] > 0].to_dict("records"):
        reasons = [part.split(": ", 1) for part in str(row["flag_reasons"]).split(" | ")]
        out.append(
            {
                "provider": row["provider"],
                "course": row["course"],
                "level": row["level"],
                "flags": [{"title": t, "reason": r} for t, r in reasons],
            }
        )
    return out


def _uplift(row: Mapping[Hashable, Any]) -> str:
    if math.isnan(row["uplift_per_public_pound"]):
        return ""
    return (
        f"£{row['uplift_per_public_pound']:.2f} (£{row['uplift_per_public_pound_low']:.2f} to "
        f"£{row['uplift_per_public_pound_high']:.2f})"
    )


def scorecard_table(card: pd.DataFrame) -> SafeString:
    """The scorecard, in a region that scrolls sideways (it is wider than the page)."""
    rows = [
        [
            f"{r['provider']}: {r['course']}",
            f"Level {r['level']}" if r["level"] else "Entry",
            int(r["starts"]),
            numeric(_rate(r, "achievement_rate")),
            numeric(_rate(r, "sustained_rate")),
            numeric(_money(r["cost_per_achievement"])),
            numeric(_money(r["cost_per_sustained_job"])),
            numeric(_uplift(r)),
            r["flags"] or "None",
            r["warnings"],
        ]
        for r in card.to_dict("records")
    ]
    scorecard = table(
        [
            "Course",
            "Level",
            "Starts",
            "Achievement rate (95% interval)",
            "Sustained destinations (95% interval)",
            "Cost per achievement",
            "Cost per sustained job",
            "Earnings uplift per public £",
            "Flags",
            "Notes",
        ],
        rows,
        caption="Scorecard by course",
        first_cell_is_header=True,
        attributes=_testid("scorecard"),
    )
    return scroll_region(scorecard, "Scorecard by course")


def provider_table(summary: pd.DataFrame) -> GovUKTable:
    rows = [
        [
            r["provider"],
            int(r["courses"]),
            int(r["starts"]),
            numeric(_rate(r, "achievement_rate")),
            numeric(_rate(r, "job_rate")),
            numeric(_money(r["cost_per_achievement"])),
            numeric(_money(r["cost_per_sustained_job"])),
        ]
        for r in summary.to_dict("records")
    ]
    return table(
        [
            "Provider",
            "Courses",
            "Starts",
            "Achievement rate",
            "In sustained work",
            "Cost per achievement",
            "Cost per sustained job",
        ],
        rows,
        caption="Providers (from summed counts)",
        first_cell_is_header=True,
        attributes=_testid("providers"),
    )


def alignment_table(frame: pd.DataFrame) -> GovUKTable | None:
    if frame.empty:
        return None
    rows = [
        [
            r["sector_subject_area"],
            int(r["starts"]),
            r["sic_divisions"],
            r["priority_sectors"] or "None",
            ""
            if math.isnan(r["employment_growth_pct"])
            else numeric(f"{r['employment_growth_pct']:+.0f}% ({r['years']})"),
        ]
        for r in frame.to_dict("records")
    ]
    return table(
        [
            "Sector subject area",
            "Starts",
            "SIC 2007 divisions",
            "Priority sectors served",
            "Employment growth in those divisions",
        ],
        rows,
        caption="Provision against priority sectors and demand",
        first_cell_is_header=True,
        attributes=_testid("alignment"),
    )


def when(value: datetime) -> str:
    """An import's time as the pages write it, in the site's time zone."""
    return dateformat.format(timezone.localtime(value), "j M Y H:i")


def imports_table(imports: list[StoredImport]) -> GovUKTable | None:
    """Every import, latest first: the file, who imported it and when, and its rows."""
    if not imports:
        return None
    rows: list[list[Cell]] = [
        [
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("skills:import_detail", args=[i.import_id]),
                i.source,
            ),
            i.imported_by,
            when(i.imported_at),
            i.read,
            i.loaded,
            i.rejected,
        ]
        for i in imports
    ]
    return table(
        ["File", "Imported by", "When", "Rows read", "Loaded", "Rejected"],
        rows,
        caption="Imports",
        first_cell_is_header=True,
        attributes=_testid("imports"),
    )


def errors_table(errors: pd.DataFrame) -> GovUKTable | None:
    if errors.empty:
        return None
    rows = [
        [int(e["row"]), e["column"], e["value"], e["reason"]] for e in errors.to_dict("records")
    ]
    return table(
        ["Line", "Column", "Value", "Reason"],
        rows,
        caption="Rejected rows",
        attributes=_testid("row-errors"),
    )
