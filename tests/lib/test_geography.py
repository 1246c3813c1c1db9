"""Areas, their hierarchy across code changes, and named places, on the real built warehouse."""

from __future__ import annotations

import warnings

import duckdb
import pytest

from greatjobs.errors import DataError, NotFoundError
from greatjobs.geography import (
    DEFAULT_PLACE,
    Area,
    Place,
    area_children,
    area_parents,
    current_district,
    custom_place,
    default_place,
    district_codes_all_vintages,
    get_area,
    list_places,
    place_lad_codes,
    place_lsoa_map,
    place_with_districts,
    resolve_place,
)

LCR_DISTRICTS = {
    "E06000006": "Halton",
    "E08000011": "Knowsley",
    "E08000012": "Liverpool",
    "E08000013": "St. Helens",
    "E08000014": "Sefton",
    "E08000015": "Wirral",
}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> object:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0]


# --- the default place -------------------------------------------------------------------------


def test_liverpool_city_region_is_the_default_place_with_its_six_districts(warehouse):
    place = resolve_place(warehouse, DEFAULT_PLACE)
    assert place == default_place(warehouse)
    assert (place.code, place.kind) == ("E47000004", "combined-authority")
    assert {d.code: d.name for d in place.districts} == LCR_DISTRICTS
    assert all(d.type == "lad" for d in place.districts)


@pytest.mark.parametrize(
    "text",
    ["Liverpool City Region", "liverpool city region", "LIVERPOOL-CITY-REGION!", "E47000004",
     "e47000004", "LCR"],
)  # fmt: skip
def test_places_resolve_by_name_or_code_whatever_the_case_and_punctuation(warehouse, text):
    assert resolve_place(warehouse, text).code == "E47000004"


# --- every combined authority, district, region and England -----------------------------------


def test_every_combined_authority_of_the_2023_lookup_is_a_place(warehouse):
    cas = list_places(warehouse, "combined-authority")
    expected = scalar(
        warehouse, "SELECT count(DISTINCT cauth23_code) FROM raw.ons_ltla23_cauth23_lookup_england"
    )
    assert len(cas) == expected == 10
    for ca in cas:
        members = warehouse.execute(
            "SELECT s.current_code FROM raw.ons_ltla23_cauth23_lookup_england l "
            "JOIN core.lad_successor s ON s.old_code = l.ltla23_code WHERE l.cauth23_code = ?",
            [ca.code],
        ).fetchall()
        assert sorted(ca.district_codes) == sorted(m[0] for m in members)


def test_every_current_english_district_region_and_england_is_a_place(warehouse):
    districts = list_places(warehouse, "district")
    regions = list_places(warehouse, "region")
    (england,) = list_places(warehouse, "country")
    ltla24 = scalar(warehouse, "SELECT count(*) FROM raw.ons_ltla24_region24_lookup_england")
    assert len(districts) == ltla24 == 296
    assert all(d.code.startswith("E") and len(d.districts) == 1 for d in districts)
    assert len(regions) == 9
    assert england.code == "E92000001"
    assert len(england.districts) == 296
    # Regions partition England's districts.
    in_regions = [c for r in regions for c in r.district_codes]
    assert sorted(in_regions) == sorted(england.district_codes)


def test_list_places_puts_combined_authorities_first_and_rejects_unknown_kinds(warehouse):
    every = list_places(warehouse)
    assert [p.kind for p in every[:10]] == ["combined-authority"] * 10
    assert len(every) == 10 + 296 + 9 + 1
    with pytest.raises(NotFoundError, match="Did you mean: region"):
        list_places(warehouse, "regoin")


def test_a_name_shared_by_a_combined_authority_and_a_region_picks_the_ca_and_says_so(warehouse):
    ca = resolve_place(warehouse, "West Midlands")
    assert (ca.code, ca.kind) == ("E47000007", "combined-authority")
    assert "E12000005" in ca.notes[0]
    region = resolve_place(warehouse, "West Midlands region")
    assert (region.code, region.kind, region.notes) == ("E12000005", "region", ())
    assert len(region.districts) > len(ca.districts)


