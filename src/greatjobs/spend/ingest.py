"""Import spend files into the ledger: every row loaded or quarantined, totals reconciled.

Rows are staged as text with their line numbers (``reader``: DuckDB's CSV reader, or Python's
when only it can be exact); all checking and typing is SQL over the whole file (``validate``), so
each row gets its own quarantine reason without a Python loop over rows. Writing to the ledger is
one transaction: a failure leaves it as it was. A file already imported (same SHA-256) adds
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from greatjobs.errors import DataError
from greatjobs.sources.catalogue import file_sha256
from greatjobs.spend.exclusions import ExclusionRule, first_rule, load_rules, rule_mask
from greatjobs.spend.ledger import ensure_schema, transaction
from greatjobs.spend.mapping import HEADER_SCAN_ROWS, Mapping, UserMapping, find_mapping
from greatjobs.spend.reader import (
    STAGE_DDL,
    STAGE_FIELDS,
    Source,
    TextScan,
    file_kind,
    head,
    scan_text,
    sniff_delimiter,
    stage,
    tail,
    workbook_sheets,
)
from greatjobs.spend.suppliers.normalise import normalise_supplier_name
from greatjobs.spend.validate import (
    CHECK_SQL,
    DATE_ORDER_SQL,
    PREPARE_SQL,
    UNLABELLED_TOTAL_CANDIDATES_SQL,
    UNLABELLED_TOTAL_REASON,
    date_formats,
)

Progress = Callable[[str, int, int], None]
NOT_PAYMENTS = ("blank row", "total row", "repeated header row")
"""Quarantine reasons of lines that are not payments (a script's exit status and the payment
counts leave them out)."""
_MONEY_CELL = re.compile(r"^\(?-?£?[0-9][0-9,]*\.[0-9]{2}\)?-?$")
FUSED_NOTE = (
    "{n:,} rows had no comma between the date and the amount (e.g. '25/06/2012930'), so the "
    "row was one field short: read as date 25/06/2012, amount 930 and the next column as the "
    "expense type."
)


@dataclass
class ImportResult:
    file_name: str
    body: str
    file_id: int | None
    already_imported: bool
    mapping: str = ""
    encoding: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    amount_read: Decimal = Decimal("0.00")
    amount_loaded: Decimal = Decimal("0.00")
    amount_quarantined: Decimal = Decimal("0.00")
    reasons: dict[str, int] = field(default_factory=dict)
    """Rows quarantined by reason (the reason's words before its colon)."""
    reason_amounts: dict[str, Decimal] = field(default_factory=dict)
    """The money of those rows, where their amount could be read."""
    excluded: dict[str, Decimal] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def by_reason(self) -> list[tuple[str, int, Decimal | None]]:
        """Quarantined rows by reason: (reason, rows, their money where any could be read)."""
        return [(r, n, self.reason_amounts.get(r) or None) for r, n in self.reasons.items()]

    @property
    def payment_rows_held(self) -> int:
        """Quarantined rows that are payments (not blank lines, total rows or headers)."""
        return sum(n for r, n in self.reasons.items() if not r.startswith(NOT_PAYMENTS))

    @property
    def reconciles(self) -> bool:
        return (
            self.rows_read == self.rows_loaded + self.rows_quarantined
            and self.amount_read == self.amount_loaded + self.amount_quarantined
        )


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8; else Windows-1252 (or
    Latin-1 where a byte Windows-1252 leaves undefined is present)."""
    return scan_text(path).encoding


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    body: str,
    mapping_file: Path | None = None,
    rules: list[ExclusionRule] | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
) -> ImportResult:
    """Import one file for ``body``. ``file_name`` is the name to record (uploads keep theirs).

    The same file imported again for the same body adds nothing, unless none of its rows was
    loaded last time (a mapping file may now read it): then the new import replaces the old.
    The same file may be imported for another body (a shared service's ledger, say)."""
    name = file_name or path.name
    body = body.strip()
    if not body:
        raise DataError("Give the name of the body (council, hospital...) whose spend this is.")
    ensure_schema(con)
    kind = file_kind(path)
    scan = scan_text(path) if kind == "text" else None
    sha = scan.sha256 if scan else file_sha256(path)
    previous = con.execute(
        "SELECT file_id, rows_loaded FROM spend.source_file WHERE sha256 = ? AND body = ?",
        [sha, body],
    ).fetchone()
    if previous and previous[1] > 0:
        result = ImportResult(name, body, int(previous[0]), already_imported=True)
        result.notes.append(f"Already imported for {body} (file {previous[0]}): nothing added.")
        return result
    user = UserMapping.load(mapping_file) if mapping_file else None
    parts = _read_parts(con, path, name, kind, scan, user, progress)
    rules = load_rules() if rules is None else rules
    with transaction(con):
        if previous:
            _forget(con, int(previous[0]))
        file_id, decided = _insert(con, parts, body, name, sha, rules)
    result = _summarise(con, file_id, name, body, parts)
    result.notes.extend(decided)
    if previous:
        result.notes.append(
            f"Replaces the earlier import of this file (file {previous[0]}), none of whose rows "
            "was loaded."
        )
    _drop_work_tables(con)
    return result


WORK_TABLES = ("stage", "raw", "names", "date_text", "dates", "checked", "suppliers", "mask_c")
"""The temporary tables of an import (``spend_<name>``)."""


def _drop_work_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in WORK_TABLES:
        kind = con.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_name = ?",
            [f"spend_{table}"],
        ).fetchone()
        if kind:
            con.execute(f"DROP {'VIEW' if kind[0] == 'VIEW' else 'TABLE'} spend_{table}")


@dataclass(frozen=True)
class Part:
    """One staged part of a file (the file itself, or one sheet of a workbook): where its rows
    came from, how its columns map and the first and last row numbers it was given."""

    source: Source
    mapping: Mapping
    first_row: int
    last_row: int


def _read_parts(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    kind: str,
    scan: TextScan | None,
    user: UserMapping | None,
    progress: Progress | None,
) -> list[Part]:
    """Stage every part of the file that holds payments into ``spend_stage``; the parts.

    A workbook's sheets are numbered on from each other (the second sheet's row 2 is the
    file's row 2 + the first sheet's rows) and every sheet whose header is found is read; a
    sheet without one (notes, a pivot table) is left out and said. Staging is in temporary
    tables, outside the ledger: it may fail and fall back freely."""
    con.execute(STAGE_DDL)
    if scan is not None:
        encoding = (user.encoding if user and user.encoding else None) or scan.encoding
        sources = [Source("text", encoding, sniff_delimiter(path, encoding), scan=scan)]
    else:
        sources = [Source(kind, sheet=sheet) for sheet, _ in workbook_sheets(path, kind)]
    parts: list[Part] = []
    refusals: list[str] = []
    offset = 0
    for source in sources:
        try:
            mapping, header = _map(path, source, name, user)
        except DataError as exc:
            if len(sources) == 1:
                raise
            refusals.append(f"sheet {source.sheet!r}: {exc}")
            continue
        last = stage(con, path, source, mapping, header, name, progress, offset)
        parts.append(Part(source, mapping, offset + 1, offset + max(last, header)))
        offset += max(last, header)
    if not parts:
        raise DataError(f"{name}: no sheet of the workbook holds payments. " + " ".join(refusals))
    if refusals:
        left = ", ".join(r.split(":", 1)[0] for r in refusals)
        note = f"Left out ({left}): no header naming a supplier and an amount."
        first = parts[0].mapping
        parts[0] = replace(parts[0], mapping=replace(first, notes=(*first.notes, note)))
    return parts


def _map(path: Path, source: Source, name: str, user: UserMapping | None) -> tuple[Mapping, int]:
    """The mapping of one source and the row number of its header (the physical line a text
    file's header record ends on)."""
    first = head(path, source, HEADER_SCAN_ROWS)
    rows = [r for _, r in first]
    try:
        mapping = find_mapping(rows, name, user)
    except DataError:
        if user is not None or not first:
            raise
        mapping = find_mapping(rows, name, None, tail=tail(path, source, HEADER_SCAN_ROWS))
        return mapping, mapping.header_row
    if user is None and len(first) < HEADER_SCAN_ROWS and _payments_above(rows, mapping):
        mapping = find_mapping([], name, None, tail=tail(path, source, HEADER_SCAN_ROWS))
        return mapping, mapping.header_row
    return mapping, first[mapping.header_row - 1][0]


def _payments_above(rows: list[list[str]], mapping: Mapping) -> bool:
    """Whether a short file's header is its last row with sums of money above it: the column
    names were put below the payments."""
    below = rows[mapping.header_row :]
    if any(cell.strip() for row in below for cell in row):
        return False
    amount = mapping.columns["amount"]
    above = [r[amount] for r in rows[: mapping.header_row - 1] if len(r) > amount]
    return any(_MONEY_CELL.match(v.strip()) for v in above)


def _forget(con: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """Remove an import (its quarantined rows, payments and record) inside the caller's
    transaction."""
    for table in ("quarantine", "payment", "source_file"):
        con.execute(f"DELETE FROM spend.{table} WHERE file_id = ?", [file_id])  # noqa: S608


def describe_parts(parts: list[Part]) -> str:
    """Which columns were read, and from where: the file, or each sheet with its rows."""
    if len(parts) == 1:
        return f"{parts[0].mapping.describe()} [{parts[0].source.describe()}]"
    return " | ".join(
        f"sheet {p.source.sheet!r} (file rows {p.first_row:,}-{p.last_row:,}): "
        f"{p.mapping.describe()}"
        for p in parts
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    parts: list[Part],
    body: str,
    name: str,
    sha: str,
    rules: list[ExclusionRule],
) -> tuple[int, list[str]]:
    """Check and load the staged rows; the new file's id, and what was decided about the file
    beyond its mapping (e.g. the order of day and month)."""
    mapping = parts[0].mapping
    if len({p.mapping.amount_in_pence for p in parts}) > 1:
        raise DataError(f"{name}: some sheets give amounts in pence and others in pounds.")
    period = f"{mapping.period}-01" if mapping.period else None
    fused_ok = parts[0].source.kind == "text" and mapping.date_amount_category_adjacent
    headers = {
        _header_key(p.mapping.column_name("supplier_name"), p.mapping.column_name("amount"))
        for p in parts
    }
    header_names = sorted({h.split("|", 1)[0] for h in headers})
    for statement in PREPARE_SQL:
        con.execute(statement, {"header_names": header_names} if "$header" in statement else {})
    _suppliers(con, rules)
    month_first, order_note = _date_order(con, mapping, name)
    params = {
        "formats": date_formats(mapping.date_formats, month_first),
        "period": period,
        "fused_ok": fused_ok,
        "n_fields": len(mapping.header),
        "pence": mapping.amount_in_pence,
        "headers": sorted(headers),
    }
    for statement in CHECK_SQL:
        con.execute(statement, {k: v for k, v in params.items() if f"${k}" in statement})
    _mark_unlabelled_totals(con)
    fused_row = con.execute(
        "SELECT count(*) FROM spend_checked WHERE fused AND reason IS NULL"
    ).fetchone()
    fused = int(fused_row[0]) if fused_row else 0
    row = con.execute("SELECT coalesce(max(file_id), 0) + 1 FROM spend.source_file").fetchone()
    file_id = int(row[0]) if row else 1
    base_row = con.execute("SELECT coalesce(max(payment_id), 0) FROM spend.payment").fetchone()
    base = int(base_row[0]) if base_row else 0
    _category_masks(con, rules)
    pick, pick_params = first_rule(
        rules, "coalesce(c.supplier_mask, 0) | coalesce(mc.m, 0) | coalesce(mv.m, 0)"
    )
    con.execute(
        f"""INSERT INTO spend.payment
        SELECT ? + c.row_number, ?, ?, c.row_number, c.paid,
               c.supplier_name_clean, c.normalised, c.supplier_id, c.amt, c.category,
               c.service, {pick}
        FROM spend_checked c
        LEFT JOIN spend_mask_c mc ON mc.v = c.category
        LEFT JOIN spend_mask_c mv ON mv.v = c.service
        WHERE c.reason IS NULL""",  # noqa: S608 (the CASE is built from bound parameters)
        [base, body, file_id, *pick_params],
    )
    labels = [mapping.column_name(f) or f for f in STAGE_FIELDS[:3]]
    con.execute(
        """INSERT INTO spend.quarantine
        SELECT ?, row_number,
               json_object(?, supplier_name, ?, amount, ?, paid_on, 'first cell', first_cell),
               column_name, reason, amt
        FROM spend_checked WHERE reason IS NOT NULL""",
        [file_id, *labels],
    )
    totals = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE reason IS NULL),
                  coalesce(sum(amt), 0), coalesce(sum(amt) FILTER (WHERE reason IS NULL), 0)
           FROM spend_checked"""
    ).fetchone()
    assert totals is not None
    read, loaded, amount_read, amount_loaded = totals
    notes = [n for p in parts for n in p.mapping.notes]
    if order_note:
        notes.append(order_note)
    if fused:
        notes.append(FUSED_NOTE.format(n=fused))
    mapping_text = " ".join([describe_parts(parts), *notes])
    con.execute(
        """INSERT INTO spend.source_file VALUES
           (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)""",
        [
            file_id,
            body,
            name,
            sha,
            mapping_text,
            parts[0].source.encoding or parts[0].source.kind,
            read,
            loaded,
            read - loaded,
            amount_read,
            amount_loaded,
            amount_read - amount_loaded,
        ],
    )
    return file_id, [order_note] if order_note else []


def _mark_unlabelled_totals(con: duckdb.DuckDBPyConnection) -> None:
    """Mark as total rows those rows without supplier or date whose amount is exactly the sum
    of the rows with a supplier above them (one pass over the file for all candidates)."""
    candidates = con.execute(UNLABELLED_TOTAL_CANDIDATES_SQL).fetchall()
    if not candidates:
        return
    sums = ", ".join(f"sum(amt) FILTER (WHERE row_number < {int(r)})" for r, _ in candidates)
    row = con.execute(
        f"SELECT {sums} FROM spend_checked "  # noqa: S608 (integers only)
        "WHERE supplier_name_clean IS NOT NULL AND coalesce(reason NOT LIKE 'total row%', true)"
    ).fetchone()
    pairs = zip(candidates, row or (), strict=True)
    totals = [r for (r, amount), above in pairs if above == amount]
    if totals:
        con.execute(
            "UPDATE spend_checked SET reason = ?, column_name = NULL "
            "WHERE list_contains(?, row_number)",
            [UNLABELLED_TOTAL_REASON, totals],
        )


def _header_key(supplier: str | None, amount: str | None) -> str:
    """How a repeated header row is recognised: its supplier and amount cells, as compared in
    ``validate.CHECK_SQL``."""
    return f"{(supplier or '').strip().lower()}|{(amount or '').strip().lower()}"


def _date_order(con: duckdb.DuckDBPyConnection, mapping: Mapping, name: str) -> tuple[bool, str]:
    """Whether the file's numeric dates put the month first, decided from the column as a whole,
    and what to say about it ('' when the dates say day first, as UK files do)."""
    if mapping.date_formats or "paid_on" not in mapping.columns:
        return False, ""
    row = con.execute(DATE_ORDER_SQL).fetchone()
    day_only, month_only, day_example, month_example, numeric = row if row else (0, 0, "", "", 0)
    column = mapping.column_name("paid_on") or "payment date"
    if day_only and month_only:
        raise DataError(
            f"{name}: the column {column!r} mixes day/month dates ({day_example}) and month/day "
            f"dates ({month_example}), so its order cannot be decided. Give the date formats in "
            "a mapping file (date_formats), or import the parts separately."
        )
    if month_only:
        return True, (
            f"Dates in {column!r} read as month/day/year: {month_example} has a day over 12 in "
            "the second place, and no date in the column has one in the first."
        )
    if numeric and not day_only:
        return False, (
            f"Dates in {column!r} read as day/month/year, the UK order: no date in the column has "
            "a number over 12 to show its order."
        )
    return False, ""


def _suppliers(con: duckdb.DuckDBPyConnection, rules: list[ExclusionRule]) -> None:
    """Each distinct supplier name of the file normalised (in Python, once per name) and the
    exclusion rules it matches, added to ``spend_names`` so that the row checks carry them."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT name_c FROM spend_names WHERE name_c IS NOT NULL"
        ).fetchall()
    ]
    con.register(
        "spend_normalised",
        pa.table({"name_c": names, "normalised": [normalise_supplier_name(n) for n in names]}),
    )
    mask, params = rule_mask(rules, "name_c", "supplier")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE spend_suppliers AS
            SELECT name_c, normalised, {mask} AS m FROM spend_normalised""",  # noqa: S608 (fixed SQL fragments; values are bound parameters)
        params,
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE spend_names AS
           SELECT n.*, u.normalised, u.m AS supplier_mask
           FROM spend_names n LEFT JOIN spend_suppliers u USING (name_c)"""
    )
    con.unregister("spend_normalised")


