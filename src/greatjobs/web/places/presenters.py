"""Turn library results into what the places templates show (GOV.UK components, map, figures)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.table import GovUKTable

from greatjobs.charts import decile_legend, lsoa_choropleth
from greatjobs.diagnose.published import lsoa_deciles
from greatjobs.geography import Place, list_places
from greatjobs.provenance import Provenance
from greatjobs.web.core import places as core_places
from greatjobs.web.core.components import table
from greatjobs.web.places.figures import (
    IMD_DATASET,
    headline_figures,
    most_deprived_share,
)

KIND_HEADINGS = {
    "combined-authority": "Combined authorities",
    "district": "Local authority districts",
    "region": "Regions",
    "country": "Country",
    "custom": "Custom places",
}
KIND_LABELS = {
    "combined-authority": "Combined authority",
    "district": "Local authority district",
    "region": "Region",
    "country": "Country",
    "custom": "Custom place",
}


def place_url(place: Place) -> str:
    return core_places.place_url("places:overview", place)


def places_by_kind(places: Sequence[Place]) -> list[dict[str, Any]]:
    groups: dict[str, list[Place]] = {}
    for place in places:
        groups.setdefault(place.kind, []).append(place)
    return [
        {
            "kind": kind,
            "heading": KIND_HEADINGS.get(kind, kind),
            "count": len(members),
            "table": table(
                ["Place", "Code", "Districts"],
                [
                    [
                        format_html('<a class="govuk-link" href="{}">{}</a>', place_url(p), p.name),
                        p.code,
                        len(p.districts),
                    ]
                    for p in members
                ],
                caption=f"{KIND_HEADINGS.get(kind, kind)} ({len(members):,})",
            ),
        }
        for kind, members in groups.items()
    ]


def districts_table(place: Place) -> GovUKTable:
    return table(
        ["District", "Code"],
        [[d.name, d.code] for d in place.districts],
        caption=f"The {len(place.districts)} districts of {place.name}"
        if len(place.districts) != 1
        else f"{place.name} is one district",
        first_cell_is_header=True,
        attributes={"data-testid": "districts"},
    )


def decile_table(items: Sequence[Any], total: int) -> GovUKTable:
    return table(
        ["IMD 2025 decile", "LSOAs", "Share of the place's LSOAs"],
        [
            [
                item.label,
                item.count,
                {"text": f"{100 * item.count / total:.1f}%" if total else "–", "format": "numeric"},
            ]
            for item in items
        ],
        caption="LSOAs in each decile of deprivation",
        caption_size="s",
        first_cell_is_header=True,
    )


def complete_map_or_none(place: Place, lsoas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The LSOAs to map, or [] unless boundaries cover every district of the place (England
    contains Liverpool City Region's bundled boundaries, but a map of only those would mislead)."""
    mapped = {lsoa["lad_code"] for lsoa in lsoas}
    return lsoas if mapped and mapped >= set(place.district_codes) else []


def overview_context(
    con: duckdb.DuckDBPyConnection, place: Place, lsoas: list[dict[str, Any]]
) -> dict[str, Any]:
    """Everything the overview template shows, from the warehouse, for one place."""
    deciles = [lsoa["decile"] for lsoa in lsoas] if lsoas else lsoa_deciles(con, place)
    items = decile_legend(deciles)
    known = sum(1 for d in deciles if d is not None)
    share = most_deprived_share(con, place, deciles)
    context: dict[str, Any] = {
        "place": place,
        "kind_label": KIND_LABELS.get(place.kind, "Place"),
        "districts_table": districts_table(place),
        "figures": [*headline_figures(con, place), share],
        "legend": items,
        "decile_table": decile_table(items, known) if known else None,
        "lsoa_count": known,
        "imd_provenance": Provenance.of(con, [IMD_DATASET]),
        "map_svg": None,
        "diagnose_url": core_places.place_url("diagnose:place", place),
        "custom": core_places.custom_note(place),
    }
    if lsoas:
        svg = lsoa_choropleth(
            lsoas,
            chart_id="deprivation-map",
            key=False,
            title=f"Map of {place.name}'s {len(lsoas):,} neighbourhoods (LSOAs) by deprivation",
            description=_map_description(place, items, share.value),
            district_names={d.code: d.name for d in place.districts},
        )
        context["map_svg"] = mark_safe(svg)  # noqa: S308 (the chart escapes every text it draws)
    return context


def _map_description(place: Place, items: Sequence[Any], share: str | None) -> str:
    counts = ", ".join(f"decile {i.decile}: {i.count}" for i in items)
    return (
        f"Each LSOA in {place.name} is shaded by its Index of Multiple Deprivation 2025 decile, "
        f"from 1 (most deprived 10% in England, darkest, hatched) to 10 (least deprived, "
        f"lightest). {share or 'An unknown share'} of its LSOAs are in the most deprived 10%. "
        f"LSOAs per decile: {counts}."
    )


def custom_form_context(
    con: duckdb.DuckDBPyConnection, form: core_places.CustomPlaceForm, ticked: list[str]
) -> dict[str, Any]:
    """The "Make a custom place" form and its districts, as checkboxes grouped by region."""
    return {"form": form, "district_groups": district_groups(con, ticked)}


def district_groups(con: duckdb.DuckDBPyConnection, ticked: list[str]) -> list[dict[str, Any]]:
    """Every district as a checkbox, by region and then by name, ``ticked`` ones checked. The
    first has the field's id, so the error summary's link lands on it."""
    regions = [(r.name, list(r.districts)) for r in list_places(con, "region")]
    placed = {d.code for _, districts in regions for d in districts}
    others = [p.districts[0] for p in list_places(con, "district") if p.code not in placed]
    if others:
        regions.append(("Other districts", others))
    chosen = {t.strip().upper() for t in ticked}
    groups, first = [], True
    for region, districts in regions:
        items = []
        for d in sorted(districts, key=lambda d: d.name):
            item_id = "id_district" if first else f"district-{d.code}"
            items.append({"code": d.code, "name": d.name, "checked": d.code in chosen,
                          "id": item_id})  # fmt: skip
            first = False
        groups.append({"heading": region, "items": items})
    return groups
