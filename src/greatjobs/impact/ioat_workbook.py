"""Reading the ONS IOAT workbook (``ons_uk_ioat_2019_nasu1719in``): used by the impact build step.

Sheets read:

* ``IOT``: flows Z (domestic use), final demand columns, primary inputs and total output rows;
* ``A``: ONS's matrix of coefficients ("direct input requirements per unit of output");
* ``Leontief``: ONS's Type I Leontief inverse ("total input requirements per unit of final use");
* ``Effects``: Type I effects ("total impacts per unit of final use");
* ``Multipliers``: Type I multipliers, defined in the sheet as the "ratio of direct to total
  impact from final use of an industry", i.e. total effect / direct coefficient ('.' where the
  direct coefficient is zero, '..' where ONS judged it too small; both are read as NaN).

In the ``IOT`` sheet the primary-input and output rows are published as whole £ million while the
flows carry full precision; the published ``A`` sheet is exactly ``Z / x`` with those rounded
outputs, so recomputing A and L from the ``IOT`` sheet reproduces ONS's sheets to machine precision
(see ``tests/lib/test_ioat.py`` and ``docs/methods/impact.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

from greatjobs.errors import DataError
from greatjobs.impact.ioat import (
    EFFECT_COLUMNS,
    FINAL_DEMAND,
    MULTIPLIER_COLUMNS,
    N_INDUSTRIES,
    PRIMARY_ROWS,
    IOTables,
)
from greatjobs.impact.leontief import Array
from greatjobs.sources.catalogue import Dataset

SHEETS = ("IOT", "A", "Leontief", "Effects", "Multipliers")


def _number(value: Any) -> float:
    if value is None or (isinstance(value, str) and value.strip() in {".", "..", ""}):
        return float("nan")
    if isinstance(value, int | float):
        return float(value)
    raise DataError(f"Unexpected non-numeric cell {value!r} in the IOAT workbook.")


def _label(value: Any) -> str:
    return " ".join(str(value or "").replace("\xa0", " ").split())


def _industry_block(rows: list[tuple[Any, ...]], sheet: str) -> tuple[list[str], int, list[str]]:
    """(column labels of the header row, first data row, industry codes down the rows)."""
    header = next((i for i, r in enumerate(rows) if _label(r[1]) == "SIC"), None)
    start = next(
        (i + 1 for i, r in enumerate(rows) if _label(r[0]) == "SIC" and _label(r[1]) == "Industry"),
        None,
    )
    if start is None:
        raise DataError(f"IOAT sheet {sheet!r}: the 'SIC' / 'Industry' header row is missing.")
    codes = [_label(r[0]) for r in rows[start : start + N_INDUSTRIES]]
    labels = [] if header is None else [_label(c) for c in rows[header]]
    return labels, start, codes


def _matrix(rows: list[tuple[Any, ...]], start: int, first_col: int, ncol: int) -> Array:
    block = [r[first_col : first_col + ncol] for r in rows[start : start + N_INDUSTRIES]]
    return np.array([[_number(v) for v in r] for r in block], dtype=float)


def read_workbook(path: Path, source: Dataset) -> IOTables:
    """The tables in the IOAT workbook at ``path`` (``source``: its provenance record)."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: cannot read the IOAT workbook ({exc}).") from exc
    try:
        sheets = {n: list(book[n].iter_rows(values_only=True)) for n in SHEETS}
    except KeyError as exc:
        raise DataError(f"{path}: IOAT workbook lacks sheet {exc}.") from exc
    finally:
        book.close()

    iot = sheets["IOT"]
    cols, start, codes = _industry_block(iot, "IOT")
    if len(codes) != N_INDUSTRIES or codes[0] != "A01" or cols[2 : 2 + N_INDUSTRIES] != codes:
        raise DataError(f"{path}: IOT sheet does not hold the expected 105 x 105 industry block.")
    names = tuple(_label(r[1]) for r in iot[start : start + N_INDUSTRIES])
    Z = _matrix(iot, start, 2, N_INDUSTRIES)
    by_label = {_label(r[1]): r for r in iot[start + N_INDUSTRIES :] if r[1]}
    try:
        output = np.array([_number(v) for v in by_label["Total output at basic prices"][2:107]])
        primary = {
            k: np.array([_number(v) for v in by_label[label][2:107]])
            for k, label in PRIMARY_ROWS.items()
        }
        fd_cols = [cols.index(c) for c in FINAL_DEMAND]
    except (KeyError, ValueError) as exc:
        raise DataError(f"{path}: IOT sheet lacks row or column {exc}.") from exc
    final_demand = pd.DataFrame(
        {
            c: [_number(r[j]) for r in iot[start : start + N_INDUSTRIES]]
            for c, j in zip(FINAL_DEMAND, fd_cols, strict=True)
        },
        index=pd.Index(codes, name="code"),
    )

    derived = {}
    for sheet, width in (("A", N_INDUSTRIES), ("Leontief", N_INDUSTRIES)):
        _, s_start, s_codes = _industry_block(sheets[sheet], sheet)
        if s_codes != codes:
            raise DataError(f"{path}: sheet {sheet!r} lists industries in a different order.")
        derived[sheet] = _matrix(sheets[sheet], s_start, 2, width)
    frames = {}
    for sheet, names_ in (("Effects", EFFECT_COLUMNS), ("Multipliers", MULTIPLIER_COLUMNS)):
        _, s_start, s_codes = _industry_block(sheets[sheet], sheet)
        if s_codes != codes:
            raise DataError(f"{path}: sheet {sheet!r} lists industries in a different order.")
        values = _matrix(sheets[sheet], s_start, 2, len(names_))
        frames[sheet] = pd.DataFrame(values, index=pd.Index(codes, name="code"), columns=names_)
    if not (np.all(np.isfinite(Z)) and np.all(np.isfinite(output))):
        raise DataError(f"{path}: IOT flows or outputs have blank or non-numeric cells.")
    return IOTables(
        tuple(codes),
        names,
        Z,
        output,
        primary,
        final_demand,
        derived["A"],
        derived["Leontief"],
        frames["Effects"],
        frames["Multipliers"],
        source,
    )