def test_older_and_informal_names_resolve(warehouse):
    assert resolve_place(warehouse, "Sheffield City Region").name == "South Yorkshire"
    assert resolve_place(warehouse, "Bristol").code == "E06000023"
    assert resolve_place(warehouse, "st helens").code == "E08000013"


def test_unknown_place_is_not_found_with_close_matches(warehouse):
    with pytest.raises(NotFoundError) as err:
        resolve_place(warehouse, "Liverpol City Regon")
    assert err.value.exit_code == 4
    assert "Liverpool City Region" in err.value.suggestions
    with pytest.raises(NotFoundError) as err:
        resolve_place(warehouse, "E47999999")
    assert err.value.suggestions


@pytest.mark.parametrize(
    "text", ["%", "_", "%%", "Liver%", "L_verpool", "😀", "\u202e", "\x00", "\x01\x1f", "-"]
)
def test_wildcards_emoji_and_control_characters_are_no_such_place(warehouse, text):
    with pytest.raises(NotFoundError) as err:
        resolve_place(warehouse, text)
    assert str(err.value).startswith("No place called")
    assert "\u202e" not in str(err.value) and "\x00" not in str(err.value)


def test_a_very_long_name_is_not_repeated_in_full(warehouse):
    with pytest.raises(NotFoundError) as err:
        resolve_place(warehouse, "a" * 10_000)
    assert len(str(err.value)) < 200 and "…" in str(err.value)


# --- code changes ------------------------------------------------------------------------------


def test_every_district_code_since_2011_maps_to_a_current_district(warehouse):
    orphans = scalar(
        warehouse,
        "SELECT count(*) FROM core.lad_successor s LEFT JOIN core.area a "
        "ON a.code = s.current_code AND a.type = 'lad' AND a.vintage = 'current' "
        "WHERE a.code IS NULL",
    )
    assert orphans == 0
    # Every district code used by the snapshot's lookups is known.
    unknown = scalar(
        warehouse,
        """
        SELECT count(*) FROM (
            SELECT ltla22_code AS c FROM raw.ons_lsoa11_lsoa21_ltla22_lookup_ew
            UNION SELECT LAD19CD FROM raw.ons_lsoa11_ward19_lad19_lookup_ew
            UNION SELECT ltla23_code FROM raw.ons_ltla23_cauth23_lookup_england
            UNION SELECT ltla24_code FROM raw.ons_ltla24_region24_lookup_england
            UNION SELECT ltla24_code FROM raw.iod2025_england_ltla24
        ) LEFT JOIN core.lad_successor ON old_code = c WHERE old_code IS NULL
        """,
    )
    assert unknown == 0


@pytest.mark.parametrize(
    ("old", "old_name", "new"),
    [
        ("E07000026", "Allerdale", "E06000063"),  # Cumbria -> Cumberland (2023)
        ("E07000027", "Barrow-in-Furness", "E06000064"),  # -> Westmorland and Furness
        ("E07000163", "Craven", "E06000065"),  # North Yorkshire districts -> North Yorkshire
        ("E07000246", "Somerset West and Taunton", "E06000066"),  # -> Somerset
        ("E08000016", "Barnsley", "E08000038"),  # new code after a boundary change
    ],
)
def test_former_districts_map_to_their_successor(warehouse, old, old_name, new):
    change = current_district(warehouse, old)
    assert change is not None
    assert (change.old_name, change.current.code) == (old_name, new)
    assert old in district_codes_all_vintages(warehouse, new)


def test_a_recoded_district_resolves_to_its_successor_but_a_merged_one_is_explained(warehouse):
    barnsley = resolve_place(warehouse, "E08000016")
    assert barnsley.code == "E08000038"
    assert "former code" in barnsley.notes[0]
    with pytest.raises(NotFoundError, match=r"now part of Cumberland \(E06000063\)") as err:
        resolve_place(warehouse, "Allerdale")
    assert err.value.suggestions == ["Cumberland"]


def test_statistics_on_old_codes_can_be_matched_through_place_lad_codes(warehouse):
    south_yorkshire = resolve_place(warehouse, "South Yorkshire")
    codes = place_lad_codes(warehouse, south_yorkshire)
    assert {"E08000016", "E08000038", "E08000019", "E08000039"} <= set(codes)
    assert place_lad_codes(warehouse, south_yorkshire, include_former=False) == (
        south_yorkshire.district_codes
    )


