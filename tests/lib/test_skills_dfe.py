"""Readers for the DfE's provider-level files, on fixtures in their real column formats."""

from __future__ import annotations

import io

import pytest

from greatjobs.errors import DataError
from greatjobs.skills.dfe import provider_totals, read_fe_destinations, read_narts_provider


def test_education_and_training_narts(fixtures_dir):
    frame, kind = read_narts_provider(fixtures_dir / "skills" / "narts_et_provider.csv")
    assert kind == "education and training"
    totals = provider_totals(frame).set_index("provider_ukprn")
    assert totals.loc["19990020", "achievement_rate"] == pytest.approx(0.841)
    assert totals.loc["19990020", "leavers"] == 4210
    low = frame[frame["ssa_tier_1"] == "Leisure, Travel and Tourism"].iloc[0]
    assert low["leavers_symbol"] == "low" and low["achievement_rate_symbol"] == "x"
    assert low["achievement_rate"] != low["achievement_rate"]  # NaN


def test_apprenticeship_narts(fixtures_dir):
    frame, kind = read_narts_provider(fixtures_dir / "skills" / "narts_app_provider.csv")
    assert kind == "apprenticeships"
    assert provider_totals(frame).iloc[0]["achievement_rate"] == pytest.approx(0.594)
    assert frame.iloc[2]["achievers_symbol"] == "c"


def test_fe_destinations_by_provider(fixtures_dir):
    frame = read_fe_destinations(fixtures_dir / "skills" / "fe_destinations_prv01.csv")
    total = frame[(frame["provider_ukprn"] == "19990020") & (frame["provision"] == "Total")].iloc[0]
    assert total["spd_rate"] == pytest.approx(0.78) and total["emp_rate"] == pytest.approx(0.62)
    assert total["sustained_count"] == round(0.78 * 2400)
    assert frame.iloc[2]["spd_percent_symbol"] == "c"


def test_other_files_are_refused_with_the_missing_columns():
    with pytest.raises(DataError, match="not a provider-level NARTs file"):
        read_narts_provider(io.StringIO("a,b\n1,2\n"))
    with pytest.raises(DataError, match="missing columns"):
        read_fe_destinations(io.StringIO("time_period,provider_ukprn\n202122,1\n"))
