"""THE verification test: our A, L and Type I multipliers against ONS's own published sheets.

ONS publish, in the same workbook as the flows (IOT sheet), the coefficient matrix (A), the Type I
Leontief inverse and Type I effects and multipliers. We recompute each from the IOT sheet alone and
require every entry to agree to 1e-6 (they agree to about 1e-15: the IOT sheet's output row is
published in whole £m and ONS's A is exactly Z / x with those outputs, so no rounding intervenes).
The sheets are read from the warehouse, where the impact build step put them: the warehouse holds
exactly what the workbook does (checked here too).
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from greatjobs.errors import DataError
from greatjobs.home import Home
from greatjobs.impact import leontief as leo
from greatjobs.impact.ioat import IOAT_COPY_NOTE, IOAT_DATASET, N_INDUSTRIES, read_ioat
from greatjobs.impact.ioat_workbook import read_workbook
from greatjobs.impact.regional import model_provenance
from greatjobs.sources.catalogue import Catalogue
from greatjobs.warehouse import open_warehouse

TOL = 1e-6


@pytest.fixture(scope="module")
def tables(built_home: Home):
    with open_warehouse(built_home) as con:
        return read_ioat(con)


@pytest.fixture(scope="module")
def computed(tables):
    A = leo.calc_A(tables.Z, tables.output)
    return A, leo.calc_L(A)


def test_tables_have_105_industries_and_are_read_once(tables, warehouse):
    assert len(tables.codes) == N_INDUSTRIES == tables.Z.shape[0] == tables.Z.shape[1]
    assert tables.codes[0] == "A01" and tables.codes[-1] == "T97"
    assert "F41, F42 & F43" in tables.codes  # double spaces in the sheet are normalised
    assert read_ioat(warehouse) is tables  # cached: read from the warehouse once per process


def test_the_warehouse_holds_exactly_what_the_workbook_does(tables):
    catalogue = Catalogue.load()
    dataset = catalogue.get(IOAT_DATASET)
    book = read_workbook(catalogue.verify(dataset), dataset)
    assert (book.codes, book.names) == (tables.codes, tables.names)
    for name in ("Z", "output", "published_A", "published_L"):
        assert np.array_equal(getattr(book, name), getattr(tables, name)), name
    for key, values in book.primary.items():
        assert np.array_equal(values, tables.primary[key]), key
    for name in ("final_demand", "published_effects", "published_multipliers"):
        pd.testing.assert_frame_equal(getattr(book, name), getattr(tables, name), check_exact=True)
    assert tables.source.sha256 == dataset.sha256


def test_every_A_coefficient_matches_the_published_A_sheet(tables, computed):
    A, _ = computed
    diff = np.abs(A - tables.published_A)
    assert diff.max() < TOL, f"max |A - A_ONS| = {diff.max():.3g}"
    assert diff.max() < 1e-12  # in fact to machine precision


def test_every_leontief_entry_matches_the_published_inverse(tables, computed):
    _, L = computed
    diff = np.abs(L - tables.published_L)
    assert diff.max() < TOL, f"max |L - L_ONS| = {diff.max():.3g}"
    from_published_A = np.abs(leo.calc_L(tables.published_A) - tables.published_L)
    assert from_published_A.max() < TOL
    assert diff.max() < 2e-15 and from_published_A.max() < 2e-15  # as IOAT_COPY_NOTE says


def test_the_faces_say_the_workbook_is_a_third_party_copy_as_its_properties_show(warehouse):
    catalogue = Catalogue.load()
    path = catalogue.verify(catalogue.get(IOAT_DATASET))
    props = openpyxl.load_workbook(path, read_only=True).properties
    assert props.lastModifiedBy != props.creator  # re-saved by someone other than its author
    for said in (props.creator, props.lastModifiedBy, f"{props.created:%Y-%m-%d}",
                 f"{props.modified:%Y-%m-%d}"):  # fmt: skip
        assert f"{said}" in IOAT_COPY_NOTE
    assert "re-saved by a third party" in IOAT_COPY_NOTE
    assert IOAT_COPY_NOTE in model_provenance(warehouse, None).lines()


def _direct_coefficients(tables, A):
    x = tables.output
    per = {k: tables.coefficient(k) for k in ("imports", "product_taxes", "D1", "GOS & MI",
                                               "D29-D39", "GVA")}  # fmt: skip
    per["intermediate_basic"] = A.sum(axis=0)
    per["intermediate_purchasers"] = (
        per["intermediate_basic"] + per["imports"] + per["product_taxes"]
    )
    per["P1"] = np.where(x > 0, 1.0, 0.0)
    return per


def test_type_i_effects_match_the_effects_sheet(tables, computed):
    A, L = computed
    direct = _direct_coefficients(tables, A)
    for column in tables.published_effects.columns:
        ours = leo.effects(direct[column], L)
        diff = np.abs(ours - tables.published_effects[column].to_numpy())
        assert diff.max() < TOL, f"{column}: max diff {diff.max():.3g}"


def test_type_i_multipliers_match_the_multipliers_sheet(tables, computed):
    """The sheet defines a multiplier as the ratio of total to direct impact."""
    A, L = computed
    direct = _direct_coefficients(tables, A)
    checked = 0
    for column in tables.published_multipliers.columns:
        published = tables.published_multipliers[column].to_numpy()
        ours = (
            leo.output_multipliers(L)
            if column == "P1"
            else leo.ratio_multipliers(direct[column], L)
        )
        shown = np.isfinite(published)
        diff = np.abs(ours[shown] - published[shown])
        assert diff.max() < TOL, f"{column}: max diff {diff.max():.3g}"
        # '.' in the sheet = no direct coefficient: we give NaN there too (not a made-up number)
        assert np.all(np.isnan(ours[~shown]) | (direct[column][~shown] != 0))
        checked += int(shown.sum())
    assert checked > 800  # nearly all 8 x 105 published multipliers were compared


def test_the_comparison_can_fail(tables):
    """A 1% error in a single flow must be detected (the tolerance is not vacuous)."""
    Z = tables.Z.copy()
    Z[10, 20] *= 1.01
    L = leo.calc_L(leo.calc_A(Z, tables.output))
    assert np.abs(L - tables.published_L).max() > TOL


def test_output_multipliers_are_column_sums():
    A = np.array([[0.2, 0.3], [0.1, 0.4]])
    L = leo.calc_L(A)
    # (I - A)^-1 by hand: det = 0.8*0.6 - 0.3*0.1 = 0.45
    np.testing.assert_allclose(L, np.array([[0.6, 0.3], [0.1, 0.8]]) / 0.45)
    np.testing.assert_allclose(leo.output_multipliers(L), [0.7 / 0.45, 1.1 / 0.45])


def test_zero_output_gives_a_zero_column_and_negative_output_is_an_error():
    A = leo.calc_A(np.array([[1.0, 0.0], [2.0, 0.0]]), np.array([10.0, 0.0]))
    np.testing.assert_allclose(A, [[0.1, 0.0], [0.2, 0.0]])
    with pytest.raises(DataError, match="negative"):
        leo.calc_A(np.ones((2, 2)), np.array([1.0, -1.0]))


@pytest.mark.parametrize(
    ("A", "message"),
    [
        ([[0.5, 0.6], [0.6, 0.5]], "not productive: its spectral radius is 1.1"),
        ([[0.0, 1.0], [1.0, 0.0]], "singular"),
        ([[0.9, -0.5], [0.5, 0.9]], "not productive"),
        ([[0.1, np.nan], [0.0, 0.1]], "missing or infinite"),
        ([[0.1, 0.2, 0.3]], "square"),
    ],
)
def test_non_productive_or_singular_A_is_a_clear_error(A, message):
    with pytest.raises(DataError, match=message):
        leo.calc_L(np.array(A, dtype=float))


def test_type_ii_closure_matches_the_partitioned_inverse():
    """Top-left block of (I - Ā)^-1 = (I - A - h_c h_r)^-1 (Miller & Blair §6.1)."""
    A = np.array([[0.15, 0.25], [0.20, 0.05]])
    h_r = np.array([0.30, 0.25])
    h_c = np.array([0.40, 0.35])
    L2 = leo.calc_L_type_ii(A, h_r, h_c)
    np.testing.assert_allclose(L2[:2, :2], np.linalg.inv(np.eye(2) - A - np.outer(h_c, h_r)))
    assert np.all(L2[:2, :2] >= leo.calc_L(A))


def test_type_ii_uk_multipliers_exceed_type_i(tables, computed):
    A, L = computed
    h_r = tables.coefficient("D1")
    h_c = tables.final_demand["P3 S14"].to_numpy() / tables.primary["D1"].sum()
    L2 = leo.calc_L_type_ii(A, h_r, h_c)[:N_INDUSTRIES, :N_INDUSTRIES]
    assert np.all(leo.output_multipliers(L2) >= leo.output_multipliers(L) - 1e-12)
    assert 0.85 < h_c.sum() < 0.95  # domestic household spending per £ of compensation, 2019


def test_type_ii_block_without_a_second_inversion_agrees(tables, computed):
    A, L = computed
    h_r = tables.coefficient("D1")
    h_c = tables.final_demand["P3 S14"].to_numpy() / tables.primary["D1"].sum()
    full = leo.calc_L_type_ii(A, h_r, h_c)[:N_INDUSTRIES, :N_INDUSTRIES]
    np.testing.assert_allclose(leo.type_ii_block(L, h_r, h_c), full, rtol=0, atol=1e-10)
    with pytest.raises(DataError, match="household-closed model is not productive"):
        leo.type_ii_block(L, h_r * 10, h_c)
