"""Turn library results into what the diagnose templates show: GOV.UK tables and SVG charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import district_choropleth, format_number, line_chart, ranked_dot_plot
from greatjobs.diagnose.catalogue import Indicator
from greatjobs.diagnose.deprivation_places import measures_table
from greatjobs.diagnose.league import ENGLAND, LeagueTable
from greatjobs.diagnose.league_data import load_values
from greatjobs.geography import DISTRICT_BOUNDARY_DATASET, Place, england_district_boundaries
from greatjobs.provenance import Provenance
from greatjobs.report import text
from greatjobs.report.summary import PlaceSummary, league_periods, trend
from greatjobs.web.core.components import Cell, Column, frame_table, scroll_region, table
from greatjobs.web.core.places import custom_note, place_url

LEAGUE_HEAD = ["Place", "Rank", "95% rank interval", "Value", "95% confidence interval",
               "Reliability (CV)", "Gap to England", "Compared with England", "Change"]  # fmt: skip
AMONG_WORDS = {"combined-authorities": "combined authorities", "districts": "districts",
               "regions": "regions"}  # fmt: skip


def default_among(indicator: Indicator) -> str:
    if "cauth" in indicator.geographies or indicator.aggregates_from_counts:
        return "combined-authorities"
    return "districts"


def periods_for(con: Any, indicator: Indicator, among: str) -> list[str]:
    return league_periods(load_values(con, indicator), among)


def _num(cell: str) -> dict[str, str]:
    return {"text": cell, "format": "numeric"}


def league_table(t: LeagueTable, highlight: str | None) -> GovUKTable:
    rows = []
    for r in text.league_rows(t):
        name: Any = r["Place"]
        if r["code"] == highlight:
            name = format_html("<strong>▶ {}</strong> <span class=\"govuk-visually-hidden\">"
                               "(highlighted)</span>", r["Place"])  # fmt: skip
        rows.append(
            [name, _num(r["Rank"]), _num(r["95% rank interval"]), _num(r["Value"]),
             r["95% confidence interval"], r["Reliability"], _num(r["Gap to England"]),
             r["Compared with England"], _num(r["Change"])]
        )  # fmt: skip
    return table(
        LEAGUE_HEAD, rows,
        caption=f"{t.indicator.title}, {t.period}: {t.place_set}. Rank 1 is best; =3 is a tie; "
        "pp = percentage points",
        caption_size="s", first_cell_is_header=True, attributes={"data-testid": "league-table"},
    )  # fmt: skip


def dot_plot(t: LeagueTable, highlight: str | None) -> SafeString:
    among = t.spec.among if isinstance(t.spec.among, str) else "places"
    polarity = "higher is better" if t.indicator.higher_is_better else "lower is better"
    reference = None
    if t.england is not None and t.england.value is not None:
        reference = ("England", float(t.england.value))
    svg = ranked_dot_plot(
        text.dot_rows(t, highlight), chart_id="league-dots", unit=t.indicator.unit,
        reference=reference,
        title=f"{t.indicator.title}, {t.period}: {t.size} "
        f"{AMONG_WORDS.get(among, among)} ranked ({polarity}) with 95% confidence intervals",
    )  # fmt: skip
    return mark_safe(svg)  # noqa: S308 - built by greatjobs.charts, every text escaped


def district_map_context(
    con: Any, indicator: Indicator, period: str, highlight: Place | None
) -> dict[str, Any]:
    """The map of England's districts by the indicator in ``period`` (the league's), its legend
    as a table and its provenance; ``district_map`` is None when no district has a figure."""
    none: dict[str, Any] = {"district_map": None}
    if "lad" not in indicator.geographies:
        return none
    values = load_values(con, indicator)
    at = values[(values["period"] == period) & (values["area_type"] == "lad")]
    boundaries = england_district_boundaries(con)
    figures = {
        str(c): float(v) for c, v in zip(at["area_code"], at["value"], strict=True) if pd.notna(v)
    }
    if not boundaries or not any(b["code"] in figures for b in boundaries):
        return none
    outlined = highlight is not None and highlight.kind != "country"
    codes = highlight.district_codes if highlight is not None and outlined else []
    label = highlight.name if highlight is not None and outlined else ""
    have = sum(1 for b in boundaries if b["code"] in figures)
    polarity = "higher is better" if indicator.higher_is_better else "lower is better"
    description = (
        f"Map of England's {len(boundaries)} local authority districts shaded by "
        f"{indicator.title} in {period} ({polarity}), in five classes of about equal numbers of "
        f"districts, from light (lowest) to dark (highest). {have} districts have a figure"
        + (f"; {len(boundaries) - have} without one are hatched" if have < len(boundaries) else "")
        + (f". {label} is outlined in black and labelled" if label else "")
        + ". Districts formed in 2023 (Cumberland, Westmorland and Furness, North Yorkshire, "
        "Somerset) are drawn from the December 2021 boundaries of the districts they replaced. "
        "The table below gives each class's range of values and number of districts."
    )
    drawn = district_choropleth(
        figures, boundaries, chart_id="district-map", unit=indicator.unit,
        title=f"{indicator.title}, {period}, by district in England", description=description,
        higher_is_better=indicator.higher_is_better, highlight_codes=codes,
        highlight_label=label,
    )  # fmt: skip
    rows: list[list[Cell]] = [
        [item.label if item.number else "No data (hatched)",
         str(item.number) if item.number else "–", _num(f"{item.count:,}")]
        for item in drawn.legend
    ]  # fmt: skip
    dataset_ids = sorted({str(d) for d in at["dataset_id"].dropna()})
    provenance = Provenance.of(
        con, [*dataset_ids, DISTRICT_BOUNDARY_DATASET], method=indicator.method,
        notes=["Classes are quintiles of the districts with a figure; tied values share a class.",
               "District boundaries are simplified for a map of all England."],
    )  # fmt: skip
    legend = table(
        ["Values", "Class (1 = lowest)", "Districts"], rows,
        caption=f"Key to the map: {indicator.title}, {period}, districts in each class",
        caption_size="s", first_cell_is_header=True,
        attributes={"data-testid": "district-map-legend"},
    )  # fmt: skip
    return {
        "district_map": mark_safe(drawn.svg),  # noqa: S308 - built by greatjobs.charts, escaped
        "district_legend": legend,
        "district_map_provenance": provenance,
    }


def trend_context(con: Any, indicator: Indicator, highlight: str) -> dict[str, Any]:
    frame = trend(con, indicator, [highlight, ENGLAND])
    series = text.trend_series(frame, [highlight, ENGLAND])
    if not series or (series[0].label == "England" and highlight != ENGLAND):
        return {"trend_svg": None, "trend_table": None, "trend_frame": frame}
    unit = indicator.unit
    periods = list(dict.fromkeys(frame["period"]))
    svg = line_chart(
        series, chart_id="trend", unit=unit, periods=periods,
        title=f"{indicator.title}: {series[0].label} over time"
        + (", with England" if len(series) > 1 else ""),
    )  # fmt: skip
    by = {(s.label, p.period): p for s in series for p in s.points}
    head = ["Period"] + [f"{s.label}" for s in series] + [f"{series[0].label}: 95% CI"]
    rows = []
    for period in periods:
        main = by.get((series[0].label, period))
        ci = "–"
        if main and main.lci is not None and main.uci is not None:
            ci = f"{format_number(main.lci, unit)} to {format_number(main.uci, unit)}"
        cells: list[Any] = [period]
        for s in series:
            point = by.get((s.label, period))
            cells.append(_num(format_number(point.value if point else None, unit)))
        rows.append([*cells, ci])
    return {
        "trend_svg": mark_safe(svg),  # noqa: S308 - built by greatjobs.charts, escaped
        "trend_table": table(
            head,
            rows,
            caption=f"{series[0].label} over time",
            caption_size="s",
            first_cell_is_header=True,
        ),
        "trend_frame": frame,
    }


def download_links(
    name: str, params: Mapping[str, str] | Sequence[tuple[str, str]], url_name: str, **kwargs: str
) -> list[dict]:
    """CSV and Excel links for one table; ``params`` (a dict, or pairs for a repeated name such as
    a custom place's districts) make the same request as the page's."""
    pairs = params.items() if isinstance(params, Mapping) else params
    query = urlencode([(k, v) for k, v in pairs if v])
    return [
        {
            "label": label,
            "href": reverse(f"diagnose:{url_name}", kwargs={**kwargs, "table": name, "fmt": fmt})
            + (f"?{query}" if query else ""),
        }
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))
    ]


def place_ranks_table(summary: PlaceSummary) -> GovUKTable:
    code = summary.place.code
    rows: list[list[Cell]] = []
    for r in summary.ranks:
        row = r.row(code)
        href = reverse("diagnose:indicator", kwargs={"indicator": r.indicator.id})
        # A league table page highlights named places; a custom place stands beside it here.
        named = {"highlight": code} if summary.place.kind != "custom" else {}
        href += "?" + urlencode({"among": summary.among, **named})
        link = format_html('<a class="govuk-link" href="{}">{}</a>', href, r.indicator.title)
        if row is None or r.table is None:
            why = r.error or "No figure for this place."
            rows.append([link, "–", _num("–"), _num("–"), _num("–"), "–", why, _num("–"), "–"])
            continue
        unit = r.indicator.unit
        rows.append(
            [link, r.table.period, _num(format_number(row["value"], unit)),
             _num(text.rank_cell(row, r.table.size)),
             _num(text.rank_interval(row)), text.reliability(row),
             text.compared(row["significance"]),
             _num(text.signed(_opt(row["change"]), unit, short=True)
                  + (f" since {r.table.spec.compare_period}" if r.table.spec.compare_period
                     and _opt(row["change"]) is not None else "")),
             r.table.place_set]
        )  # fmt: skip
    return table(
        ["Indicator", "Period", "Value", "Rank", "95% rank interval", "Reliability (CV)",
         "Compared with England", "Change", "Places ranked"], rows,
        caption=f"Rank among {AMONG_WORDS.get(summary.among, summary.among)} (1 = best)",
        caption_size="m", first_cell_is_header=True, attributes={"data-testid": "ranks"},
    )  # fmt: skip


def _opt(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


POCKETS_COLUMNS: dict[str, str | Column] = {
    "pocket": Column("Pocket"),
    "name": "Name (ward of its most populous LSOA)",
    "lsoas": Column("LSOAs"),
    "population_share": Column("Share of the place's population", "{:.1%}"),
    "districts": "Districts",
    "largest_lsoa": "Most populous LSOA",
}
CHANGE_COLUMNS: dict[str, str | Column] = {
    "area_name": "Area",
    "lsoas_2021": Column("All LSOAs"),
    "decile_1_2019_on_2011_lsoas": Column("2019, on 2011 LSOAs"),
    "decile_1_2019_mapped": Column("2019, mapped"),
    "decile_1_2025": Column("2025"),
    "moved_in": Column("Moved in"),
    "moved_out": Column("Moved out"),
    "stayed": Column("Stayed"),
    "flagged_lsoas": Column("2019 decile estimated"),
}
"""The change table's caption says what is counted: 2021 LSOAs in England's most deprived 10%."""
SENSITIVITY_FACTORS = {
    "values": "Values (sampling error)",
    "normalisation": "Normalisation",
    "weighting": "Weighting",
    "aggregation": "Aggregation",
}
SENSITIVITY_COLUMNS = {
    "factor": Column("Choice varied", lambda f: SENSITIVITY_FACTORS.get(str(f), str(f))),
    "first_order_index": Column("First-order index", "{:.2f}"),
    "mean_abs_rank_shift": Column("Mean absolute rank shift", "{:.2f}"),
}


def index_columns(summary: PlaceSummary) -> dict[str, str | Column]:
    """The index table's headers: its fixed columns and one for each dimension."""
    assert summary.index is not None
    spec = summary.index.spec
    dims = [d for d in spec.dimensions if d in summary.index.places.columns]
    return {
        "area_name": "Place",
        "rank": Column("Rank"),
        "rank_interval": Column(f"{spec.interval:.0%} rank interval", numeric=True),
        "median_rank": Column("Median rank", "{:g}"),
        "score": Column("Score", "{:.2f}"),
        **{d: Column(f"{d.capitalize()} score", "{:.2f}") for d in dims},
        "imputed": Column("Indicators imputed"),
    }


def index_table(summary: PlaceSummary) -> GovUKTable:
    assert summary.index is not None
    places = summary.index.places
    frame = places.assign(
        rank_interval=[
            f"{lo} to {hi}" for lo, hi in zip(places["rank_low"], places["rank_high"], strict=True)
        ]
    )
    return frame_table(
        frame, index_columns(summary), caption="Inclusive-growth index", caption_size="s",
        first_cell_is_header=True, attributes={"data-testid": "index"},
    )  # fmt: skip


def deprivation_table(summary: PlaceSummary) -> GovUKTable | None:
    if not summary.deprivation:
        return None
    head, measures = measures_table(summary.deprivation)
    rows: list[list[Cell]] = [[label, *(_num(v) for v in values)] for label, *values in measures]
    return table(
        head, rows,
        caption=f"Indices of Deprivation summary measures, {summary.place.name}",
        caption_size="s", first_cell_is_header=True, attributes={"data-testid": "deprivation"},
    )  # fmt: skip


def place_context(
    summary: PlaceSummary, frames: dict[str, pd.DataFrame], slug: str,
    query: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:  # fmt: skip
    """Everything the place page shows except its sources; ``query`` (a custom place's name and
    districts) goes on every link and download."""
    return {
        "place": summary.place,
        "summary": summary,
        "custom": custom_note(summary.place),
        "overview_url": place_url("places:overview", summary.place),
        "ranks_table": scroll_region(place_ranks_table(summary), "Headline indicator ranks"),
        "deprivation_table": deprivation_table(summary),
        "deprivation_provenance": summary.deprivation_provenance,
        "pockets_table": scroll_region(frame_table(
            frames["pockets"], POCKETS_COLUMNS, caption="Pockets of deprivation",
            caption_size="s", first_cell_is_header=True, attributes={"data-testid": "pockets"},
        ), "Pockets of deprivation") if summary.pockets else None,
        "change_table": scroll_region(frame_table(
            frames["change"], CHANGE_COLUMNS,
            caption="2021 LSOAs in England's most deprived 10%, 2019 and 2025 (2019 deciles "
            "mapped onto 2021 LSOAs; estimated for merged LSOAs)",
            caption_size="s", first_cell_is_header=True, attributes={"data-testid": "change"},
        ), "LSOAs in the most deprived 10%, 2019 and 2025"),
        "index_table": scroll_region(index_table(summary), "Inclusive-growth index")
        if "index" in frames else None,
        "sensitivity_table": frame_table(
            frames["sensitivity"], SENSITIVITY_COLUMNS, caption="What moves the ranks",
            caption_size="s", first_cell_is_header=True, attributes={"data-testid": "sensitivity"},
        ) if "sensitivity" in frames else None,
        "index_row": index_row(summary),
        "downloads": {
            name: download_links(name, query, "place-download", place=slug) for name in frames
        },
    }  # fmt: skip


def index_row(summary: PlaceSummary) -> dict[str, Any] | None:
    """The place's row of the inclusive-growth index, with the count and interval coverage."""
    if summary.index is None:
        return None
    rows = summary.index.places[summary.index.places["area_code"] == summary.place.code]
    if rows.empty:
        return None
    row = {str(name): value for name, value in rows.iloc[0].items()}
    row["count"] = len(summary.index.places)
    row["interval"] = f"{summary.index.spec.interval:.0%}"
    return row
