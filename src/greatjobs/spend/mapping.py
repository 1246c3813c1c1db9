"""Which column of a spend file holds which ledger field: found from header synonyms, or given.

Real "spend over £500" files differ: title lines before the header, headers named "Supplier",
"Vendor", "Payee" or "Name", "Net Amount (£)" or "Invoice Nett Amount". :func:`find_header`
looks at the first rows for the first one that names a supplier and an amount column, using the
synonyms in ``headers.toml`` (data, not code). Where that is not enough, a small mapping file
(TOML) names the columns; :class:`Mapping` says which mapping was used.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from greatjobs.errors import DataError

FIELDS = ("supplier_name", "amount", "paid_on", "category", "service", "supplier_id")
REQUIRED = ("supplier_name", "amount")
HEADER_SCAN_ROWS = 40
_PERIOD_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_ .]?(0[1-9]|1[0-2])(?!\d)")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    synonyms: tuple[str, ...]


@cache
def field_specs() -> dict[str, FieldSpec]:
    text = resources.files("greatjobs.spend").joinpath("headers.toml").read_text("utf-8")
    data = tomllib.loads(text)["fields"]
    return {
        name: FieldSpec(
            name, str(spec["label"]), tuple(normalise_header(s) for s in spec["synonyms"])
        )
        for name, spec in data.items()
    }


def normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\u2020", " ").replace("\xa0", " ").lower()
    text = text.replace("(£)", " ").replace("£", " ").replace("\ufffd", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Mapping:
    """The columns (by index in the header row) for each ledger field, and how they were found."""

    header_row: int
    """1-based record number of the header row in the file."""
    header: tuple[str, ...]
    columns: dict[str, int]
    source: str
    """'automatic (header synonyms)' or the mapping file's name."""
    period: str | None = None
    """'YYYY-MM' used as the payment date when the file has no date column (monthly summaries)."""
    period_basis: str | None = None
    date_formats: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def column_name(self, name: str) -> str | None:
        index = self.columns.get(name)
        return None if index is None else self.header[index].strip()

    def describe(self) -> str:
        parts = [f"{name} <- {self.column_name(name)!r}" for name in FIELDS if name in self.columns]
        if "paid_on" not in self.columns and self.period:
            parts.append(f"paid_on <- period {self.period} ({self.period_basis})")
        return f"{self.source}, header on row {self.header_row}: " + "; ".join(parts)


@dataclass(frozen=True)
class UserMapping:
    """A mapping file: ``[columns]`` field = "header as written"; optional ``[options]``."""

    path: Path
    columns: dict[str, str]
    header_row: int | None = None
    period: str | None = None
    date_formats: tuple[str, ...] = ()
    encoding: str | None = None

    @classmethod
    def load(cls, path: Path) -> UserMapping:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DataError(f"Cannot read the mapping file {path}: {exc}") from exc
        columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise DataError(
                f"Mapping file {path} names unknown fields {unknown}; fields are {list(FIELDS)}."
            )
        options: dict[str, Any] = dict(data.get("options", {}))
        formats = options.get("date_format", ())
        period = options.get("period")
        if period is not None and not re.fullmatch(r"\d{4}-\d{2}", str(period)):
            raise DataError(f"Mapping file {path}: period must be 'YYYY-MM', not {period!r}.")
        return cls(
            path=path,
            columns=columns,
            header_row=int(options["header_row"]) if "header_row" in options else None,
            period=str(period) if period is not None else None,
            date_formats=(formats,) if isinstance(formats, str) else tuple(formats),
            encoding=options.get("encoding"),
        )


