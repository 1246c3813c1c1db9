"""``greatjobs spend``: import spend ledgers, list quarantined rows, report where the money goes."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.progress import progress_bar
from greatjobs.cli.render import format_option, render_frame
from greatjobs.errors import DataError, GreatjobsError
from greatjobs.spend.exclusions import load_rules
from greatjobs.spend.ingest import ImportResult, import_file
from greatjobs.spend.ledger import quarantined_rows, read_ledger, write_ledger
from greatjobs.spend.lm3 import StaffPay, parse_pounds, staff_pay_problems
from greatjobs.spend.metrics import SpendReport
from greatjobs.spend.report import PlaceScope, place_scope, spend_report

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_STAFF_OPTIONS = {
    "total": "--staff-pay",
    "local": "--staff-pay-local",
    "share": "--staff-local-spend-share",
}


class Pounds(click.ParamType):
    """An amount of pounds: 12500000, £12,500,000 or £12.5m."""

    name = "GBP"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            return parse_pounds(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an amount of pounds (e.g. 12500000, £12.5m).", param, ctx)


@click.group()
def spend() -> None:
    """Anchor institutions' spend: import ledgers, check them, measure local spend."""


def _print_result(result: ImportResult) -> None:
    click.echo(f"{result.file_name} ({result.body})")
    for note in result.notes:
        click.echo(f"  {note}")
    if result.already_imported:
        return
    click.echo(f"  columns: {result.mapping}")
    click.echo(
        f"  rows read {result.rows_read:,} = loaded {result.rows_loaded:,} + quarantined "
        f"{result.rows_quarantined:,}"
    )
    click.echo(
        f"  money read £{result.amount_read:,.2f} = loaded £{result.amount_loaded:,.2f} + "
        f"quarantined £{result.amount_quarantined:,.2f}"
        + ("" if result.reconciles else "  DOES NOT RECONCILE")
    )
    for reason, count, money in result.by_reason:
        click.echo(f"  quarantined: {count:,} x {reason}" + (f" (£{money:,.2f})" if money else ""))
    for rule, amount in result.excluded.items():
        click.echo(f"  excluded as not procurement ({rule}): £{amount:,.2f}")


@spend.command("import")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--body", required=True, help="The body (council, hospital...) whose spend this is.")
@click.option("--mapping", "mapping", type=_FILE, default=None, help="Column mapping file (TOML).")
@click.option(
    "--rules", type=_FILE, default=None, help="Exclusion rules (TOML) [default: built in]."
)
def import_(files: tuple[Path, ...], body: str, mapping: Path | None, rules: Path | None) -> None:
    """Import spend files (CSV or Excel): every row loaded or quarantined, totals reconciled.

    Exits 3 (bad data) when any file was refused or any payment row was quarantined, after
    importing everything that could be read; blank lines and the file's own total rows do not
    count, as they are not payments."""
    home = get_context().home
    loaded_any = False
    failures: list[str] = []
    held_back = 0
    rule_list = load_rules(rules)
    with write_ledger(home) as con, progress_bar() as progress:
        for path in files:
            try:
                result = import_file(con, path, body, mapping, rule_list, progress)
            except GreatjobsError as exc:
                failures.append(f"{path.name}: {exc}")
                click.secho(f"{path.name}: not imported: {exc}", fg="red", err=True)
                continue
            loaded_any = loaded_any or result.rows_read > 0 or result.already_imported
            held_back += result.payment_rows_held
            _print_result(result)
    if not loaded_any:
        raise DataError("Nothing could be read. " + " ".join(failures))
    if failures or held_back:
        refused = f"{len(failures)} file{'s' if len(failures) != 1 else ''} refused"
        rows = f"{held_back:,} payment row{'s' if held_back != 1 else ''} quarantined"
        raise DataError(
            f"Imported what could be read, but not everything: {refused}, {rows} "
            f'(`greatjobs spend quarantine --body "{body}"` lists the rows and why).'
        )


@spend.command()
@click.option("--body", required=True)
@format_option
def quarantine(body: str, fmt: str) -> None:
    """List the rows of a body's files that were not loaded, with the reason."""
    con = read_ledger(get_context().home)
    try:
        frame = quarantined_rows(con, body=body)
    finally:
        con.close()
    render_frame(frame, fmt, title=f"Quarantined rows: {body}")


def _place(name: str | None) -> PlaceScope | None:
    if name is None:
        return None
    from greatjobs.geography import resolve_place

    with get_context().warehouse() as wh:
        return place_scope(wh, resolve_place(wh, name))


def _staff(total: Decimal | None, local: Decimal | None, share: float | None) -> StaffPay | None:
    problems = staff_pay_problems(total, local, share)
    if problems:
        raise DataError(" ".join(f"{_STAFF_OPTIONS[k]}: {m}" for k, m in problems.items()))
    if total is None or local is None or share is None:
        return None
    return StaffPay(total, local, share)


