"""Words and rounded figures for people: shared by the evidence report and the web pages."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from greatjobs.charts import DotRow, Point, Series, format_number
from greatjobs.diagnose.league import NO_INTERVAL, LeagueTable

SIGNIFICANCE_SHORT = {
    "higher": "significantly higher",
    "lower": "significantly lower",
    "not significant": "not significantly different",
    "no interval": "no interval",
}
SIGNIFICANCE = {
    "higher": "significantly higher than England",
    "lower": "significantly lower than England",
    "not significant": "not significantly different from England",
    "no interval": "no interval, so no test against England",
}


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def rank_interval(row: Mapping[Hashable, Any]) -> str:
    low, high = int(row["rank_low"]), int(row["rank_high"])
    return str(low) if low == high else f"{low} to {high}"


def rank_cell(row: Mapping[Hashable, Any], size: int | None = None) -> str:
    """The rank as a table cell: '3', '=3' (a tie), 'would rank 4' (a custom place, beside the
    league), with ' of N' when ``size`` is given."""
    label = str(row.get("rank_label") or int(row["rank"]))
    return label if size is None else f"{label} of {size}"


def reliability(row: Mapping[Hashable, Any]) -> str:
    """'reasonably precise (CV 7.6%)', 'unreliable (CV over 20%): CV 87.8%', or '–'."""
    band = str(row.get("reliability") or NO_INTERVAL)
    cv = _num(row.get("cv"))
    if band == NO_INTERVAL or cv is None:
        return "–"
    if band.startswith("unreliable"):
        return f"unreliable (CV {cv:.1f}%, over 20%)"
    return f"{band} (CV {cv:.1f}%)"


def _ties(table: LeagueTable, row: Mapping[Hashable, Any]) -> list[str]:
    """The other ranked places with exactly this place's figure."""
    same = table.official[
        (table.official["value"] == row["value"])
        & (table.official["area_code"] != row["area_code"])
    ]
    return [str(n) for n in same["area_name"]]


def value_with_ci(row: Mapping[Hashable, Any], unit: str) -> str:
    text = format_number(_num(row["value"]), unit)
    lci, uci = _num(row["lci"]), _num(row["uci"])
    if lci is not None and uci is not None:
        text += f" (95% CI {format_number(lci, unit)} to {format_number(uci, unit)})"
    return text


def rank_sentence(table: LeagueTable, code: str) -> str:
    """'Liverpool City Region ranks 7th of 10 (95% rank interval 4 to 10): 18.6% (95% CI ...),
    England 13.4%, significantly higher than England.'"""
    rows = table.frame[table.frame["area_code"] == code]
    if rows.empty:
        return f"No figure among these places for {table.period}."
    row = rows.iloc[0].to_dict()
    unit = table.indicator.unit
    ties = _ties(table, row)
    place = ordinal(int(row["rank"]))
    if bool(row.get("custom")):
        where = (
            f"would rank {'joint ' if ties else ''}{place} of {table.size} (a custom place, "
            f"shown beside the league, not ranked in it; 95% rank interval {rank_interval(row)}"
        )
    else:
        where = f"ranks {'joint ' if ties else ''}{place} of {table.size} (95% rank interval "
        where += rank_interval(row)
    if ties:
        where += f"; tied with {', '.join(ties)}"
    text = f"{row['area_name']} {where}; 1 = best) in {table.period}: {value_with_ci(row, unit)}"
    cv = _num(row.get("cv"))
    if reliability(row) != "–" and cv is not None:
        band = str(row["reliability"]).split(" (")[0]
        text += f", CV {cv:.1f}%: {band}"
    if table.england is not None and table.england.value is not None:
        text += f"; England {format_number(table.england.value, unit)}"
        text += f", {SIGNIFICANCE.get(str(row['significance']), str(row['significance']))}"
    change = _num(row.get("change"))
    if change is not None and table.spec.compare_period:
        text += f"; change since {table.spec.compare_period}: {signed(change, unit)}"
    return text + "."


def compared(significance: object) -> str:
    """'significantly higher' etc., for a table cell."""
    return SIGNIFICANCE_SHORT.get(str(significance), str(significance))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def signed(value: float | None, unit: str, short: bool = False) -> str:
    if value is None or math.isnan(value):
        return "–"
    body = format_number(abs(value), "" if unit == "%" else unit)
    if unit == "%":
        body += " pp" if short else " percentage points"
    return ("+" if value > 0 else "−" if value < 0 else "±") + body


def league_rows(table: LeagueTable) -> list[dict[str, str]]:
    """One dict per place with the columns people read (rounded, in words)."""
    unit = table.indicator.unit
    out = []
    for row in table.frame.to_dict("records"):
        lci, uci = _num(row["lci"]), _num(row["uci"])
        out.append(
            {
                "code": str(row["area_code"]),
                "Rank": rank_cell(row),
                "95% rank interval": rank_interval(row),
                "Place": str(row["area_name"]) + (" (custom place)" if row.get("custom") else ""),
                "Value": format_number(_num(row["value"]), unit),
                "95% confidence interval": "–"
                if lci is None or uci is None
                else f"{format_number(lci, unit)} to {format_number(uci, unit)}",
                "Reliability": reliability(row),
                "Gap to England": signed(_num(row["gap_to_england"]), unit, short=True),
                "Compared with England": compared(row["significance"]),
                "Change": signed(_num(row["change"]), unit, short=True),
            }
        )
    return out


def dot_rows(table: LeagueTable, highlight: str | None) -> list[DotRow]:
    return [
        DotRow(
            str(r["area_name"])
            + (f" (custom place: {r['rank_label']})" if r.get("custom") else ""),
            float(r["value"]),
            _num(r["lci"]),
            _num(r["uci"]),
            None if r.get("custom") else int(r["rank"]),
            None if r.get("custom") else int(r["rank_low"]),
            None if r.get("custom") else int(r["rank_high"]),
            r["area_code"] == highlight,
        )
        for r in table.frame.to_dict("records")
    ]


def trend_series(frame: pd.DataFrame, codes: list[str]) -> list[Series]:
    """Chart series from :func:`greatjobs.report.summary.trend`, in the order of ``codes``."""
    series = []
    for code in codes:
        rows = frame[frame["area_code"] == code]
        if rows.empty:
            continue
        points = tuple(
            Point(str(r["period"]), float(r["value"]), _num(r["lci"]), _num(r["uci"]))
            for r in rows.to_dict("records")
        )
        series.append(Series(str(rows["area_name"].iloc[0]), points))
    return series


def source_lines(table: LeagueTable) -> list[str]:
    """The sources, method and notes of a league table as lines of text
    (:meth:`greatjobs.provenance.Provenance.lines`)."""
    return [*table.provenance.lines(), *table.notes]