def period_from_file_name(name: str) -> str | None:
    match = _PERIOD_IN_NAME.search(Path(name).stem)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def _auto_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Columns for each field by synonym rank; a field two columns claim equally is left out."""
    normalised = [normalise_header(h) for h in header]
    columns: dict[str, int] = {}
    problems: list[str] = []
    taken: set[int] = set()
    for name, spec in field_specs().items():
        for synonym in spec.synonyms:
            hits = [i for i, h in enumerate(normalised) if h == synonym and i not in taken]
            if len(hits) > 1:
                problems.append(
                    f"{spec.label}: {len(hits)} columns are called {header[hits[0]].strip()!r}"
                )
                break
            if hits:
                columns[name] = hits[0]
                taken.add(hits[0])
                break
    return columns, problems


def find_mapping(rows: list[list[str]], file_name: str, user: UserMapping | None) -> Mapping:
    """The header row and columns of a file from its first rows (``rows``, as parsed)."""
    if user is not None:
        return _user_mapping(rows, file_name, user)
    best: tuple[int, list[str], list[str]] | None = None
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        columns, problems = _auto_columns(row)
        if all(f in columns for f in REQUIRED) and not problems:
            return _finish(number, row, columns, file_name, "automatic (header synonyms)", None)
        if "supplier_name" in columns and "amount" not in columns and not problems:
            amount = _money_column(rows[number:], columns)
            if amount is not None:
                columns["amount"] = amount
                found = _finish(
                    number, row, columns, file_name, "automatic (header synonyms)", None
                )
                note = (
                    f"The amount column {row[amount].strip()!r} was found from its content (its "
                    "values are sums of money), not from its header."
                )
                return replace(found, notes=(*found.notes, note))
        if best is None and any(cell.strip() for cell in row) and (columns or problems):
            best = (number, row, problems)
    raise DataError(_unmapped_message(file_name, rows, best))


_MONEY = re.compile(r"^\(?-?\s*£?\s*-?[0-9][0-9,]*(\.[0-9]{1,2})?\s*\)?-?$")
_PENCE = re.compile(r"\.[0-9]{2}\)?-?$")


def _money_column(rows: list[list[str]], columns: dict[str, int]) -> int | None:
    """The one column of the rows below a header whose values are sums of money (at least nine
    in ten of at least three values, some with pence: a column of whole numbers is more likely
    an invoice or transaction number), or None where no single column is."""
    taken = set(columns.values())
    width = max((len(r) for r in rows), default=0)
    found = []
    for index in range(width):
        if index in taken:
            continue
        values = [r[index].strip().replace("\xa0", "") for r in rows if len(r) > index]
        values = [v for v in values if v]
        money = [v for v in values if _MONEY.match(v)]
        plenty = len(values) >= 3 and len(money) >= 0.9 * len(values)
        if plenty and any(_PENCE.search(v) for v in money):
            found.append(index)
    return found[0] if len(found) == 1 else None


def _user_mapping(rows: list[list[str]], file_name: str, user: UserMapping) -> Mapping:
    wanted = {normalise_header(v): k for k, v in user.columns.items()}
    candidates = (
        [(user.header_row, rows[user.header_row - 1])]
        if user.header_row and user.header_row <= len(rows)
        else list(enumerate(rows[:HEADER_SCAN_ROWS], start=1))
    )
    for number, row in candidates:
        normalised = [normalise_header(c) for c in row]
        columns = {wanted[h]: i for i, h in enumerate(normalised) if h in wanted}
        if set(columns) == set(user.columns):
            if any(f not in columns for f in REQUIRED):
                missing = [f for f in REQUIRED if f not in columns]
                raise DataError(f"Mapping file {user.path.name} must name columns for {missing}.")
            return _finish(number, row, columns, file_name, f"mapping file {user.path.name}", user)
    found = _first_nonblank(rows)
    raise DataError(
        f"The mapping file {user.path.name} names columns {sorted(user.columns.values())} but "
        f"{file_name} has no row with all of them. Columns found: {found}."
    )


def _finish(
    number: int,
    row: list[str],
    columns: dict[str, int],
    file_name: str,
    source: str,
    user: UserMapping | None,
) -> Mapping:
    period = user.period if user and user.period else None
    basis = f"period {period} from the mapping file" if period else None
    notes: list[str] = []
    if "paid_on" not in columns:
        if period is None:
            period = period_from_file_name(file_name)
            basis = "period taken from the file name" if period else None
        if period is None:
            raise DataError(
                f"{file_name} has no payment date column and no period (YYYY-MM) in its name. "
                f"Columns found: {[c.strip() for c in row if c.strip()]}. Write a mapping file "
                'naming the date column, or with [options] period = "YYYY-MM".'
            )
        notes.append(
            f"No payment date column: every row is dated the first day of {period} ({basis}); "
            "the file is a summary (one total per supplier for the period), not single payments."
        )
    return Mapping(
        header_row=number,
        header=tuple(row),
        columns=columns,
        source=source,
        period=period,
        period_basis=basis,
        date_formats=user.date_formats if user else (),
        notes=tuple(notes),
    )


def _first_nonblank(rows: list[list[str]]) -> list[str]:
    for row in rows[:HEADER_SCAN_ROWS]:
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) > 1:
            return cells
    return []


def _unmapped_message(
    file_name: str, rows: list[list[str]], best: tuple[int, list[str], list[str]] | None
) -> str:
    specs = field_specs()
    number, row, problems = best if best else (0, _first_nonblank(rows), [])
    columns, _ = _auto_columns(row)
    missing = [
        f"{specs[f].label} (e.g. {', '.join(repr(s) for s in specs[f].synonyms[:3])})"
        for f in REQUIRED
        if f not in columns
    ]
    found = [c.strip() for c in row if c.strip()]
    where = f" (row {number})" if number else ""
    lines = [f"Cannot tell which columns of {file_name} hold the supplier and the amount."]
    lines.append(f"Columns found{where}: {found}.")
    if missing:
        lines.append(f"Missing: {'; '.join(missing)}.")
    lines.extend(f"Ambiguous: {p}." for p in problems)
    lines.append(
        'Write a mapping file (TOML), e.g. [columns] supplier_name = "Beneficiary", '
        'amount = "Sum", paid_on = "When", and pass it with --mapping.'
    )
    return " ".join(lines)
