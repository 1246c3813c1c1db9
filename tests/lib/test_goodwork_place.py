"""Charter coverage by district and sector; insecure work bounded from the Census; suppliers."""

from __future__ import annotations

import datetime as dt

from greatjobs.geography import resolve_place
from greatjobs.goodwork import (
    CharterRecord,
    CoverageRecord,
    charter_coverage,
    insecure_work,
    supplier_charter_status,
)
from greatjobs.warehouse import dataset_provenance

RECORDS = [
    CoverageRecord("A", "E06000006", "Halton", "Care", 40, "Accredited", True),
    CoverageRecord("B", "E06000006", "Halton", "Hotels", 100, "Aspiring", False),
    CoverageRecord("C", "E08000014", "Sefton", "Hotels", 60, "No tier yet", True),
]


def test_coverage_counts_employers_and_employees_by_district():
    frame = charter_coverage(RECORDS, "district").set_index("district")
    assert frame.loc["Halton"].tolist() == [2, 140, 1, 40]
    assert frame.loc["Sefton"].tolist() == [1, 60, 0, 0]
    assert frame.loc["All"].tolist() == [3, 200, 1, 40]


def test_coverage_by_sector_and_empty():
    frame = charter_coverage(RECORDS, "sector").set_index("sector")
    assert frame.loc["Hotels", "employees_assessed"] == 160
    assert charter_coverage([], "sector").empty


def test_insecure_work_bounds_self_employment_from_the_census(warehouse):
    result = insecure_work(warehouse, resolve_place(warehouse, "Liverpool City Region"))
    d = result.districts.set_index("district")
    # Census 2021 TS066, Liverpool: self-employed without employees 21,852 (not students)
    # + 664 (full-time students); in employment 194,163 + 11,587.
    assert d.loc["Liverpool", "solo_self_employed"] == 21852 + 664
    assert d.loc["Liverpool", "in_employment"] == 194163 + 11587
    assert (
        d.loc["Liverpool City Region", "solo_self_employed"]
        == d.drop("Liverpool City Region")["solo_self_employed"].sum()
    )
    assert (d["low_paid_self_employed_lower"] == 0).all()
    statuses = {c: s for c, s, _ in result.components}
    assert statuses["zero-hours contracts"] == "not measurable offline"
    assert statuses["self-employed below the minimum wage"] == "bounded"


def test_insecure_work_carries_the_census_record_of_the_warehouse(warehouse):
    result = insecure_work(warehouse, resolve_place(warehouse, "Liverpool City Region"))
    record = dataset_provenance(warehouse, result.dataset_id)
    assert result.provenance.datasets == (record,)
    lines = result.provenance.lines()
    assert lines[0].startswith(f"Source: {record.publisher}, {record.title} ({record.vintage})")
    assert f"Licence: {record.licence}." in lines[0]
    assert "Method: docs/methods/good-work.md" in lines


def test_supplier_status_is_the_latest_verified_by_normalised_name():
    records = [
        CharterRecord(
            "Mersey Skills Training Ltd", "lcr-fec", "Aspiring", True, dt.date(2024, 1, 1)
        ),
        CharterRecord("Mersey Skills Training", "lcr-fec", "Accredited", True, dt.date(2025, 1, 1)),
        CharterRecord(
            "Mersey Skills Training", "lcr-fec", "No tier yet", False, dt.date(2025, 6, 1)
        ),
    ]
    status = supplier_charter_status("MERSEY SKILLS TRAINING LIMITED", records)
    assert (status.status, status.tier_name) == ("verified", "Accredited")
    assert status.has_verified_tier
    pending = supplier_charter_status(
        "New Co", [CharterRecord("New Co", "gm-gec", "Member", False, dt.date(2025, 1, 1))]
    )
    assert pending.status == "awaiting verification" and pending.tier_name is None
