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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from greatjobs.errors import DataError

FIELDS = (
    "supplier_name",
    "amount",
    "paid_on",
    "category",
    "service",
    "supplier_id",
    "redaction",
)
"""The ledger's fields a column can hold; ``redaction`` is the column some bodies add to name a
withheld supplier ('Redacted Supplier') where the supplier cell is left blank."""
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
    header_last: bool = False
    """The header is the file's last row, below the payments."""
    amount_in_pence: bool = False
    """The amount column's header says its sums are in pence."""

    @property
    def date_amount_category_adjacent(self) -> bool:
        """Date, amount and expense type are neighbouring columns, in that order: the layout in
        which a missing comma fuses date and amount ('25/06/2012930'), see ``validate``."""
        cols = self.columns
        return (
            "paid_on" in cols
            and cols["amount"] == cols["paid_on"] + 1
            and cols.get("category") == cols["amount"] + 1
        )

    def column_name(self, name: str) -> str | None:
        index = self.columns.get(name)
        return None if index is None else self.header[index].strip()

    def describe(self) -> str:
        parts = [f"{name} <- {self.column_name(name)!r}" for name in FIELDS if name in self.columns]
        if "paid_on" not in self.columns and self.period:
            parts.append(f"paid_on <- period {self.period} ({self.period_basis})")
        where = f"row {self.header_row}" + (" (the last row)" if self.header_last else "")
        return f"{self.source}, header on {where}: " + "; ".join(parts)


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


def _auto_columns(
    header: list[str], below: list[list[str]] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Columns for each field by synonym rank. Where several columns share a name, the
    ``below`` rows decide (:func:`_one_of`); a field they cannot decide is left out, with the
    problem said."""
    normalised = [normalise_header(h) for h in header]
    columns: dict[str, int] = {}
    problems: list[str] = []
    taken: set[int] = set()
    for name, spec in field_specs().items():
        for synonym in spec.synonyms:
            hits = [i for i, h in enumerate(normalised) if h == synonym and i not in taken]
            if len(hits) > 1:
                chosen = _one_of(hits, below or [])
                if chosen is None:
                    problems.append(
                        f"{spec.label}: {len(hits)} columns are called {header[hits[0]].strip()!r}"
                    )
                    break
                hits = [chosen]
            if hits:
                columns[name] = hits[0]
                taken.update(i for i, h in enumerate(normalised) if h == synonym)
                break
    return columns, problems


def _one_of(hits: list[int], below: list[list[str]]) -> int | None:
    """Of several columns with the same name, the one to read: the only one with values in
    the rows below, or the first when they all hold the same values; None when the rows below
    do not settle it."""

    def values(index: int) -> list[str]:
        return [r[index].strip() if len(r) > index else "" for r in below]

    if not below:
        return None
    filled = [i for i in hits if any(values(i))]
    if len(filled) == 1:
        return filled[0]
    if filled and all(values(i) == values(filled[0]) for i in filled):
        return filled[0]
    return None


def find_mapping(
    rows: list[list[str]],
    file_name: str,
    user: UserMapping | None,
    tail: list[tuple[int, list[str]]] | None = None,
) -> Mapping:
    """The header row and columns of a file from its first rows (``rows``, as parsed). When no
    row there is a header, ``tail`` (the file's last non-blank records and their numbers, if
    given) is tried: some files put the column names below the payments."""
    if user is not None:
        return _user_mapping(rows, file_name, user)
    best: tuple[int, list[str], list[str]] | None = None
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        found = _header_mapping(number, row, rows[number:], file_name)
        if isinstance(found, Mapping):
            return found
        matched, problems = found
        if best is None and any(cell.strip() for cell in row) and (matched or problems):
            best = (number, row, problems)
    if tail:
        number, row = tail[-1]
        found = _header_mapping(number, row, [r for _, r in tail[:-1]], file_name)
        if isinstance(found, Mapping):
            note = (
                f"The column names are on the file's last row ({number}), below the payments; "
                "the rows above it were read as payments."
            )
            return replace(found, header_last=True, notes=(*found.notes, note))
    raise DataError(_unmapped_message(file_name, rows, best))


def _header_mapping(
    number: int, row: list[str], below: list[list[str]], file_name: str
) -> Mapping | tuple[dict[str, int], list[str]]:
    """The mapping when ``row`` is a header (its amount and date columns found from the
    ``below`` rows' content when their headers are unknown), else what the row matched."""
    columns, problems = _auto_columns(row, below)
    if problems or "supplier_name" not in columns:
        return columns, problems
    notes: list[str] = []
    names = [normalise_header(c) for c in row]
    for name, index in columns.items():
        if names.count(names[index]) > 1:
            notes.append(
                f"{names.count(names[index])} columns are called {row[index].strip()!r}: "
                f"column {index + 1} was read for the {field_specs()[name].label} (the others are "
                "empty or the same)."
            )
    pence = columns.pop("amount_pence", None)
    if pence is not None and "amount" not in columns:
        columns["amount"] = pence
        notes.append(
            f"The amount column {row[pence].strip()!r} is in pence, as its header says: "
            "each amount is divided by 100."
        )
    if "amount" not in columns:
        amount = _content_column(below, columns, _is_money, needs_pence=True)
        if amount is None:
            return columns, problems
        columns["amount"] = amount
        notes.append(
            f"The amount column {row[amount].strip()!r} was found from its content (its "
            "values are sums of money), not from its header."
        )
    if "paid_on" not in columns:
        date = _content_column(below, columns, _is_date)
        if date is not None:
            columns["paid_on"] = date
            notes.append(
                f"The payment date column {row[date].strip()!r} was found from its content "
                "(its values are dates), not from its header."
            )
    found = _finish(number, row, columns, file_name, "automatic (header synonyms)", None)
    in_pence = pence is not None and pence == columns["amount"]
    return replace(found, notes=(*notes, *found.notes), amount_in_pence=in_pence)


_MONEY = re.compile(r"^\(?-?\s*£?\s*-?[0-9][0-9,]*(\.[0-9]{1,2})?\s*\)?-?$")
_PENCE = re.compile(r"\.[0-9]{2}\)?-?$")
_DATE = re.compile(
    r"^([0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{1,2}[ -][A-Za-z]{3,9}[ -][0-9]{2,4})([ T][0-9:.]+)?$"
)


def _is_money(value: str) -> bool:
    return bool(_MONEY.match(value))


def _is_date(value: str) -> bool:
    return bool(_DATE.match(value))


def _content_column(
    rows: list[list[str]],
    columns: dict[str, int],
    test: Callable[[str], bool],
    needs_pence: bool = False,
) -> int | None:
    """The one column of the rows below a header whose values pass ``test`` (at least nine in
    ten of at least three values; for money, some with pence, as a column of whole numbers is
    more likely an invoice or transaction number), or None where no single column does."""
    taken = set(columns.values())
    width = max((len(r) for r in rows), default=0)
    found = []
    for index in range(width):
        if index in taken:
            continue
        values = [r[index].strip().replace("\xa0", "") for r in rows if len(r) > index]
        values = [v for v in values if v]
        passing = [v for v in values if test(v)]
        plenty = len(values) >= 3 and len(passing) >= 0.9 * len(values)
        if plenty and (not needs_pence or any(_PENCE.search(v) for v in passing)):
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
