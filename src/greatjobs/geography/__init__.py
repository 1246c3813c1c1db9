"""Geography: areas and their hierarchy, named places, and postcode lookup.

Areas run LSOA (2011, 2021) -> ward -> local authority district -> combined authority -> region ->
country; district codes changed over time are mapped to today's districts. Places are the areas
people choose (every English combined authority, district and region, England, or a custom list of
districts); Liverpool City Region is the default. See ``docs/methods/geography.md``.
"""

from greatjobs.geography.areas import (
    AREA_TYPES,
    Area,
    DistrictChange,
    area_children,
    area_parents,
    current_district,
    district_codes_all_vintages,
    get_area,
)
from greatjobs.geography.places import (
    DEFAULT_PLACE,
    DEFAULT_PLACE_CODE,
    DISTRICT_BOUNDARY_DATASET,
    PLACE_KINDS,
    Place,
    custom_place,
    default_place,
    england_district_boundaries,
    list_places,
    place_lad_codes,
    place_lsoa_map,
    place_with_districts,
    resolve_place,
)
from greatjobs.geography.postcodes import (
    NEAREST_CENTROID,
    POINT_IN_POLYGON,
    PostcodeResult,
    lookup_postcode,
    normalise_postcode,
)

__all__ = [
    "AREA_TYPES",
    "DEFAULT_PLACE",
    "DEFAULT_PLACE_CODE",
    "DISTRICT_BOUNDARY_DATASET",
    "NEAREST_CENTROID",
    "PLACE_KINDS",
    "POINT_IN_POLYGON",
    "Area",
    "DistrictChange",
    "Place",
    "PostcodeResult",
    "area_children",
    "area_parents",
    "current_district",
    "custom_place",
    "default_place",
    "district_codes_all_vintages",
    "england_district_boundaries",
    "get_area",
    "list_places",
    "lookup_postcode",
    "normalise_postcode",
    "place_lad_codes",
    "place_lsoa_map",
    "place_with_districts",
    "resolve_place",
]
