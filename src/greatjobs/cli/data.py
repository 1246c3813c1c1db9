"""``greatjobs data``: the open-data snapshot, its provenance, the warehouse build and refresh."""

from __future__ import annotations

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.progress import progress_bar
from greatjobs.cli.render import format_option, render_frame, render_record
from greatjobs.sources.catalogue import Catalogue
from greatjobs.warehouse import build_warehouse


@click.group()
def data() -> None:
    """The bundled open data: list it with its provenance, build the warehouse, refresh it."""


@data.command("list")
@format_option
@click.option("--verbose", "-v", is_flag=True, help="Show every provenance field.")
def list_datasets(fmt: str, verbose: bool) -> None:
    """Every vendored dataset: publisher, title, vintage, licence, origin and checksum."""
    catalogue = Catalogue.load()
    frame = pd.DataFrame([d.as_dict() for d in catalogue.datasets])
    if fmt == "table" and not verbose:
        frame = frame[["id", "publisher", "vintage", "licence", "rows", "sha256"]].assign(
            sha256=lambda f: f["sha256"].str[:12] + "…"
        )
    elif fmt != "json":
        for column in ("columns", "transformations"):
            frame[column] = frame[column].map("; ".join)
    render_frame(
        frame,
        fmt,
        title=f"{len(frame)} datasets in the greatjobs snapshot ({catalogue.directory})",
        caption="Full provenance: greatjobs data show ID. Attribution: contains public sector "
        "information licensed under the Open Government Licence v3.0 (except where stated).",
    )


@data.command("show")
@click.argument("dataset_id")
@format_option
def show_dataset(dataset_id: str, fmt: str) -> None:
    """The full provenance record of one dataset."""
    render_record(Catalogue.load().get(dataset_id).as_dict(), fmt, title=dataset_id)


@data.command("build")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(quiet: bool) -> None:
    """Build the warehouse from the snapshot (checksums verified; the old one kept on failure)."""
    home = get_context().home
    with progress_bar(None if not quiet else False) as progress:
        report = build_warehouse(home, progress=progress)
    if quiet:
        return
    click.echo(f"Built {report.path} from {report.datasets} datasets.")
    if report.refreshed:
        click.echo(f"Refreshed from publishers' APIs: {', '.join(report.refreshed)}")
    core = {k: v for k, v in report.tables.items() if not k.startswith("raw.")}
    raw_rows = sum(v for k, v in report.tables.items() if k.startswith("raw."))
    raw_count = sum(1 for k in report.tables if k.startswith("raw."))
    click.echo(f"  raw: {raw_count} tables, {raw_rows:,} rows as published")
    for name, rows in core.items():
        click.echo(f"  {name}: {rows:,} rows")


@data.command("update")
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="Refresh only this source (repeatable); default: all. See `greatjobs data sources`.",
)
def update(sources: tuple[str, ...]) -> None:
    """Refresh datasets from the publishers' live APIs (Nomis, ONS Open Geography Portal, ONS
    time series).

    Fetches everything first; if any request fails, nothing is changed (exit code 5). Then
    stores each dataset with its provenance and rebuilds the warehouse with the refreshed data.
    """
    from greatjobs.sources.update import update_sources

    home = get_context().home
    with progress_bar() as progress:
        result = update_sources(home, list(sources) or None, progress=progress)
    for line in result.summary_lines():
        click.echo(line)


@data.command("sources")
@format_option
def live_sources(fmt: str) -> None:
    """The live sources `greatjobs data update` can refresh."""
    from greatjobs.sources.update import live_source_table

    render_frame(
        live_source_table(),
        fmt,
        title="Live sources for `greatjobs data update [--source NAME]`",
        caption="Contains public sector information licensed under the Open Government Licence "
        "v3.0. Methods: docs/methods/live-sources.md.",
    )
