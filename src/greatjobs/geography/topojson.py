"""Decode TopoJSON into GeoJSON geometries: pure functions, no files and no warehouse.

A TopoJSON topology stores each boundary line once, as an *arc*; polygons list the arcs of their
rings by index, ``~i`` (that is ``-i - 1``) meaning arc ``i`` walked backwards. A quantised
topology has a ``transform`` (``scale`` and ``translate``) and its arcs are delta-encoded: the
first position of an arc is absolute (in quantised units), each later one is the difference from
the one before. See the TopoJSON specification, sections 2.1.2 to 2.1.4.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Position = list[float]
DECIMALS = 5
"""Coordinates are rounded to five decimal places of a degree (about a metre)."""


def decode_arcs(topology: dict[str, Any], decimals: int = DECIMALS) -> list[list[Position]]:
    """Every arc of ``topology`` as absolute longitude/latitude positions, rounded."""
    transform = topology.get("transform")
    arcs: list[list[Position]] = []
    for arc in topology.get("arcs", []):
        if transform is None:
            points = [[float(p[0]), float(p[1])] for p in arc]
        else:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for p in arc:
                x += p[0]
                y += p[1]
                points.append([x * sx + tx, y * sy + ty])
        arcs.append([[round(px, decimals), round(py, decimals)] for px, py in points])
    return arcs


def _ring(indices: Sequence[int], arcs: list[list[Position]]) -> list[Position]:
    ring: list[Position] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])  # each arc begins where the last one ended
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    return ring


def decode_geometry(geometry: dict[str, Any], arcs: list[list[Position]]) -> dict[str, Any] | None:
    """One TopoJSON geometry (Polygon or MultiPolygon) as a GeoJSON geometry; ``None`` for a
    geometry with no area (null, points, lines)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r, arcs) for r in geometry["arcs"]]}
    if kind == "MultiPolygon":
        polygons = [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        return {"type": "MultiPolygon", "coordinates": polygons}
    return None


def decode_features(
    topology: dict[str, Any], object_name: str, decimals: int = DECIMALS
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The polygons of ``topology["objects"][object_name]`` (a GeometryCollection) as
    ``(properties, GeoJSON geometry)`` pairs in longitude/latitude, in the topology's order."""
    arcs = decode_arcs(topology, decimals)
    collection = topology["objects"][object_name]
    members = collection.get("geometries", [collection])
    out = []
    for member in members:
        geometry = decode_geometry(member, arcs)
        if geometry is not None:
            out.append((dict(member.get("properties") or {}), geometry))
    return out