# --- the hierarchy -----------------------------------------------------------------------------


def test_an_lcr_lsoa_climbs_ward_district_combined_authority_region_england(warehouse):
    code = warehouse.execute(
        "SELECT lsoa_code FROM core.lsoa_boundary WHERE vintage = '2021' AND lad_code = ? "
        "ORDER BY lsoa_code LIMIT 1",
        ["E08000012"],
    ).fetchone()[0]
    parents = area_parents(warehouse, code, "lsoa21")
    assert [p.type for p in parents] == ["ward", "lad", "cauth", "rgn", "ctry"]
    assert [p.code for p in parents[1:]] == ["E08000012", "E47000004", "E12000002", "E92000001"]


def test_hierarchy_is_consistent_every_lsoa_has_one_district_and_inherits_its_parents(warehouse):
    lsoa21 = scalar(warehouse, "SELECT count(*) FROM core.area WHERE type = 'lsoa21'")
    with_lad = scalar(
        warehouse,
        "SELECT count(DISTINCT child_code) FROM core.area_parent "
        "WHERE child_type = 'lsoa21' AND parent_type = 'lad'",
    )
    assert with_lad == lsoa21
    # Every IoD 2025 LSOA and IMD 2019 LSOA is a known area of the right vintage.
    for sql in (
        "SELECT count(*) FROM raw.iod2025_england_lsoa21 LEFT JOIN core.area a "
        "ON a.code = lsoa21_code AND a.type = 'lsoa21' WHERE a.code IS NULL",
        "SELECT count(*) FROM raw.imd2019_england_lsoa11 LEFT JOIN core.area a "
        "ON a.code = lsoa_code AND a.type = 'lsoa11' WHERE a.code IS NULL",
    ):
        assert scalar(warehouse, sql) == 0
    # An LSOA's combined authority and region are those of its district.
    inconsistent = scalar(
        warehouse,
        """
        SELECT count(*) FROM core.area_parent l
        JOIN core.area_parent up ON up.child_code = l.child_code AND up.child_type = l.child_type
             AND up.parent_type IN ('cauth', 'rgn')
        LEFT JOIN core.area_parent lp ON lp.child_code = l.parent_code AND lp.child_type = 'lad'
             AND lp.parent_code = up.parent_code
        WHERE l.parent_type = 'lad' AND l.child_type IN ('lsoa21', 'lsoa11')
          AND lp.parent_code IS NULL
        """,
    )
    assert inconsistent == 0


def test_lcr_lsoa_ward_best_fit_stays_inside_the_lsoas_district(warehouse):
    rows = warehouse.execute(
        """
        SELECT b.lsoa_code, b.lad_code, wl.parent_code FROM core.lsoa_boundary b
        JOIN core.area_parent w ON w.child_code = b.lsoa_code AND w.child_type = 'lsoa21'
             AND w.parent_type = 'ward'
        JOIN core.area_parent wl ON wl.child_code = w.parent_code AND wl.child_type = 'ward'
             AND wl.parent_type = 'lad'
        WHERE b.vintage = '2021'
        """
    ).fetchall()
    assert len(rows) == 1003
    assert [r for r in rows if r[1] != r[2]] == []


def test_area_children_and_get_area(warehouse):
    wards = area_children(warehouse, "E08000012", "ward")
    assert all(w.type == "ward" for w in wards) and len(wards) > 20
    assert get_area(warehouse, "E08000012") == Area("E08000012", "Liverpool", "lad")
    assert get_area(warehouse, "E47000004").type == "cauth"
    with pytest.raises(NotFoundError):
        get_area(warehouse, "E01999999", "lsoa21")


# --- custom places -----------------------------------------------------------------------------


def test_custom_place_from_codes_and_names(warehouse):
    place = custom_place(
        warehouse, "Mersey Dee", ["Wirral", "E06000049", "cheshire west & chester", "WIRRAL"]
    )
    assert isinstance(place, Place)
    assert (place.code, place.kind, place.name) == ("custom:mersey-dee", "custom", "Mersey Dee")
    assert place.district_codes == ["E06000049", "E06000050", "E08000015"]
    assert place.notes == ()


