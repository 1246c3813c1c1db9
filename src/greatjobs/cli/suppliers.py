"""``greatjobs suppliers``: resolve the suppliers in the spend ledger, review and decide links."""

from __future__ import annotations

import getpass

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame, render_record
from greatjobs.spend.ledger import read_ledger, write_ledger


@click.group()
def suppliers() -> None:
    """Who the spend went to: cluster supplier names, link them to registers, classify them."""


@suppliers.command("resolve")
@click.option("--body", default=None, help="Only link this body's suppliers (default: all).")
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where Splink runs: DuckDB in memory, or Apache Spark in local mode.",
)
@click.option("--auto-accept", type=float, default=None, help="Match weight to accept a link.")
@click.option("--review", type=float, default=None, help="Match weight to queue a link.")
def resolve(body: str | None, engine: str, auto_accept: float | None, review: float | None) -> None:
    """Cluster aliases, link suppliers to the loaded registers, and classify them."""
    from greatjobs.spend.suppliers.engine import make_engine
    from greatjobs.spend.suppliers.model import LinkageSpec
    from greatjobs.spend.suppliers.resolve import resolve_suppliers

    defaults = LinkageSpec()
    spec = LinkageSpec(
        auto_accept_weight=defaults.auto_accept_weight if auto_accept is None else auto_accept,
        review_weight=defaults.review_weight if review is None else review,
    )
    if spec.review_weight > spec.auto_accept_weight:
        raise click.BadParameter("--review must not be above --auto-accept.")
    context = get_context()
    with context.warehouse() as warehouse, write_ledger(context.home) as ledger:
        result = resolve_suppliers(
            ledger, warehouse, body=body, engine=make_engine(engine), spec=spec
        )
    for line in result.summary_lines():
        click.echo(line)


@suppliers.command("review")
@click.option(
    "--status",
    type=click.Choice(["review", "auto", "confirmed", "rejected"]),
    default="review",
    show_default=True,
    help="Which candidate links to list.",
)
@format_option
def review(status: str, fmt: str) -> None:
    """The review queue: candidate links a person should confirm or reject."""
    from greatjobs.spend.suppliers.review import review_queue

    ledger = read_ledger(get_context().home)
    try:
        queue = review_queue(ledger, status)
    finally:
        ledger.close()
    if fmt == "table":
        queue = queue[
            [
                "supplier_key",
                "supplier_names",
                "spend_gbp",
                "register",
                "register_id",
                "register_name",
                "register_postcode",
                "match_weight",
                "levels",
            ]
        ]
    render_frame(
        queue,
        fmt,
        title=f"{len(queue)} candidate link(s) with status '{status}'",
        caption="Decide: greatjobs suppliers decide KEY REGISTER_ID --confirm|--reject",
    )


@suppliers.command("decide")
@click.argument("supplier_key")
@click.argument("register_id")
@click.option("--confirm", "decision", flag_value="confirmed", help="The link is right.")
@click.option("--reject", "decision", flag_value="rejected", help="The link is wrong.")
@click.option("--register", default=None, help="Which register, if the id is in several.")
@click.option("--by", "decided_by", default=None, help="Who decided [default: your user name].")
def decide(
    supplier_key: str,
    register_id: str,
    decision: str | None,
    register: str | None,
    decided_by: str | None,
) -> None:
    """Confirm or reject the link between a supplier and a register record (kept for re-runs)."""
    from greatjobs.spend.suppliers.review import decide as record_decision

    if decision is None:
        raise click.UsageError("Say --confirm or --reject.")
    context = get_context()
    with context.warehouse() as warehouse, write_ledger(context.home) as ledger:
        done = record_decision(
            ledger,
            supplier_key,
            register_id,
            decision,
            decided_by or f"cli:{getpass.getuser()}",
            register=register,
            warehouse=warehouse,
        )
    click.echo(
        f"{done['decision'].capitalize()} {done['supplier_key']} -> {done['register']} "
        f"{done['register_id']} (by {done['decided_by']}); reused by every later resolve."
    )


@suppliers.command("registers")
@format_option
def registers(fmt: str) -> None:
    """Which registers are loaded into the ledger, with their vintage and size."""
    from greatjobs.spend.suppliers.registers import loaded_registers

    ledger = read_ledger(get_context().home)
    try:
        frame = loaded_registers(ledger)
    finally:
        ledger.close()
    if fmt == "table":
        frame = frame[["register", "loaded", "vintage", "records", "publisher", "loaded_at"]]
    missing = frame.loc[~frame["loaded"].astype(bool), "register"].tolist()
    render_frame(
        frame.astype(object).where(pd.notna(frame), None),
        fmt,
        title="Registers for supplier resolution",
        caption=(
            f"Not loaded: {', '.join(missing)}. Load with `greatjobs data update --source "
            "companies-house|charities|mutuals`, then `greatjobs suppliers resolve`."
            if missing
            else "All registers loaded."
        ),
    )


@suppliers.command("show")
@click.argument("supplier_key")
@format_option
def show(supplier_key: str, fmt: str) -> None:
    """A supplier's profile: register, location, type, size, sector, and how each was decided."""
    from greatjobs.spend.suppliers.resolve import supplier_profile

    ledger = read_ledger(get_context().home)
    try:
        record = supplier_profile(ledger, supplier_key)
    finally:
        ledger.close()
    render_record(record, fmt, title=supplier_key)
