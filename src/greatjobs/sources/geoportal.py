"""ONS Open Geography Portal client (ArcGIS REST FeatureServer) and the live lookups.

A lookup layer is queried as ``<service>/FeatureServer/0/query?where=1%3D1&outFields=*&f=json``.
The answer is JSON: ``objectIdFieldName``, ``fields`` (name, type, alias…), ``features`` (each
``{"attributes": {field: value}}``) and, when the server stopped at its page limit (often 1,000 or
2,000 records), ``"exceededTransferLimit": true``; the next page is asked for with
``resultOffset=<records so far>``. Errors come back as HTTP 200 with ``{"error": {…}}``.

Field names carry the vintage (``LAD25CD``, ``CAUTH25NM``), so they are matched by pattern and
renamed to the columns of the bundled dataset each lookup replaces: the refresh is a drop-in
override, and the real vintage is written into its provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests

from greatjobs.errors import NetworkError
from greatjobs.sources.http import FetchedTable, Params, fetch_json, full_url, sha256_of

SERVICES_BASE = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"
"""The ONS Open Geography Portal's hosted feature services."""
PUBLISHER = "Office for National Statistics"
MAX_PAGES = 500


@dataclass(frozen=True)
class GeoportalSpec:
    """One live lookup: which feature service, and how its fields map onto our columns."""

    name: str
    dataset_id: str
    service: str
    title: str
    description: str
    fields: tuple[tuple[str, str], ...]
    """``(pattern, column)`` pairs: a field whose name matches ``pattern`` (``yy`` standing for the
    two-digit year) becomes ``column``. The first pattern's year is the vintage."""
    refreshes: str | None = None
    page_url: str = "https://geoportal.statistics.gov.uk/"
    caveats: str = ""
    layer: int = 0

    @property
    def publisher(self) -> str:
        return f"{PUBLISHER} (Open Geography Portal)"

    @property
    def api(self) -> str:
        return f"ArcGIS FeatureServer {self.service}"

    def query_url(self) -> str:
        return f"{SERVICES_BASE}/{self.service}/FeatureServer/{self.layer}/query"

    def fetch(self, session: requests.Session) -> FetchedTable:
        return fetch_geoportal(self, session)


GEOPORTAL_SPECS: tuple[GeoportalSpec, ...] = (
    GeoportalSpec(
        name="lad-cauth",
        dataset_id="ons_ltla23_cauth23_lookup_england",
        service="LAD25_CAUTH25_EN_LU",
        title="ONS Open Geography Portal: Local Authority District to Combined Authority lookup "
        "in England, latest (LAD25 → CAUTH25), live from the ArcGIS feature service",
        description="LAD → combined authority lookup, England (latest year)",
        fields=(
            (r"LADyyNM", "ltla23_name"),
            (r"LADyyCD", "ltla23_code"),
            (r"CAUTHyyNM", "cauth23_name"),
            (r"CAUTHyyCD", "cauth23_code"),
        ),
        refreshes="ons_ltla23_cauth23_lookup_england",
        caveats="Only LADs inside a combined authority are listed. Column names are those of the "
        "bundled 2023 lookup it replaces; the codes and names are of the vintage in `vintage`.",
    ),
    GeoportalSpec(
        name="lad-region",
        dataset_id="ons_ltla24_region24_lookup_england",
        service="LAD24_RGN24_EN_LU",
        title="ONS Open Geography Portal: Local Authority District to Region lookup in England "
        "(LAD24 → RGN24), live from the ArcGIS feature service",
        description="LAD → region lookup, England",
        fields=(
            (r"LADyyNM", "ltla24_name"),
            (r"LADyyCD", "ltla24_code"),
            (r"RGNyyNM", "region24_name"),
            (r"RGNyyCD", "region24_code"),
        ),
        refreshes="ons_ltla24_region24_lookup_england",
        caveats="Column names are those of the bundled lookup it replaces; the codes and names "
        "are of the vintage in `vintage`.",
    ),
)