def _engine(name: str, con: Any) -> Any:
    if name == "spark":
        from greatjobs.store.spark_store import SparkBackend

        return SparkBackend()
    from greatjobs.store.backend import DuckDBBackend

    return DuckDBBackend(con)


@spend.command()
@click.option("--body", "bodies", multiple=True, help="Body (repeat for several) [default: all].")
@click.option("--place", default=None, help="Place whose suppliers count as local.")
@click.option("--year", type=int, default=None)
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@click.option("--lm3-survey", type=_FILE, default=None, help="Supplier survey CSV for LM3.")
@click.option(
    "--staff-pay", type=Pounds(), default=None, help="LM3: the anchor's total staff pay, £."
)
@click.option(
    "--staff-pay-local",
    type=Pounds(),
    default=None,
    help="LM3: pay to staff living in the place, £ (at most --staff-pay).",
)
@click.option(
    "--staff-local-spend-share",
    type=float,
    default=None,
    metavar="X",
    help="LM3: share (0 to 1) of their pay that staff living in the place spend there, from a "
    "staff survey (no default).",
)
@format_option
def report(
    bodies: tuple[str, ...],
    place: str | None,
    year: int | None,
    engine: str,
    lm3_survey: Path | None,
    staff_pay: Decimal | None,
    staff_pay_local: Decimal | None,
    staff_local_spend_share: float | None,
    fmt: str,
) -> None:
    """Where the money goes, with the coverage of every figure."""
    staff = _staff(staff_pay, staff_pay_local, staff_local_spend_share)
    scope = _place(place)
    con = read_ledger(get_context().home)
    backend = _engine(engine, con)
    try:
        result = spend_report(
            con, backend, list(bodies) or None, year, scope, survey=lm3_survey, staff=staff
        )
    finally:
        backend.close()
        con.close()
    _render(result, fmt)


ANCHOR_COLUMNS = (
    "body",
    "threshold",
    "first_paid",
    "last_paid",
    "in_scope_gbp",
    "suppliers",
    "top10_share",
    "top300_share",
    "coverage",
    "share_in_place",
)


def _render(result: SpendReport, fmt: str) -> None:
    sections = {
        "headline": result.headline,
        "exclusions": result.exclusions,
        "districts": result.districts,
        "trend": result.trend,
        "leakage": result.leakage,
        "top_suppliers": result.top_suppliers,
        "anchors": result.anchors,
        "shared": result.shared,
        "opportunities": result.opportunities,
    }
    if fmt == "json":
        out: dict[str, Any] = {
            "bodies": result.bodies,
            "year": result.year,
            "place": result.place,
            "engine": result.engine,
            "coverage": result.coverage,
            "notes": result.notes,
            "lm3": result.lm3,  # pounds as strings (Decimal), like the tables' columns
        }
        for key, frame in sections.items():
            out[key] = json.loads(frame.to_json(orient="records", date_format="iso"))
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        render_frame(result.headline, "csv")
        return
    title = f"Spend: {', '.join(result.bodies)}" + (f", {result.year}" if result.year else "")
    render_frame(result.headline, fmt, title=title, caption=" ".join(result.notes))
    click.echo(_lm3_line("LM3, suppliers only", result.lm3, result.lm3["coverage"]))
    if result.lm3["with_staff"] is not None:
        click.echo(_lm3_line("LM3 with staff", result.lm3["with_staff"], result.lm3["coverage"]))
    if len(result.anchors) > 2:  # several anchors, and all of them together
        anchors = result.anchors[list(ANCHOR_COLUMNS)]
        render_frame(anchors, fmt, title="The anchors compared, and together as one buyer")
    for key, title in (
        ("shared", "Suppliers several anchors share (first 20)"),
        (
            "opportunities",
            "Buying together: shared suppliers not known to be in the place (first 20)",
        ),
    ):
        if not sections[key].empty:
            render_frame(pd.DataFrame(sections[key].head(20)), fmt, title=title)
    for key in ("exclusions", "districts", "trend", "leakage"):
        if not sections[key].empty:
            render_frame(sections[key], fmt, title=key.replace("_", " ").capitalize())
    render_frame(
        pd.DataFrame(result.top_suppliers.head(20)),
        fmt,
        title="Top suppliers (first 20 of up to 300)",
    )


def _lm3_line(label: str, rounds: dict[str, Any], coverage: float | None) -> str:
    if rounds["lm3"] is None:
        return f"{label}: not available (no resolved spend)."
    return (
        f"{label}: {rounds['lm3']:.2f} (R1 £{rounds['r1_gbp']:,.2f}, R2 £{rounds['r2_gbp']:,.2f}, "
        f"R3 £{rounds['r3_gbp']:,.2f}; coverage of supplier spend {coverage or 0:.0%})"
    )
