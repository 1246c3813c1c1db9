"""``greatjobs places``: the named places (combined authorities, districts, regions, England)."""

from __future__ import annotations

import click
import pandas as pd

from greatjobs.cli.context import district_option, get_context, place_from
from greatjobs.cli.render import format_option, render_frame, render_record
from greatjobs.geography import (
    DEFAULT_PLACE,
    PLACE_KINDS,
    list_places,
    place_lad_codes,
)
from greatjobs.geography.places import place_source


@click.group()
def places() -> None:
    """Places to look at: every English combined authority, district and region, and England."""


@places.command("list")
@click.option(
    "--kind",
    type=click.Choice([k for k in PLACE_KINDS if k != "custom"]),
    default=None,
    help="Only places of this kind.",
)
@format_option
def list_command(kind: str | None, fmt: str) -> None:
    """Every named place with its code, kind and number of districts."""
    with get_context().warehouse() as con:
        found = list_places(con, kind)
    frame = pd.DataFrame(
        {
            "code": [p.code for p in found],
            "name": [p.name for p in found],
            "kind": [p.kind for p in found],
            "districts": [len(p.districts) for p in found],
        }
    )
    render_frame(
        frame,
        fmt,
        title=f"{len(frame)} places" + (f" ({kind})" if kind else ""),
        caption=f"Default place: {DEFAULT_PLACE}. Combined authorities as at December 2023 "
        "(ONS lookup); see docs/methods/geography.md for later ones.",
    )


@places.command("show")
@click.argument("name_or_code", default=DEFAULT_PLACE)
@district_option
@format_option
def show_command(name_or_code: str, districts: tuple[str, ...], fmt: str) -> None:
    """A place and its districts (default: Liverpool City Region)."""
    with get_context().warehouse() as con:
        place = place_from(con, name_or_code, districts)
        provenance = place_source(con, place)
        all_codes = place_lad_codes(con, place)
    for note in place.notes:
        click.secho(f"Note: {note}", fg="yellow", err=True)
    if fmt == "json":
        render_record(
            {
                "code": place.code,
                "name": place.name,
                "kind": place.kind,
                "districts": [{"code": d.code, "name": d.name} for d in place.districts],
                "district_codes_all_vintages": all_codes,
                "notes": list(place.notes),
            },
            fmt,
            provenance=provenance,
        )
        return
    frame = pd.DataFrame(
        {
            "place_code": place.code,
            "place_name": place.name,
            "kind": place.kind,
            "district_code": [d.code for d in place.districts],
            "district_name": [d.name for d in place.districts],
        }
    )
    if fmt == "table":
        frame = frame[["district_code", "district_name"]]
    render_frame(
        frame,
        fmt,
        title=f"{place.name} ({place.code}, {place.kind}): {len(place.districts)} districts",
        provenance=provenance,
    )
