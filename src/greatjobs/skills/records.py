"""Import provider-level training data from CSV: every row validated, nothing lost.

One row is one course (or sector subject area) at one provider. Required columns: ``provider``,
``course``, ``sector_subject_area``, ``level``, ``funding`` (public £), ``starts``, ``completions``,
``achievements``, ``sustained_destinations`` (achievers in sustained work or learning, each counted
once) and ``sustained_work`` (of those, in sustained employment). Optional: ``ukprn``,
``academic_year``, ``earnings_before`` and ``earnings_after`` (median annual earnings of those in
sustained work, £), ``fee_per_learner`` (£ charged to each learner), ``unpaid_placement_weeks``.
Lines starting with ``#`` are notes, not rows. A row with any problem is rejected with its line,
column and reason; ``loaded + rejected = read`` always holds.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from greatjobs.errors import DataError
from greatjobs.text import close_matches, normalise_name

REQUIRED = (
    "provider",
    "course",
    "sector_subject_area",
    "level",
    "funding",
    "starts",
    "completions",
    "achievements",
    "sustained_destinations",
    "sustained_work",
)
OPTIONAL = (
    "ukprn",
    "academic_year",
    "earnings_before",
    "earnings_after",
    "fee_per_learner",
    "unpaid_placement_weeks",
)
COUNTS = ("starts", "completions", "achievements", "sustained_destinations", "sustained_work")
MONEY = ("funding", "earnings_before", "earnings_after", "fee_per_learner")
MAX_MONEY = 1_000_000_000.0
MAX_COUNT = 10_000_000
NESTED = (
    ("completions", "starts"),
    ("achievements", "completions"),
    ("sustained_destinations", "achievements"),
    ("sustained_work", "sustained_destinations"),
)
"""Each count is part of the next: it can never be larger."""
RECORD_COLUMNS = (
    "source_row",
    "provider",
    "course",
    "sector_subject_area",
    "level",
    *COUNTS,
    *MONEY,
    "unpaid_placement_weeks",
    "ukprn",
    "academic_year",
)
"""The columns of a loaded row (``ImportResult.records``), in order; ``source_row`` is its line."""


@dataclass(frozen=True)
class RowError:
    row: int
    """Line number in the file (the header is line 1)."""
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    records: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)
    read: int = 0
    notes: list[str] = field(default_factory=list)
    """The file's ``#`` lines (e.g. an ILLUSTRATIVE marker)."""

    @property
    def loaded(self) -> int:
        return len(self.records)

    @property
    def rejected(self) -> int:
        return len({e.row for e in self.errors})

    def errors_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [vars(e) for e in self.errors], columns=["row", "column", "value", "reason"]
        )


@functools.cache
def ssa_table() -> tuple[dict[str, Any], ...]:
    text = resources.files("greatjobs.skills").joinpath("data/ssa_sectors.toml").read_text("utf-8")
    return tuple(tomllib.loads(text)["ssa"])


def ssa_lookup() -> dict[str, str]:
    """Normalised SSA name, alias or code -> the SSA's name as held in ssa_sectors.toml."""
    out: dict[str, str] = {}
    for entry in ssa_table():
        for key in (entry["name"], entry["code"], *entry.get("aliases", [])):
            out[normalise_name(str(key))] = entry["name"]
    return out


def parse_level(text: str) -> int | None:
    """'Entry', 'E', 'Level E/1' -> 0; '2', 'Level 2' -> 2; None when not a level 0-8."""
    cleaned = normalise_name(text).removeprefix("level ").strip()
    if cleaned in {"entry", "e", "e 1", "entry level"}:
        return 0
    if re.fullmatch(r"[0-8]", cleaned):
        return int(cleaned)
    return None


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("£", "").strip())


