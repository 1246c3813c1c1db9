"""Indicator series for every area (a warehouse build step): ``core.indicator_series``.

One row per indicator x area x period, from the snapshot (and refreshed Nomis tables when
present): the publisher's own figures where given, and, for indicators the catalogue aggregates
from ``counts``, larger places (combined authorities, regions, England) summed from their
districts' (or ITL3 areas', or counties') numerators and denominators. ``method`` says which.

``core.series_component`` lists the current districts of every building block (district, ITL3
area, county), so any custom place can be aggregated the same way (:func:`aggregate_counts`).
The readers live in :mod:`greatjobs.diagnose.series_sources`, (the workless-household
spreadsheets) :mod:`greatjobs.diagnose.series_workless`, (low pay, the pay distribution and
16-17 NEET rates) :mod:`greatjobs.diagnose.series_pay_youth` and (the business base, business
demography and internet use) :mod:`greatjobs.diagnose.series_business`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from greatjobs.diagnose import series_sources as sources
from greatjobs.diagnose.catalogue import Indicator, publisher_names
from greatjobs.diagnose.series_business import (
    read_business_demography,
    read_business_size,
    read_internet_users,
)
from greatjobs.diagnose.series_pay_youth import read_living_wage, read_neet, read_pay_distribution
from greatjobs.diagnose.series_workless import read_workless_households
from greatjobs.geography.build import AUTHORITY_NAMES
from greatjobs.stats import Z95
from greatjobs.warehouse import BuildContext

SERIES_COLUMNS = sources.SERIES_COLUMNS
BLOCK_TYPES = ("lad", "itl3", "cty")
"""Area types whose counts are summed to make larger or custom places."""
PLACE_AREA_TYPES = {"combined-authority": "cauth", "region": "rgn", "country": "ctry"}


@dataclass(frozen=True)
class Aggregate:
    """A rate summed from building blocks' counts."""

    numerator: float
    denominator: float
    value: float
    lci: float | None
    uci: float | None
    blocks: tuple[str, ...]


def scale_for(unit: str) -> float:
    """Rates in per cent are 100 x numerator / denominator; other ratios are not scaled."""
    return 100.0 if unit == "%" else 1.0


Block = tuple[str, float, float, float | None, float | None]
"""A building block's (code, numerator, denominator, lci, uci)."""


def blocks_from_frame(frame: pd.DataFrame) -> list[Block]:
    """Rows with counts as :data:`Block` tuples: area_code, numerator, denominator, lci, uci."""
    usable = frame.dropna(subset=["numerator", "denominator"])
    return [
        (str(code), float(num), float(den), _float(lci), _float(uci))
        for code, num, den, lci, uci in zip(
            usable["area_code"].tolist(), usable["numerator"].tolist(),
            usable["denominator"].tolist(), usable["lci"].tolist(), usable["uci"].tolist(),
            strict=True,
        )
    ]  # fmt: skip


def _float(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)  # NaN != NaN


def aggregate_counts(
    blocks: list[Block], components: dict[str, frozenset[str]], districts: frozenset[str],
    scale: float,
) -> Aggregate | str:  # fmt: skip
    """Sum the counts of the blocks that tile ``districts`` exactly, or say why they cannot.

    ``blocks`` are one period of one indicator; ``components`` maps a block's code to its
    current districts. Blocks wholly inside the place are used without overlap, smallest first
    (districts), else largest first (a county covering a suppressed district); every district
    must be covered. The 95% interval adds the blocks' variances
    (independent samples), recovered from their own intervals as var(numerator) = (se of rate x
    denominator)^2; if any block has no interval, the sum has none.
    """
    inside = [b for b in blocks if b[0] in components and components[b[0]] <= districts]
    chosen, missing = _tile(inside, components, districts, largest_first=False)
    if missing:  # e.g. a suppressed district: its county's figure may still cover it
        chosen, missing = _tile(inside, components, districts, largest_first=True)
    if missing:
        return f"no figures (or only figures for larger areas) for {', '.join(missing)}"
    num = sum(b[1] for b in chosen)
    den = sum(b[2] for b in chosen)
    if den <= 0:
        return "the denominator sums to zero"
    value = scale * num / den
    lci = uci = None
    widths = [(b[4] - b[3], b[2]) for b in chosen if b[3] is not None and b[4] is not None]
    if len(widths) == len(chosen):
        var = sum((width / (2 * Z95) / scale * den_i) ** 2 for width, den_i in widths)
        half = Z95 * scale * float(np.sqrt(var)) / den
        lci, uci = value - half, value + half
    return Aggregate(num, den, value, lci, uci, tuple(sorted(b[0] for b in chosen)))


