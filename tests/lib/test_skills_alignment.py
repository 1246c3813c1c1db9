"""Provision against priority sectors (the visitor economy first) and employment growth."""

from __future__ import annotations

import pytest

from greatjobs.geography import resolve_place
from greatjobs.skills import illustrative_records_path, import_records
from greatjobs.skills.alignment import employment_growth, provision_alignment, ssa_divisions


def test_every_ssa_maps_to_real_divisions(warehouse):
    known = {r[0] for r in warehouse.execute("SELECT division FROM core.sic_division").fetchall()}
    mapping = ssa_divisions(warehouse)
    assert mapping["Hospitality and Catering"] == ["55", "56"]
    assert len(mapping["Engineering and Manufacturing Technologies"]) == 24  # section C: 10-33
    assert all(d in known for divs in mapping.values() for d in divs)


def test_alignment_puts_the_visitor_economy_first_with_demand(warehouse):
    lcr = resolve_place(warehouse, "Liverpool City Region")
    records = import_records(illustrative_records_path()).records
    frame = provision_alignment(warehouse, lcr, records)
    visitor = frame[frame["visitor_economy"]]
    assert list(frame.index[: len(visitor)]) == list(visitor.index)
    hosp = frame.set_index("sector_subject_area").loc["Hospitality and Catering"]
    assert hosp["starts"] == 180 and hosp["priority_sectors"] == "Visitor economy"
    first, latest, y0, y1, area = employment_growth(warehouse, lcr, ["55", "56"])
    assert (y0, y1) == (2015, 2021) and "UKD7" in area
    assert hosp["employment_growth_pct"] == pytest.approx(100 * (latest - first) / first)
    cross = frame.set_index("sector_subject_area").loc["Preparation for Life and Work"]
    assert cross["sic_divisions"] == "cross-sector" and cross["priority_sectors"] == ""
