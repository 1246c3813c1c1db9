"""``greatjobs diagnose deprivation`` and ``greatjobs diagnose index``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click
import duckdb
import pandas as pd

from greatjobs.cli.context import district_option, get_context, place_from
from greatjobs.cli.render import format_option, render_frame
from greatjobs.diagnose import deprivation_places as dep
from greatjobs.diagnose import deprivation_pockets as pockets_lib
from greatjobs.diagnose import index as index_lib
from greatjobs.diagnose.catalogue import get_indicator
from greatjobs.diagnose.deprivation import DISTRICT_ESTIMATES
from greatjobs.errors import DataError
from greatjobs.geography import (
    DEFAULT_PLACE,
    Place,
    list_places,
    resolve_place,
)
from greatjobs.provenance import Provenance

IOD_SOURCES = {
    2025: ("iod2025_england_ltla24", "iod2025_england_lsoa21"),
    2019: ("imd2019_england_ltla22", "imd2019_england_lsoa11"),
}
WEIGHT_SOURCE = "census21_ts011_household_deprivation_msoa21_ew"


@click.command("deprivation")
@click.option(
    "--place",
    "place_name",
    default=DEFAULT_PLACE,
    show_default=True,
    help="A combined authority, district, region or England (name or code).",
)
@district_option
@click.option(
    "--edition",
    type=click.Choice(["2019", "2025"]),
    default="2025",
    show_default=True,
    help="IoD2019 (2011 LSOAs) or IoD2025 (2021 LSOAs).",
)
@click.option(
    "--pockets",
    is_flag=True,
    help="Clusters of neighbouring LSOAs in the most deprived 10% (LCR boundaries).",
)
@click.option(
    "--change",
    is_flag=True,
    help="LSOAs moving into and out of the most deprived 10%, 2019 -> 2025.",
)
@format_option
def deprivation(
    place_name: str, districts: tuple[str, ...], edition: str, pockets: bool, change: bool,
    fmt: str,
) -> None:  # fmt: skip
    """Deprivation of a place: the IoD local-authority measures, pockets, and change.

    Without --pockets or --change: the place's average score, average rank, extent, local
    concentration and share of LSOAs in the most deprived 10%, then each of its districts.
    See docs/methods/deprivation.md for the definitions and the measured error of estimates.
    """
    if pockets and change:
        raise click.UsageError("Choose one of --pockets and --change.")
    year = int(edition)
    with get_context().warehouse() as con:
        place = place_from(con, place_name, districts)
        for note in place.notes:
            click.secho(f"Note: {note}", fg="yellow", err=True)
        if pockets:
            found = pockets_lib.deprivation_pockets(con, place, year)
            frame = pockets_lib.pockets_frame(found)
            if fmt == "table":
                frame = frame.drop(columns="lsoa_codes")
            title = (
                f"{place.name}: {len(found)} pockets of neighbouring LSOAs in the most deprived "
                f"10% (IoD{year}), {int(frame['lsoas'].sum()) if len(frame) else 0} LSOAs"
            )
            notes = [
                "Neighbours: LSOA 2021/2011 boundary polygons touching (within about 2 m). "
                "population_share: share of the place's estimated population."
            ]
            if not found:
                notes.append("No pockets: boundaries are bundled for Liverpool City Region only.")
            provenance = Provenance.of_held(
                con, [*IOD_SOURCES[year], "lcr_E47000004_lsoa"], notes=notes
            )
        elif change:
            frame = pockets_lib.decile_1_change(con, place)
            title = f"{place.name}: LSOAs in the most deprived 10%, IoD2019 -> IoD2025"
            lsoa_files = [IOD_SOURCES[2019][1], IOD_SOURCES[2025][1]]
            provenance = Provenance.of_held(
                con, [*lsoa_files, "ons_lsoa11_lsoa21_ltla22_lookup_ew"],
                method=pockets_lib.CHANGE_METHOD,
            )  # fmt: skip
        else:
            summary = dep.place_deprivation(con, place, year)
            frame = pd.DataFrame([summary.as_dict()])
            if len(place.districts) > 1:
                parts = dep.district_table(con, year, place.district_codes)
                parts["estimated"] = ", ".join(DISTRICT_ESTIMATES[year])
                frame = pd.concat([frame, parts[frame.columns]], ignore_index=True)
            if fmt == "table":
                frame = frame.drop(columns=["method", "edition"])
                for column in ("average_rank", "local_concentration"):
                    frame[column] = [_whole(v) for v in frame[column]]
            title = f"{place.name}: English Indices of Deprivation {year}"
            provenance = Provenance.of_held(
                con, [*IOD_SOURCES[year], WEIGHT_SOURCE], method=f"{place.name}: {summary.method}.",
                notes=["estimated: the measures greatjobs estimates, not published by MHCLG (docs/"
                       "methods/deprivation.md gives their measured errors)."],
            )  # fmt: skip
    render_frame(frame, fmt, title=title, provenance=provenance)


def _whole(value: float | None) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def _among(con: duckdb.DuckDBPyConnection, among: str) -> list[Place]:
    if among == "combined-authorities":
        return list_places(con, "combined-authority")
    if among == "districts":
        return list_places(con, "district")
    places = [resolve_place(con, name) for name in among.split(",") if name.strip()]
    if len(places) < 2:
        raise DataError("--among needs at least two places (comma-separated), or a group.")
    return places


def _weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        try:
            out[get_indicator(key.strip()).id] = float(value)
        except ValueError as exc:
            raise DataError(f"--weights: {part!r} is not INDICATOR=NUMBER.") from exc
        if not sep:
            raise DataError(f"--weights: {part!r} is not INDICATOR=NUMBER.")
    return out


@click.command("index")
@click.option(
    "--among",
    default="combined-authorities",
    show_default=True,
    help="combined-authorities, districts, or places separated by commas.",
)
@click.option(
    "--draws",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Monte Carlo draws [default: 1000, or the spec's].",
)
@click.option(
    "--normalisation",
    type=click.Choice(index_lib.NORMALISATIONS),
    default=None,
    help="Reference normalisation [default: z-score].",
)
@click.option(
    "--weighting",
    type=click.Choice(index_lib.WEIGHTINGS),
    default=None,
    help="Reference weighting [default: equal-by-dimension].",
)
@click.option(
    "--aggregation",
    type=click.Choice(index_lib.AGGREGATIONS),
    default=None,
    help="Reference aggregation [default: arithmetic].",
)
@click.option(
    "--weights",
    "weights_text",
    default=None,
    help="Custom weights, e.g. gva-per-hour=2,employment-rate=1 (implies custom).",
)
@click.option("--seed", type=int, default=None, help="Random seed (results are reproducible).")
@click.option(
    "--spec",
    "spec_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the index specification from this JSON file.",
)
@click.option(
    "--save-spec",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the specification used to this JSON file.",
)
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Print which choices move the ranks most instead of the ranking.",
)
@format_option
def index(
    among: str, draws: int | None, normalisation: str | None, weighting: str | None,
    aggregation: str | None, weights_text: str | None, seed: int | None,
    spec_file: Path | None, save_spec: Path | None, sensitivity: bool, fmt: str,
) -> None:  # fmt: skip
    """Inclusive-growth index (prosperity and inclusion) with Monte Carlo rank intervals.

    See docs/methods/inclusive-growth-index.md.
    """
    spec = index_lib.IndexSpec()
    if spec_file is not None:
        try:
            spec = index_lib.IndexSpec.from_json(spec_file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise DataError(f"Cannot read {spec_file}: {exc.strerror}.") from exc
    changes: dict[str, object] = {}
    weights = _weights(weights_text)
    if weights:
        changes.update(weights=weights, weighting="custom")
    for key, value in (("draws", draws), ("normalisation", normalisation),
                       ("weighting", weighting), ("aggregation", aggregation),
                       ("seed", seed)):  # fmt: skip
        if value is not None:
            changes[key] = value
    spec = replace(spec, **changes)  # type: ignore[arg-type]
    if save_spec is not None:
        save_spec.write_text(spec.to_json() + "\n", encoding="utf-8")
    with get_context().warehouse() as con:
        places = _among(con, among)
        inputs = index_lib.load_inputs(con, spec, [p.code for p in places])
        polarity = {i: get_indicator(i).higher_is_better for i in spec.indicators}
        result = index_lib.run_index(inputs, spec, polarity)
        datasets = sorted(set(inputs["dataset_id"].dropna()))
        provenance = Provenance.of_held(con, datasets, notes=result.notes)
    if sensitivity:
        render_frame(
            result.sensitivity, fmt, title="What moves the ranks most", provenance=provenance
        )
        return
    frame = result.places
    render_frame(
        frame, fmt,
        title=f"Inclusive-growth index ({spec.normalisation}, {spec.weighting}, "
        f"{spec.aggregation}): rank with {spec.interval:.0%} interval over {spec.draws} draws",
        provenance=provenance,
    )  # fmt: skip