def _category_masks(con: duckdb.DuckDBPyConnection, rules: list[ExclusionRule]) -> None:
    """Which rules match each distinct category or service of the rows loaded."""
    mask_c, params_c = rule_mask(rules, "v", "category")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE spend_mask_c AS SELECT v, {mask_c} AS m FROM
            (SELECT category AS v FROM spend_checked WHERE reason IS NULL
             UNION SELECT service FROM spend_checked WHERE reason IS NULL)
            WHERE v IS NOT NULL""",  # noqa: S608 (fixed SQL fragments; values are bound parameters)
        params_c,
    )


def _summarise(
    con: duckdb.DuckDBPyConnection, file_id: int, name: str, body: str, parts: list[Part]
) -> ImportResult:
    row = con.execute(
        """SELECT rows_read, rows_loaded, rows_quarantined, amount_read, amount_loaded,
                  amount_quarantined FROM spend.source_file WHERE file_id = ?""",
        [file_id],
    ).fetchone()
    assert row is not None
    result = ImportResult(
        name,
        body,
        file_id,
        False,
        describe_parts(parts),
        parts[0].source.encoding or parts[0].source.kind,
        int(row[0]),
        int(row[1]),
        int(row[2]),
        Decimal(row[3]),
        Decimal(row[4]),
        Decimal(row[5]),
    )
    result.notes.extend(n for p in parts for n in p.mapping.notes)
    fused = con.execute(
        "SELECT count(*) FROM spend_checked WHERE fused AND reason IS NULL"
    ).fetchone()
    if fused and fused[0]:
        result.notes.append(FUSED_NOTE.format(n=int(fused[0])))
    by_reason = con.execute(
        """SELECT regexp_replace(reason, ':.*', ''), count(*), coalesce(sum(amt), 0)
           FROM spend_checked WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"""
    ).fetchall()
    result.reasons = {str(r[0]): int(r[1]) for r in by_reason}
    result.reason_amounts = {str(r[0]): Decimal(r[2]) for r in by_reason}
    result.excluded = {
        str(r[0]): Decimal(r[1])
        for r in con.execute(
            """SELECT excluded_by, sum(amount) FROM spend.payment
               WHERE file_id = ? AND excluded_by IS NOT NULL GROUP BY 1 ORDER BY 2 DESC""",
            [file_id],
        ).fetchall()
    }
    own_total = con.execute(
        "SELECT arg_max(amt, row_number) FROM spend_checked WHERE reason LIKE 'total row%'"
    ).fetchone()
    if own_total and own_total[0] is not None:
        gap = Decimal(own_total[0]) - result.amount_loaded
        result.notes.append(
            f"The file's own total row says £{own_total[0]:,.2f}; "
            + (
                "the rows loaded add up to it exactly."
                if gap == 0
                else f"the rows loaded add up to £{result.amount_loaded:,.2f} "
                f"(difference £{gap:,.2f})."
            )
        )
    return result
