"""LM3 inputs: supplier re-spend coefficients (NEF's documented defaults in ``lm3.toml``, or a
supplier survey CSV) and, optionally, the anchor's own staff pay (from a staff survey)."""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class StaffPay:
    """The anchor's own staff, which NEF's LM3 counts as well as its suppliers: total pay (round 1),
    pay to staff living in the place (round 2) and the share of that pay they spend in the place
    (round 3). The share comes from a survey of the staff: there is no sourced default."""

    total_gbp: Decimal
    local_gbp: Decimal
    local_spend_share: float

    def __post_init__(self) -> None:
        problems = staff_pay_problems(self.total_gbp, self.local_gbp, self.local_spend_share)
        if problems:
            raise DataError(" ".join(problems.values()))

    @property
    def local_spend_gbp(self) -> Decimal:
        """What staff living in the place spend there: their pay times the surveyed share."""
        share = Decimal(str(self.local_spend_share))
        return (self.local_gbp * share).quantize(Decimal("0.01"))


def staff_pay_problems(
    total: Decimal | None, local: Decimal | None, share: float | None
) -> dict[str, str]:
    """What stops the staff inputs being used, by input (``total``, ``local``, ``share``).

    Empty when all three are given and consistent, or when none is given (staff not counted).
    """
    if total is None and local is None and share is None:
        return {}
    problems: dict[str, str] = {}
    if total is None:
        problems["total"] = "Give the total staff pay (£) too: LM3's round 1 counts all of it."
    elif total < 0:
        problems["total"] = "Total staff pay cannot be negative."
    if local is None:
        problems["local"] = (
            "Give the pay to staff living in the place (£) too: 0 if none of them live there."
        )
    elif local < 0:
        problems["local"] = "Pay to staff living in the place cannot be negative."
    elif total is not None and local > total:
        problems["local"] = (
            f"Pay to staff living in the place (£{local:,.2f}) cannot be more than the total "
            f"staff pay (£{total:,.2f})."
        )
    if share is None:
        problems["share"] = (
            "Give the share of their pay that staff living in the place spend there (0 to 1), "
            "from a survey of your staff: greatjobs has no sourced default for it."
        )
    elif not 0 <= share <= 1:
        problems["share"] = (
            "The share of their pay that staff living in the place spend there must be from 0 "
            "to 1 (0.4 for 40%)."
        )
    return problems


_POUNDS = re.compile(r"(-?)£?\s*(\d[\d,]*(?:\.\d{1,2})?|\.\d{1,2})\s*(k|m|bn)?")
_SCALE = {"": 1, "k": 1000, "m": 10**6, "bn": 10**9}


def parse_pounds(text: str) -> Decimal:
    """An amount of pounds as people write it: '12500000', '£12,500,000.00', '£12.5m', '750k'.

    Raises ValueError for anything else (a negative amount parses, for a clearer refusal later).
    """
    match = _POUNDS.fullmatch(text.strip().lower().replace("−", "-"))
    if not match:
        raise ValueError(text)
    sign, number, scale = match.groups()
    value = Decimal(number.replace(",", "")) * _SCALE[scale or ""]
    return (-value if sign else value).quantize(Decimal("0.01"))