def fetch_geoportal(spec: GeoportalSpec, session: requests.Session) -> FetchedTable:
    """Every record of a lookup layer, following ``exceededTransferLimit`` page by page."""
    url = spec.query_url()
    params: Params = {"where": "1=1", "outFields": "*", "returnGeometry": "false", "f": "json"}
    origin = full_url(url, params)
    records: list[dict[str, Any]] = []
    field_names: list[str] | None = None
    bodies: list[bytes] = []
    for _ in range(MAX_PAGES):
        page: Params = {**params, "resultOffset": len(records)}
        shown = full_url(url, page)
        answer, body = fetch_json(session, url, page)
        bodies.append(body)
        names, features, more = _parse_page(answer, shown)
        field_names = field_names or names
        records.extend(features)
        if not more:
            break
        if not features:
            raise NetworkError(f"{shown}: the server said there was more but sent no records.")
    else:
        raise NetworkError(f"{origin}: still more records after {MAX_PAGES} pages; giving up.")
    if not records:
        raise NetworkError(f"{origin}: the layer returned no records.")
    mapping, year = _map_fields(spec, field_names or [], origin)
    rows = sorted(
        ([_text(record.get(source)) for source, _ in mapping] for record in records),
        key=lambda row: [value or "" for value in row],
    )
    renamed = ", ".join(f"{source}→{column}" for source, column in mapping)
    return FetchedTable(
        dataset_id=spec.dataset_id,
        title=spec.title,
        publisher=PUBLISHER,
        vintage=f"20{year} ({spec.service}; field names {', '.join(s for s, _ in mapping)})",
        url=spec.page_url,
        origin=origin,
        columns=[column for _, column in mapping],
        rows=rows,
        source_sha256=sha256_of(bodies),
        caveats=spec.caveats,
        transformations=[
            f"Fetched from the ArcGIS feature service {spec.service} in {len(bodies)} page(s) "
            "(resultOffset, following exceededTransferLimit)",
            f"fields renamed to the bundled dataset's columns: {renamed}; other fields dropped",
            "values stripped of surrounding spaces; rows sorted by every column",
            "converted to Parquet (zstd), all columns as text, empty values as null",
        ],
    )


def _parse_page(answer: Any, shown: str) -> tuple[list[str], list[dict[str, Any]], bool]:
    if not isinstance(answer, dict):
        raise NetworkError(f"{shown}: the answer is not an ArcGIS query result (not an object).")
    if "error" in answer:
        error = answer["error"] if isinstance(answer["error"], dict) else {}
        details = "; ".join(str(d) for d in error.get("details") or [])
        raise NetworkError(
            f"{shown}: the ArcGIS server reported error {error.get('code', '?')}: "
            f"{error.get('message', answer['error'])}" + (f" ({details})" if details else "") + "."
        )
    features = answer.get("features")
    fields = answer.get("fields")
    if not isinstance(features, list) or not isinstance(fields, list):
        raise NetworkError(
            f"{shown}: the answer is not an ArcGIS query result (no 'features' or 'fields' list)."
        )
    try:
        names = [str(f["name"]) for f in fields]
        attributes = [dict(f["attributes"]) for f in features]
    except (KeyError, TypeError, ValueError) as exc:
        raise NetworkError(f"{shown}: a field or feature is malformed ({exc!r}).") from exc
    return names, attributes, bool(answer.get("exceededTransferLimit", False))


def _map_fields(
    spec: GeoportalSpec, names: list[str], origin: str
) -> tuple[list[tuple[str, str]], str]:
    mapping: list[tuple[str, str]] = []
    years: list[str] = []
    for pattern, column in spec.fields:
        regex = re.compile(pattern.replace("yy", r"(\d{2})"), re.IGNORECASE)
        found = [(n, m.group(1)) for n in names if (m := regex.fullmatch(n))]
        if len(found) != 1:
            raise NetworkError(
                f"{origin}: expected one field like {pattern} for {column}, found "
                f"{[n for n, _ in found] or 'none'} among {names}."
            )
        mapping.append((found[0][0], column))
        years.append(found[0][1])
    return mapping, years[0]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
