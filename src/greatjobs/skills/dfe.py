"""Readers for the DfE's published provider-level files, in their real column formats.

* National Achievement Rates Tables (NARTs), provider level, from Explore Education Statistics:
  - education and training ("Achievement Rates - Providers by Age, Qualification Type, Level,
    SSA"): ``provider_name, provider_ukprn, provider_type, age_band, sector_subject_area_t1,
    qualification_type, qualification_level, leavers, completers, achievers, retention_rate,
    pass_rate, achievement_rate``;
  - apprenticeships (``app_narts_provider_level_fwk_std``): ``provider_name, provider_ukprn,
    provider_type, ssa_tier_1, level, std_fwk_name_stcode, age_youth_adult, age_group, leavers,
    completers, achievers, retention_rate, pass_rate, achievement_rate``.
* Further education outcomes, destinations by provider (PRV01): ``provider_ukprn, provider_name,
  provider_type, provision, benefit_learner, number_of_learners, number_of_matched_learners,
  spd_percent, emp_percent, learn_percent, ...``.

Both begin with the standard columns ``time_period, time_identifier, geographic_level,
country_code, country_name``. Volumes are rounded to the nearest 10; ``low`` means fewer than 5
(or a rate below 0.5%); ``c`` suppressed, ``x`` unavailable, ``z`` not applicable: all are read as
missing, and the symbol is kept in a ``*_symbol`` column.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from greatjobs.errors import DataError

SYMBOLS = {"low", "c", "x", "z", "u", ":"}
STANDARD = ("time_period", "time_identifier", "geographic_level")
NART_VARIANTS = {
    "education and training": {
        "ssa": "sector_subject_area_t1",
        "level": "qualification_level",
        "age": "age_band",
        "type": "qualification_type",
    },
    "apprenticeships": {
        "ssa": "ssa_tier_1",
        "level": "level",
        "age": "age_group",
        "type": "std_fwk_name_stcode",
    },
}
NART_MEASURES = (
    "leavers",
    "completers",
    "achievers",
    "retention_rate",
    "pass_rate",
    "achievement_rate",
)
DESTINATION_MEASURES = (
    "number_of_learners",
    "number_of_matched_learners",
    "spd_percent",
    "emp_percent",
    "learn_percent",
)


def _read(source: Path | str | io.StringIO, what: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{source}: cannot read the {what} file ({exc}).") from exc
    frame.columns = [c.strip() for c in frame.columns]
    return frame


def _require(frame: pd.DataFrame, columns: tuple[str, ...], source: object, what: str) -> None:
    if missing := [c for c in columns if c not in frame.columns]:
        raise DataError(f"{source}: not a {what} file; missing columns {', '.join(missing)}.")


def _numeric(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        text = out[col].str.strip().str.lower()
        out[f"{col}_symbol"] = text.where(text.isin(SYMBOLS), "")
        out[col] = pd.to_numeric(text.str.replace(",", ""), errors="coerce")
    return out


def read_narts_provider(source: Path | str | io.StringIO) -> tuple[pd.DataFrame, str]:
    """A provider-level NARTs file, standardised, and which kind it is."""
    frame = _read(source, "National Achievement Rates Tables")
    variant = next(
        (name for name, cols in NART_VARIANTS.items() if cols["ssa"] in frame.columns), None
    )
    if variant is None:
        raise DataError(
            f"{source}: not a provider-level NARTs file (no sector_subject_area_t1 or ssa_tier_1)."
        )
    cols = NART_VARIANTS[variant]
    _require(
        frame,
        (
            *STANDARD,
            "provider_name",
            "provider_ukprn",
            "provider_type",
            *cols.values(),
            *NART_MEASURES,
        ),
        source,
        "NARTs",
    )
    out = _numeric(frame, NART_MEASURES)
    out = out.rename(
        columns={
            cols["ssa"]: "ssa_tier_1",
            cols["level"]: "level",
            cols["age"]: "age",
            cols["type"]: "aim_type",
        }
    )
    out["achievement_rate"] = out["achievement_rate"] / 100
    out["retention_rate"] = out["retention_rate"] / 100
    out["pass_rate"] = out["pass_rate"] / 100
    keep = [
        "time_period",
        "provider_ukprn",
        "provider_name",
        "provider_type",
        "ssa_tier_1",
        "level",
        "age",
        "aim_type",
        *NART_MEASURES,
        *[f"{m}_symbol" for m in NART_MEASURES],
    ]
    return out[keep].reset_index(drop=True), variant


def read_fe_destinations(source: Path | str | io.StringIO) -> pd.DataFrame:
    """A FE outcomes destinations-by-provider file (PRV01), standardised; rates as fractions.

    ``sustained_count`` estimates learners with a sustained positive destination as
    ``spd_percent × number_of_matched_learners`` (both rounded by the DfE, so approximate).
    """
    frame = _read(source, "FE destinations by provider")
    _require(
        frame,
        (
            *STANDARD,
            "provider_ukprn",
            "provider_name",
            "provider_type",
            "provision",
            *DESTINATION_MEASURES,
        ),
        source,
        "FE destinations",
    )
    out = _numeric(frame, DESTINATION_MEASURES)
    for col in ("spd_percent", "emp_percent", "learn_percent"):
        out[col.replace("_percent", "_rate")] = out[col] / 100
    out["sustained_count"] = (out["spd_rate"] * out["number_of_matched_learners"]).round()
    keep = [
        "time_period",
        "provider_ukprn",
        "provider_name",
        "provider_type",
        "provision",
        *[c for c in ("benefit_learner", "level_of_learning", "ssa_tier_1") if c in out.columns],
        "number_of_learners",
        "number_of_matched_learners",
        "spd_rate",
        "emp_rate",
        "learn_rate",
        "sustained_count",
        "spd_percent_symbol",
    ]
    return out[keep].reset_index(drop=True)


def provider_totals(narts: pd.DataFrame) -> pd.DataFrame:
    """The NARTs rows that are each provider's overall figure (every breakdown 'Total')."""
    mask = pd.Series(True, index=narts.index)
    for col in ("ssa_tier_1", "level", "age", "aim_type"):
        mask &= narts[col].str.strip().str.lower() == "total"
    return narts[mask].reset_index(drop=True)
