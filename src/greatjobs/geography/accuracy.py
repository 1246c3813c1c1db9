"""How good is "nearest population-weighted centroid" as a postcode -> LSOA method?

Inside Liverpool City Region we know the right answer: the LSOA 2021 polygon holding the
postcode's grid reference. :func:`measure_centroid_accuracy` compares the approximation with it
for every LCR postcode, in two variants:

* ``nearest among all LSOAs`` of England and Wales;
* ``nearest within the district`` (the LSOAs of the postcode's own district, from the postcode
  directory), which is what :func:`greatjobs.geography.lookup_postcode` uses outside LCR.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
from pyproj import Transformer

from greatjobs.geography.lsoa_index import lsoa_index
from greatjobs.geography.places import DEFAULT_PLACE_CODE, resolve_place
from greatjobs.geography.postcodes import postcode_frame

LCR_POSTCODE_LETTERS = ("C", "L", "P", "W")
"""First letters of every postcode area with postcodes in Liverpool City Region (CH, L, PR, WA,
WN in the November 2025 directory)."""


@dataclass(frozen=True)
class CentroidAccuracy:
    postcodes: int
    """Postcodes in the place's districts with a grid reference."""
    contained: int
    """Of those, postcodes inside a bundled LSOA 2021 polygon: the reference answer."""
    agree_nearest: int
    """Reference postcodes whose nearest centroid (all of England and Wales) is the right LSOA."""
    agree_within_district: int
    """Reference postcodes whose nearest centroid within their district is the right LSOA."""
    agree_decile_within_district: int
    """Reference postcodes whose within-district answer has the right IMD 2025 decile (what
    matters when the LSOA is used to look up deprivation)."""
    polygon_district_mismatch: int
    """Reference postcodes whose polygon lies in another district than the directory says (a
    check on the boundaries' generalisation and the grid conversion)."""

    @property
    def share_nearest(self) -> float:
        return self.agree_nearest / self.contained if self.contained else float("nan")

    @property
    def share_within_district(self) -> float:
        return self.agree_within_district / self.contained if self.contained else float("nan")

    @property
    def share_decile_within_district(self) -> float:
        return (
            self.agree_decile_within_district / self.contained if self.contained else float("nan")
        )


def lcr_postcodes(
    con: duckdb.DuckDBPyConnection, letters: tuple[str, ...] = LCR_POSTCODE_LETTERS
) -> pd.DataFrame:
    """Every postcode of Liverpool City Region's districts (with grid reference or not)."""
    districts = set(resolve_place(con, DEFAULT_PLACE_CODE).district_codes)
    frames = [postcode_frame(letter) for letter in letters]
    every = pd.concat(frames)
    return every[every["laua"].isin(districts)]


def measure_centroid_accuracy(
    con: duckdb.DuckDBPyConnection, letters: tuple[str, ...] = LCR_POSTCODE_LETTERS
) -> CentroidAccuracy:
    """Compare nearest-centroid LSOAs with point-in-polygon LSOAs for every LCR postcode."""
    postcodes = lcr_postcodes(con, letters)
    postcodes = postcodes[postcodes["easting"].notna() & postcodes["northing"].notna()]
    xy = postcodes[["easting", "northing"]].to_numpy(dtype=float)
    lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(
        xy[:, 0], xy[:, 1]
    )
    index = lsoa_index(con)
    truth = np.array(index.containing(np.asarray(lon), np.asarray(lat)), dtype=object)
    has_truth = np.array([t is not None for t in truth], dtype=bool)
    nearest = np.array(index.nearest(xy), dtype=object)
    within = np.empty(len(xy), dtype=object)
    lads = postcodes["laua"].to_numpy()
    for lad in sorted(set(lads.tolist())):
        rows = np.flatnonzero(lads == lad)
        within[rows] = index.nearest_in_district(xy[rows], str(lad))
    deciles = dict(
        con.execute(
            "SELECT lsoa_code, imd_decile FROM core.imd_lsoa WHERE edition = 2025"
        ).fetchall()
    )
    polygon_lad = dict(
        con.execute(
            "SELECT lsoa_code, lad_code FROM core.lsoa_boundary WHERE vintage = '2021'"
        ).fetchall()
    )
    ref = np.flatnonzero(has_truth)
    return CentroidAccuracy(
        postcodes=len(xy),
        contained=int(has_truth.sum()),
        agree_nearest=int((nearest[has_truth] == truth[has_truth]).sum()),
        agree_within_district=int((within[has_truth] == truth[has_truth]).sum()),
        agree_decile_within_district=sum(
            deciles.get(within[i]) == deciles.get(truth[i]) for i in ref
        ),
        polygon_district_mismatch=sum(polygon_lad.get(truth[i]) != lads[i] for i in ref),
    )
