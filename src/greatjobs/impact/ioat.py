"""The ONS UK Input-Output Analytical Tables (IOATs), 2019, as built into the warehouse.

Dataset ``ons_uk_ioat_2019_nasu1719in`` (industry by industry, 105 industries, £ million, basic
prices, domestic use). The impact build step reads the workbook
(:mod:`greatjobs.impact.ioat_workbook`) into

* ``core.ioat_industry(position, code, name)``: the industries, in the workbook's order;
* ``core.ioat_matrix(matrix, row_code, column_code, value)``: ``Z`` (domestic intermediate use,
  £m; row: supplier, column: buyer) and ONS's own ``A`` and ``L`` (Type I Leontief inverse);
* ``core.ioat_value(part, item, code, value)``: one value per industry for each ``item`` of a
  ``part``: ``output`` (``P1``), ``primary`` (:data:`PRIMARY_ROWS`), ``final_demand``
  (:data:`FINAL_DEMAND`), and ONS's Type I ``effects`` (:data:`EFFECT_COLUMNS`) and
  ``multipliers`` (:data:`MULTIPLIER_COLUMNS`; NULL where the sheet shows '.' or '..').

Values are stored as doubles, so :func:`read_ioat` gives back exactly what the workbook holds; ONS's
derived sheets come along so the model can be checked against them (``tests/lib/test_ioat.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from greatjobs.errors import DataError, NotFoundError
from greatjobs.impact.leontief import Array
from greatjobs.sources.catalogue import Dataset
from greatjobs.text import close_matches
from greatjobs.warehouse import dataset_provenance

IOAT_DATASET = "ons_uk_ioat_2019_nasu1719in"
IOAT_COPY_NOTE = (
    "The IOAT workbook is a copy re-saved by a third party, not the file as ONS serves it: its "
    "document properties give creator 'Grube Doiz, Julen' (ONS), created 2023-03-01, last "
    "modified by 'Christian Spence' on 2023-04-18. Its values are checked against ONS's own "
    "sheets in it: the Leontief inverse recomputed from the IOT sheet matches the published "
    "Leontief sheet within 2e-15 (docs/methods/impact.md)."
)
"""What the vendored workbook is, from its own metadata (``tests/lib/test_ioat.py`` reads them)."""
BRES_IOAT_LOOKUP = "bres_ioat_lookup"
"""The IOAT industry of SIC 2007 codes (built into ``core.ioat_sic_lookup``)."""
N_INDUSTRIES = 105
PRIMARY_ROWS = {
    "imports": "Use of imported products, cif",
    "product_taxes": "Taxes less subsidies on products",
    "D1": "Compensation of employees",
    "GOS & MI": "Gross operating surplus and mixed income",
    "D29-D39": "Taxes less subsidies on production",
    "GVA": "Gross value added",
}
FINAL_DEMAND = (
    "P3 S1",
    "P3 S13",
    "P3 S14",
    "P3 S15",
    "P51G",
    "P52",
    "P53",
    "P61EU",
    "P61RW",
    "P62",
)
EFFECT_COLUMNS = (
    "intermediate_basic",
    "imports",
    "product_taxes",
    "intermediate_purchasers",
    "D1",
    "GOS & MI",
    "D29-D39",
    "GVA",
    "P1",
)
MULTIPLIER_COLUMNS = (
    "intermediate_basic",
    "imports",
    "product_taxes",
    "intermediate_purchasers",
    "D1",
    "GOS & MI",
    "GVA",
    "P1",
)


@dataclass(frozen=True, eq=False)
class IOTables:
    """One year's industry-by-industry tables, with ONS's own derived sheets for checking."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    Z: Array
    """Domestic intermediate use, £m (row: supplier, column: buyer)."""
    output: Array
    """Total output at basic prices (P1), £m."""
    primary: dict[str, Array]
    """Primary inputs by industry, £m: keys of :data:`PRIMARY_ROWS`."""
    final_demand: pd.DataFrame
    """Domestic final use of each industry's output, £m (columns :data:`FINAL_DEMAND`)."""
    published_A: Array
    published_L: Array
    published_effects: pd.DataFrame
    published_multipliers: pd.DataFrame
    source: Dataset

    def index_of(self, code: str) -> int:
        """Position of an IOAT industry code (exact, or ignoring case and spaces)."""
        wanted = "".join(code.split()).upper()
        for i, c in enumerate(self.codes):
            if "".join(c.split()).upper() == wanted:
                return i
        raise NotFoundError(f"No IOAT industry {code!r}.", close_matches(code, list(self.codes)))

    def coefficient(self, key: str) -> Array:
        """A primary input per £ of output (``key`` from :data:`PRIMARY_ROWS`); 0 where x = 0."""
        return np.divide(
            self.primary[key], self.output, out=np.zeros(N_INDUSTRIES), where=self.output != 0
        )


_read: dict[Dataset, IOTables] = {}


def read_ioat(con: duckdb.DuckDBPyConnection) -> IOTables:
    """The IOATs built into the warehouse, read once per process for each workbook (the tables
    are a function of the workbook alone, and its provenance record carries its SHA-256)."""
    source = dataset_provenance(con, IOAT_DATASET)
    if source not in _read:
        _read[source] = _read_tables(con, source)
    return _read[source]


def _read_tables(con: duckdb.DuckDBPyConnection, source: Dataset) -> IOTables:
    industries = con.execute(
        "SELECT code, name FROM core.ioat_industry ORDER BY position"
    ).fetchall()
    codes = tuple(code for code, _ in industries)
    if len(codes) != N_INDUSTRIES:
        raise DataError(f"core.ioat_industry holds {len(codes)} industries, not {N_INDUSTRIES}.")

    def matrix(name: str) -> Array:
        values = con.execute(
            """
            SELECT m.value FROM core.ioat_matrix m
            JOIN core.ioat_industry r ON r.code = m.row_code
            JOIN core.ioat_industry c ON c.code = m.column_code
            WHERE m.matrix = ? ORDER BY r.position, c.position
            """,
            [name],
        ).df()["value"]
        if len(values) != N_INDUSTRIES**2:
            raise DataError(f"core.ioat_matrix: matrix {name!r} is incomplete; rebuild.")
        return np.array(values, dtype=float).reshape(N_INDUSTRIES, N_INDUSTRIES)

    def part(name: str, items: tuple[str, ...]) -> dict[str, Array]:
        position = {code: i for i, code in enumerate(codes)}
        columns = {item: np.full(N_INDUSTRIES, np.nan) for item in items}
        for item, code, value in con.execute(
            "SELECT item, code, value FROM core.ioat_value WHERE part = ?", [name]
        ).fetchall():
            if value is not None:
                columns[item][position[code]] = value
        return columns

    def frame(name: str, items: tuple[str, ...]) -> pd.DataFrame:
        return pd.DataFrame(part(name, items), index=pd.Index(codes, name="code"))

    return IOTables(
        codes,
        tuple(name for _, name in industries),
        matrix("Z"),
        part("output", ("P1",))["P1"],
        part("primary", tuple(PRIMARY_ROWS)),
        frame("final_demand", FINAL_DEMAND),
        matrix("A"),
        matrix("L"),
        frame("effects", EFFECT_COLUMNS),
        frame("multipliers", MULTIPLIER_COLUMNS),
        source,
    )