def test_custom_place_maps_old_codes_to_current_with_a_note(warehouse):
    place = custom_place(warehouse, "Cumbria coast", ["E07000026", "Copeland"])
    assert place.district_codes == ["E06000063"]  # both are now in Cumberland
    assert len(place.notes) == 2
    assert "Allerdale (E07000026)" in place.notes[0]
    assert "Copeland (E07000029)" in place.notes[1]


def test_custom_place_rejects_unknown_districts_and_empty_lists(warehouse):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NotFoundError, match="Did you mean: Liverpool"):
            custom_place(warehouse, "x", ["Liverpoool"])
    with pytest.raises(DataError):
        custom_place(warehouse, "x", [" "])
    with pytest.raises(DataError):
        custom_place(warehouse, "  ", ["Liverpool"])


def test_place_with_districts_finds_the_named_place_with_exactly_those_districts(warehouse):
    six = ["E08000015", "E06000006", "E08000011", "E08000012", "E08000013", "E08000014"]
    assert place_with_districts(warehouse, six).code == "E47000004"  # any order
    assert place_with_districts(warehouse, ["E08000012"]).code == "E08000012"
    assert place_with_districts(warehouse, six[:3]) is None


# --- LSOA maps ---------------------------------------------------------------------------------


def test_place_lsoa_map_for_lcr_has_every_lsoa_with_its_decile_and_polygon(warehouse):
    lcr = default_place(warehouse)
    features = place_lsoa_map(warehouse, lcr)
    assert len(features) == 1003
    assert {f["lad_code"] for f in features} == set(LCR_DISTRICTS)
    assert all(f["decile"] in range(1, 11) for f in features)
    assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}
    deciles = dict(
        warehouse.execute(
            "SELECT lsoa_code, imd_decile FROM core.imd_lsoa WHERE edition = 2025"
        ).fetchall()
    )
    assert all(deciles[f["code"]] == f["decile"] for f in features)
    liverpool = place_lsoa_map(warehouse, resolve_place(warehouse, "Liverpool"))
    assert len(liverpool) == sum(f["lad_code"] == "E08000012" for f in features)


def test_place_lsoa_map_2019_uses_2011_lsoas_and_is_empty_without_boundaries(warehouse):
    lcr = default_place(warehouse)
    assert len(place_lsoa_map(warehouse, lcr, edition=2019)) == 989
    assert place_lsoa_map(warehouse, resolve_place(warehouse, "Manchester")) == []
    # No partial maps: England contains the city region, but most of it has no boundaries here.
    assert place_lsoa_map(warehouse, resolve_place(warehouse, "England")) == []
    assert place_lsoa_map(warehouse, resolve_place(warehouse, "North West")) == []
    with pytest.raises(NotFoundError):
        place_lsoa_map(warehouse, lcr, edition=2020)


def test_each_combined_authority_is_named_by_its_own_code_and_years(warehouse):
    # ONS call E47000010 (2018 to May 2024) and E47000014 (from May 2024) both "North East".
    area = dict(
        warehouse.execute("SELECT code, name FROM core.area WHERE type = 'cauth'").fetchall()
    )
    assert area["E47000010"] == "North East (combined authority 2018–2024)"
    names = warehouse.execute(
        "SELECT area_code, list(DISTINCT area_name) FROM core.indicator_series "
        "WHERE area_code LIKE 'E47%' GROUP BY 1"
    ).fetchall()
    by_code = {code: names for code, names in names}
    assert all(len(n) == 1 for n in by_code.values()), by_code  # one name per code
    assert by_code["E47000010"] == [area["E47000010"]]
    assert by_code["E47000014"] == ["North East Mayoral Combined Authority (from May 2024)"]
    assert by_code["E47000002"] == [area["E47000002"]]  # not also "Sheffield City Region"
    flat = [n[0] for n in by_code.values()]
    assert len(flat) == len(set(flat))  # no two authorities share a name