def _tile(
    blocks: list[Block], components: dict[str, frozenset[str]], districts: frozenset[str],
    largest_first: bool,
) -> tuple[list[Block], list[str]]:  # fmt: skip
    """Non-overlapping blocks covering as much of ``districts`` as a greedy pass can."""
    sign = -1 if largest_first else 1
    chosen: list[Block] = []
    covered: set[str] = set()
    for block in sorted(blocks, key=lambda b: (sign * len(components[b[0]]), b[0])):
        parts = components[block[0]]
        if not parts & covered:
            covered |= parts
            chosen.append(block)
    return chosen, sorted(districts - covered)


def load_components(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    rows = con.execute("SELECT area_code, lad_code FROM core.series_component").fetchall()
    out: dict[str, set[str]] = {}
    for code, lad in rows:
        out.setdefault(code, set()).add(lad)
    return {k: frozenset(v) for k, v in out.items()}


def _read_sources(build: BuildContext, indicators: list[Indicator]) -> list[pd.DataFrame]:
    """Every source's rows, the live APS first: a refreshed figure wins over the snapshot's."""
    con = build.con
    return [
        sources.read_aps_youth_live(con),
        sources.read_els(con, publisher_names(indicators, "els")),
        sources.read_subnational(con, publisher_names(indicators, "subnational")),
        sources.read_aps_youth_file(con),
        sources.read_census_qualifications(con),
        read_workless_households(build),
        sources.read_productivity(con),
        sources.read_census_unemployment(con),
        read_living_wage(build),
        read_pay_distribution(build),
        read_neet(build),
        read_business_size(build),
        read_business_demography(build),
        read_internet_users(build),
    ]


def build_tables(build: BuildContext, indicators: list[Indicator]) -> None:
    """``core.series_component`` and ``core.indicator_series`` (see the module docstring) for
    the ``table = "core.indicator_series"`` indicators of the catalogue."""
    con = build.con
    successors = _successors(con)
    components = _components(con, successors)
    comp_frame = pd.DataFrame(
        [(code, lad) for code, lads in components.items() for lad in sorted(lads)],
        columns=["area_code", "lad_code"],
    )
    con.register("series_component_frame", comp_frame)
    con.execute("CREATE TABLE core.series_component AS SELECT * FROM series_component_frame")
    con.unregister("series_component_frame")

    counts_ids = {i.id for i in indicators if i.aggregates_from_counts}
    units = {i.id: i.unit for i in indicators}
    frames = _read_sources(build, indicators)
    # All-empty columns are left out of the concatenation so they do not decide the dtypes.
    parts = [f.dropna(axis="columns", how="all") for f in frames if not f.empty]
    series = pd.concat(parts, ignore_index=True).reindex(columns=SERIES_COLUMNS)
    series = series[series["indicator_id"].isin(list(units))]
    for column in ("indicator_id", "area_code", "area_name", "area_type", "period", "method"):
        series[column] = series[column].astype(object)  # plain strings: fast to iterate
    series = _to_current_districts(con, series, successors, counts_ids, units)
    series = pd.concat([series, _aggregate_places(con, series, components, units)])
    series = series.drop_duplicates(["indicator_id", "area_code", "period"], keep="first")
    series["period_start"] = pd.to_datetime(series["period_start"])
    series = series.sort_values(["indicator_id", "area_type", "area_code", "period_start"])
    series = series[SERIES_COLUMNS].reset_index(drop=True)
    # One name per combined authority, its code's own: publishers call E47000010 and E47000014
    # both "North East", and some series still say "Sheffield City Region" for South Yorkshire.
    names = dict(con.execute("SELECT code, name FROM core.area WHERE type = 'cauth'").fetchall())
    names |= AUTHORITY_NAMES
    series["area_name"] = series["area_code"].map(names).fillna(series["area_name"])
    con.register("indicator_series_frame", series)
    con.execute(
        """
        CREATE TABLE core.indicator_series AS
        SELECT indicator_id, area_code, area_name, area_type, period,
               CAST(period_start AS DATE) AS period_start, CAST(value AS DOUBLE) AS value,
               CAST(lci AS DOUBLE) AS lci, CAST(uci AS DOUBLE) AS uci,
               CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator,
               dataset_id, method
        FROM indicator_series_frame
        """
    )
    con.unregister("indicator_series_frame")


def _aggregate_places(
    con: duckdb.DuckDBPyConnection, series: pd.DataFrame, components: dict[str, frozenset[str]],
    units: dict[str, str],
) -> pd.DataFrame:  # fmt: skip
    """Combined authorities, regions and England summed from counts where not published."""
    places = con.execute(
        """
        SELECT p.code, p.name, p.kind, list(d.lad_code ORDER BY d.lad_code)
        FROM core.place p JOIN core.place_district d ON d.place_code = p.code
        WHERE p.kind IN ('combined-authority', 'region', 'country')
        GROUP BY p.code, p.name, p.kind ORDER BY p.code
        """
    ).fetchall()
    blocks = series[series["area_type"].isin(BLOCK_TYPES) & series["numerator"].notna()]
    published = set(zip(series["indicator_id"], series["area_code"], series["period"], strict=True))
    rows = []
    for (indicator_id, period), group in blocks.groupby(["indicator_id", "period"], sort=True):
        first = group.iloc[0]
        names = dict(zip(group["area_code"], group["area_name"], strict=True))
        group_blocks = blocks_from_frame(group)
        for code, name, kind, lads in places:
            if (indicator_id, code, period) in published:
                continue
            result = aggregate_counts(
                group_blocks, components, frozenset(lads), scale_for(units[str(indicator_id)])
            )
            if isinstance(result, str):
                continue
            rows.append(
                {
                    "indicator_id": indicator_id, "area_code": code, "area_name": name,
                    "area_type": PLACE_AREA_TYPES[kind], "period": period,
                    "period_start": first["period_start"], "value": result.value,
                    "lci": result.lci, "uci": result.uci, "numerator": result.numerator,
                    "denominator": result.denominator, "dataset_id": first["dataset_id"],
                    "method": describe_sum(result, names, str(first["method"])),
                }
            )  # fmt: skip
    return pd.DataFrame(rows, columns=SERIES_COLUMNS)


def describe_sum(result: Aggregate, names: dict[str, str], block_method: str) -> str:
    """How an aggregated figure was made, for ``method`` and league-table sources."""
    parts = [f"{names.get(code, code)} ({code})" for code in result.blocks]
    shown = ", ".join(parts) if len(parts) <= 8 else f"{len(parts)} areas"
    interval = "; 95% interval from the summed variances" if result.lci is not None else ""
    return (
        f"Aggregated by greatjobs: sum of numerators / sum of denominators over {shown}"
        f"{interval}. Figures summed: {block_method}"
    )


Successors = dict[str, tuple[str, str, bool]]
"""Former or current district code -> (current code, current name, only renamed)."""


def _successors(con: duckdb.DuckDBPyConnection) -> Successors:
    rows = con.execute(
        "SELECT old_code, current_code, current_name, renamed_only FROM core.lad_successor"
    ).fetchall()
    return {old: (new, name, bool(renamed)) for old, new, name, renamed in rows}


def _components(
    con: duckdb.DuckDBPyConnection, successors: Successors
) -> dict[str, frozenset[str]]:
    """Building block -> its current districts: each district itself; each ITL3 area (ONS LAD
    2018 to NUTS3 2018 lookup; ITL3 2021 codes are NUTS3 codes with 'TL' for 'UK'); each county
    (drkane_la_all_codes, current districts)."""
    out: dict[str, set[str]] = {}
    for old, (new, _name, _renamed) in successors.items():
        out.setdefault(new, {new})
        out.setdefault(old, {new})
    for lad, nuts3 in con.execute(
        "SELECT LAD18CD, NUTS318CD FROM raw.ons_lad18_lau1_nuts3_nuts2_nuts1_lookup_uk"
    ).fetchall():
        current = successors.get(lad, (lad, "", True))[0]
        out.setdefault("TL" + nuts3[2:], set()).add(current)
    for lad, county in con.execute(
        "SELECT LADCD_ACTIVE, UTLACD FROM raw.drkane_la_all_codes "
        "WHERE Current = 'TRUE' AND UTLACD LIKE 'E10%'"
    ).fetchall():
        out.setdefault(county, set()).add(lad)
    return {code: frozenset(lads) for code, lads in out.items()}


def _to_current_districts(
    con: duckdb.DuckDBPyConnection, series: pd.DataFrame, successors: Successors,
    counts_ids: set[str], units: dict[str, str],
) -> pd.DataFrame:  # fmt: skip
    """District rows on today's codes: a renamed code takes the current code; districts merged
    since (e.g. into Cumberland) are summed from counts only when every predecessor is present,
    and otherwise dropped (a rate of part of a district is not the district's rate)."""
    is_lad = series["area_type"] == "lad"
    lads, rest = series[is_lad].copy(), series[~is_lad]
    codes, names = lads["area_code"].tolist(), lads["area_name"].tolist()
    mapped = [successors.get(c, (c, n, True)) for c, n in zip(codes, names, strict=True)]
    lads["current"] = [m[0] for m in mapped]
    lads["renamed"] = [
        m[2] or m[0] == code for m, code in zip(mapped, lads["area_code"], strict=True)
    ]
    keep = lads[lads["renamed"]].copy()
    keep["area_code"] = keep["current"]
    merged = lads[~lads["renamed"]]
    tilings = _tilings(con, successors)
    present = set(zip(keep["indicator_id"], keep["area_code"], keep["period"], strict=True))
    rows = []
    for (indicator_id, period, current), group in merged.groupby(
        ["indicator_id", "period", "current"]
    ):
        if indicator_id not in counts_ids or (indicator_id, current, period) in present:
            continue
        if frozenset(group["area_code"]) not in tilings.get(str(current), ()):
            continue
        parts = {code: frozenset({code}) for code in group["area_code"]}
        result = aggregate_counts(
            blocks_from_frame(group), parts, frozenset(parts), scale_for(units[str(indicator_id)])
        )
        if isinstance(result, str):
            continue
        first = group.iloc[0]
        rows.append(
            {
                **first[SERIES_COLUMNS].to_dict(), "area_code": current,
                "area_name": successors[str(first["area_code"])][1], "value": result.value,
                "lci": result.lci, "uci": result.uci, "numerator": result.numerator,
                "denominator": result.denominator,
                "method": f"{first['method']}; former districts {', '.join(result.blocks)} summed "
                "into the current district",
            }
        )  # fmt: skip
    return pd.concat([rest, keep[SERIES_COLUMNS], pd.DataFrame(rows, columns=SERIES_COLUMNS)])


def _tilings(
    con: duckdb.DuckDBPyConnection, successors: Successors
) -> dict[str, set[frozenset[str]]]:
    """Current district -> the sets of codes that made it up in each vintage of ONS lookup held
    (LAD 2018, 2019, 2021, 2022): e.g. Somerset = Mendip, Sedgemoor, South Somerset and Somerset
    West and Taunton (2019-2022) or the same with Taunton Deane and West Somerset (2018)."""
    vintages = con.execute(
        """
        SELECT 2018, LAD18CD FROM raw.ons_lad18_lau1_nuts3_nuts2_nuts1_lookup_uk
        UNION SELECT 2019, LAD19CD FROM raw.ons_imd2019_lsoa11_lad19_lookup_england
        UNION SELECT 2021, LAD21CD FROM raw.ons_lad21_centroids_uk
        UNION SELECT 2022, ltla22_code FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew
        """
    ).fetchall()
    parts: dict[tuple[int, str], set[str]] = {}
    for vintage, code in vintages:
        current = successors.get(code, (code, "", True))[0]
        parts.setdefault((vintage, current), set()).add(code)
    out: dict[str, set[frozenset[str]]] = {}
    for (_vintage, current), codes in parts.items():
        out.setdefault(current, set()).add(frozenset(codes))
    return out
