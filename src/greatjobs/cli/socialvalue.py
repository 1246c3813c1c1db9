"""``greatjobs socialvalue``: the open measures library and SROI valuation of an impact map."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame
from greatjobs.socialvalue import load_library, monte_carlo, read_impact_map, value_sroi
from greatjobs.socialvalue.uncertainty import PERCENTILES


@click.group()
def socialvalue() -> None:
    """Social value: the open measures library and SROI valuation."""


@socialvalue.command()
@format_option
def measures(fmt: str) -> None:
    """List the open measures library: themes, PPN mapping, units, evidence and proxies.

    Proxies are uprated with the GDP deflator from `greatjobs data update --source gdp-deflator`
    when it has been fetched, otherwise with packaged values that are marked unverified.
    """
    library = load_library(get_context().home)
    caption = (
        f"Measures library {library.version}. WELLBY £{library.wellby_value:,.0f} "
        f"({library.wellby_price_year} prices): {library.wellby_source}. "
        f"Uprating: {library.deflator.provenance}"
    )
    if not library.deflator.verified:
        caption += " Fetch the published series: greatjobs data update --source gdp-deflator."
    render_frame(library.to_frame(), fmt, title="Social value measures", caption=caption)


@socialvalue.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--draws",
    default=2000,
    show_default=True,
    type=click.IntRange(10, 200_000),
    help="Monte Carlo draws over the ranges in the impact map.",
)
@click.option("--seed", default=20260101, show_default=True, help="Random seed (reproducible).")
@format_option
def sroi(file: Path, draws: int, seed: int, fmt: str) -> None:
    """Value an impact map (TOML): present value, NPV and SROI ratio, with intervals."""
    spec = read_impact_map(file)
    result = value_sroi(spec)
    mc = monte_carlo(spec, draws=draws, seed=seed)
    low, _, high = PERCENTILES
    frame = pd.DataFrame(
        [
            {
                "figure": name,
                "central": central,
                f"p{low}": iv.low,
                "median": iv.median,
                f"p{high}": iv.high,
            }
            for name, central, iv in (
                ("present value (£)", result.present_value, mc.present_value),
                ("net present value (£)", result.net_present_value, mc.net_present_value),
                ("SROI ratio (£ per £1)", result.ratio, mc.ratio),
            )
        ]
    )
    if fmt == "json":
        record = {
            "title": spec.title,
            "investment": spec.investment,
            "discount_rate": spec.discount_rate,
            "figures": frame.to_dict(orient="records"),
            "draws": draws,
            "seed": seed,
            "most_influential": mc.influence.to_dict(orient="records"),
        }
        json.dump(record, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    caption = (
        f"Investment £{spec.investment:,.0f}; discount rate {spec.discount_rate:.1%} "
        f"(HM Treasury Green Book); {draws} Monte Carlo draws, seed {seed}. "
        "Most influential: "
        + ", ".join(
            f"{r.assumption} ({r.influence:.2f})" for r in mc.influence.head(3).itertuples()
        )
    )
    render_frame(frame, fmt, title=spec.title, caption=caption if fmt == "table" else None)