def _check_row(
    line: int, raw: dict[str, str], ssas: dict[str, str]
) -> tuple[dict[str, Any], list[RowError]]:
    errs: list[RowError] = []
    out: dict[str, Any] = {"source_row": line}

    def bad(column: str, reason: str) -> None:
        errs.append(RowError(line, column, raw.get(column, "") or "", reason))

    for col in ("provider", "course"):
        out[col] = (raw.get(col) or "").strip()
        if not out[col]:
            bad(col, "is empty")
    ssa_text = (raw.get("sector_subject_area") or "").strip()
    out["sector_subject_area"] = ssas.get(normalise_name(ssa_text))
    if out["sector_subject_area"] is None:
        hint = close_matches(ssa_text, sorted(set(ssas.values())), 3) if ssa_text else []
        bad(
            "sector_subject_area",
            "is not a sector subject area"
            + (f" (did you mean {', '.join(hint)}?)" if hint else ""),
        )
    out["level"] = parse_level(raw.get("level") or "")
    if out["level"] is None:
        bad("level", "is not a level (Entry, or 1 to 8)")
    for col in (*COUNTS, *MONEY, "unpaid_placement_weeks"):
        text = (raw.get(col) or "").strip()
        if not text:
            out[col] = None
            if col in REQUIRED:
                bad(col, "is empty")
            continue
        try:
            value = _number(text)
        except ValueError:
            bad(col, "is not a number")
            out[col] = None
            continue
        if value < 0:
            bad(col, "cannot be negative")
        elif col in COUNTS and (value != int(value) or value > MAX_COUNT):
            bad(col, "must be a whole number of learners")
        elif col in MONEY and value > MAX_MONEY:
            bad(col, "is larger than any plausible amount")
        elif col == "unpaid_placement_weeks" and value > 104:
            bad(col, "is more than two years")
        out[col] = int(value) if col in COUNTS else value
    for part, whole in NESTED:
        p, w = out.get(part), out.get(whole)
        if p is not None and w is not None and p > w:
            bad(part, f"{p:,} is more than {whole} ({w:,})")
    if out.get("funding") == 0 and out.get("starts"):
        bad("funding", "is 0 for a course with starts: costs per outcome need the funding")
    for col in ("ukprn", "academic_year"):
        out[col] = (raw.get(col) or "").strip() or None
    if out["ukprn"] and not re.fullmatch(r"1\d{7}", out["ukprn"]):
        bad("ukprn", "is not a UKPRN (8 digits starting with 1)")
    return out, errs


def import_records(source: Path | str | io.StringIO) -> ImportResult:
    """Read and validate a provider file (see the module docstring for its columns)."""
    try:
        text = (
            source.getvalue()
            if isinstance(source, io.StringIO)
            else Path(source).read_text("utf-8-sig")
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{source}: cannot read the provider file ({exc}).") from exc
    lines = text.splitlines()
    notes = [ln.lstrip("#").strip() for ln in lines if ln.startswith("#")]
    numbered = [(n, ln) for n, ln in enumerate(lines, start=1) if not ln.startswith("#")]
    if not numbered:
        raise DataError(f"{source}: the provider file is empty.")
    reader = csv.reader([ln for _, ln in numbered])
    header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    if missing := [c for c in REQUIRED if c not in header]:
        raise DataError(
            f"{source}: missing columns {', '.join(missing)}; the file needs "
            f"{', '.join(REQUIRED)} (and may have {', '.join(OPTIONAL)})."
        )
    ssas = ssa_lookup()
    result = ImportResult(pd.DataFrame(), notes=notes)
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for (line, _), values in zip(numbered[1:], reader, strict=False):
        if not any(v.strip() for v in values):
            continue
        result.read += 1
        if len(values) != len(header):
            result.errors.append(
                RowError(
                    line,
                    "(row)",
                    ",".join(values),
                    f"has {len(values)} cells; the header has {len(header)}",
                )
            )
            continue
        record, errs = _check_row(line, dict(zip(header, values, strict=True)), ssas)
        key = (
            record["provider"].lower(),
            record["course"].lower(),
            record["level"],
            record["academic_year"],
        )
        if not errs and key in seen:
            errs = [
                RowError(line, "(row)", record["course"], f"repeats the course on line {seen[key]}")
            ]
        if errs:
            result.errors.extend(errs)
        else:
            seen[key] = line
            rows.append(record)
    result.records = pd.DataFrame(rows, columns=list(RECORD_COLUMNS))
    assert result.loaded + result.rejected == result.read
    return result
