"""LM3 coefficients: NEF's documented defaults (``lm3.toml``) or a supplier survey (CSV)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pandas as pd
import pyarrow as pa

from greatjobs.errors import DataError
from greatjobs.spend.suppliers.normalise import normalise_supplier_name


@dataclass(frozen=True)
class Lm3Coefficients:
    local_supplier_respend: float
    non_local_supplier_respend: float
    source: str
    staff_local_gbp: Decimal = Decimal("0.00")


def default_coefficients() -> Lm3Coefficients:
    data = tomllib.loads(resources.files("greatjobs.spend").joinpath("lm3.toml").read_text("utf-8"))
    return Lm3Coefficients(
        float(data["local_supplier_respend"]),
        float(data["non_local_supplier_respend"]),
        str(data["source"]),
    )


def survey_table(path: Path | None) -> pa.Table:
    """A survey CSV with ``supplier_name`` and ``local_respend_share`` (0-1) per supplier."""
    empty = pa.table(
        {
            "supplier_name_normalised": pa.array([], pa.string()),
            "respend_local": pa.array([], pa.float64()),
        }
    )
    if path is None:
        return empty
    try:
        frame = pd.read_csv(path, dtype=str)
    except (OSError, ValueError) as exc:
        raise DataError(f"Cannot read the LM3 survey {path}: {exc}") from exc
    missing = {"supplier_name", "local_respend_share"} - set(frame.columns)
    if missing:
        raise DataError(
            f"The LM3 survey {path.name} needs columns supplier_name and local_respend_share "
            f"(0 to 1); missing {sorted(missing)}. Columns found: {list(frame.columns)}."
        )
    shares = pd.to_numeric(frame["local_respend_share"], errors="coerce")
    bad = frame[shares.isna() | (shares < 0) | (shares > 1)]
    if not bad.empty:
        raise DataError(
            f"The LM3 survey {path.name}: local_respend_share must be between 0 and 1 "
            f"(rows {', '.join(str(i + 2) for i in bad.index[:10])})."
        )
    return pa.table(
        {
            "supplier_name_normalised": [
                normalise_supplier_name(n) for n in frame["supplier_name"]
            ],
            "respend_local": shares.astype(float).tolist(),
        }
    )
