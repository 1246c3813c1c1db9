"""``greatjobs report``: the "state of the city region" evidence report (HTML, and PDF)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from greatjobs.cli.context import district_option, get_context, place_from
from greatjobs.errors import DataError
from greatjobs.geography import DEFAULT_PLACE
from greatjobs.report import build_report, html_to_pdf, render_html
from greatjobs.spend.ledger import read_ledger


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "place"


@click.command("report")
@click.option(
    "--place",
    "place_name",
    default=DEFAULT_PLACE,
    show_default=True,
    help="A combined authority, district or region (name or code), or with --district the "
    "name of a custom place.",
)
@district_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML [default: <place>-evidence-report.html here].",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also print it to PDF beside the HTML, with headless Chromium "
    "($CHROMIUM or /usr/bin/chromium).",
)
def report(place_name: str, districts: tuple[str, ...], out: Path | None, pdf: bool) -> None:
    """Write a self-contained HTML evidence report for a place: league tables with rank
    intervals, the deprivation map and pockets, change since 2019, the inclusive-growth index,
    the anchors' spend (from the spend ledger, when loaded), methods, sources and licences. No
    request leaves the file: CSS and charts are inline."""
    started = time.perf_counter()
    context = get_context()
    with context.warehouse() as con:
        place = place_from(con, place_name, districts)
        for note in place.notes:
            click.secho(f"Note: {note}", fg="yellow", err=True)
        ledger = read_ledger(context.home) if context.home.spend_ledger.is_file() else None
        try:
            content = build_report(con, place, ledger=ledger)
        finally:
            if ledger is not None:
                ledger.close()
    target = out or Path(f"{_slug(place.name)}-evidence-report.html")
    try:
        target.write_text(render_html(content), encoding="utf-8")
    except OSError as exc:
        raise DataError(f"Cannot write {target}: {exc.strerror}.") from exc
    click.echo(f"Wrote {target} in {time.perf_counter() - started:.1f} s.")
    if pdf:
        printed = html_to_pdf(target, target.with_suffix(".pdf"), os.environ.get("CHROMIUM"))
        click.echo(f"Wrote {printed} in {time.perf_counter() - started:.1f} s.")
