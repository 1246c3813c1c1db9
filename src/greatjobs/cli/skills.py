"""``greatjobs skills``: import provider data and read the scorecard and its flags."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import click
import pandas as pd

from greatjobs.cli.context import get_context
from greatjobs.cli.render import format_option, render_frame
from greatjobs.errors import DataError
from greatjobs.skills import build_scorecard, illustrative_records_path, import_records
from greatjobs.skills.store import list_imports, load_import, save_import

SCORECARD_COLUMNS = {
    "provider": "provider",
    "course": "course",
    "level": "level",
    "starts": "starts",
    "achievement_rate": "achievement",
    "sustained_rate": "sustained",
    "job_rate": "in work",
    "cost_per_achievement": "£/achievement",
    "cost_per_sustained_job": "£/sustained job",
    "uplift_per_public_pound": "uplift/£",
    "flags": "flags",
}


def imported_by() -> str:
    """Who an import from the command line is recorded as: ``cli:`` and the user's login name."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


@click.group()
def skills() -> None:
    """Training providers: scorecards, flags for poor value, and alignment with demand."""


@skills.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Import the bundled ILLUSTRATIVE demo file.")
@format_option
def import_command(file: Path | None, demo: bool, fmt: str) -> None:
    """Validate every row of a provider CSV and keep the rows that pass.

    Rejected rows are listed with their line, column and reason (loaded + rejected = read); the
    exit code is 3 when any row was rejected.
    """
    if (file is None) == (not demo):
        raise click.UsageError("Give a FILE or --demo (not both).")
    path = illustrative_records_path() if demo else file
    assert path is not None
    result = import_records(path)
    save_import(get_context().home, result, path.name, imported_by())
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    click.echo(
        f"Read {result.read} rows: loaded {result.loaded}, rejected {result.rejected}.", err=True
    )
    if result.errors:
        render_frame(result.errors_frame(), fmt, title="Rejected rows")
        sys.exit(DataError.exit_code)


@skills.command("imports")
@format_option
def imports_command(fmt: str) -> None:
    """Every provider import, from the command line or the web, latest first: who, when, rows."""
    found = list_imports(get_context().home)
    frame = pd.DataFrame(
        [
            {
                "import": i.import_id,
                "file": i.source,
                "imported_by": i.imported_by,
                "imported_at": i.imported_at.isoformat(timespec="seconds"),
                "read": i.read,
                "loaded": i.loaded,
                "rejected": i.rejected,
            }
            for i in found
        ],
        columns=["import", "file", "imported_by", "imported_at", "read", "loaded", "rejected"],
    )
    render_frame(
        frame,
        fmt,
        title="Provider imports",
        caption="The scorecard reads the latest import that loaded any row."
        if found
        else "No imports yet: `greatjobs skills import FILE` or the web's Skills page.",
    )


@skills.command("scorecard")
@click.option("--flagged", is_flag=True, help="Only courses that raise at least one flag.")
@click.option(
    "--rules",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="The Commission's flag rules (TOML) instead of the illustrative defaults.",
)
@format_option
def scorecard_command(flagged: bool, rules: Path | None, fmt: str) -> None:
    """Cost per achievement and per sustained job, rates with 95% intervals, value per public
    pound where earnings are known, and flags with the numbers behind them."""
    records, meta = load_import(get_context().home)
    card = build_scorecard(records, rules_path=rules)
    if flagged:
        card = card[card["flag_count"] > 0]
    if fmt == "json":
        out = json.loads(card.to_json(orient="records"))
        json.dump({"source": meta, "courses": out}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        render_frame(card, fmt)
        return
    table = card[list(SCORECARD_COLUMNS)].rename(columns=SCORECARD_COLUMNS)
    for col in ("achievement", "sustained", "in work"):
        table[col] = (100 * table[col]).round(0).map(lambda v: "" if pd.isna(v) else f"{v:.0f}%")
    notes = [str(n) for n in meta.get("notes", [])]  # type: ignore[attr-defined]
    render_frame(
        table,
        fmt,
        title=f"Provider scorecard ({meta.get('source')})",
        caption=" ".join(notes) + " Rates: 95% Wilson intervals in --format csv/json. "
        "Method: docs/methods/skills-value.md.",
    )
    for row in card[card["flag_count"] > 0].itertuples():
        click.echo(f"FLAG {row.provider} / {row.course}: {row.flag_reasons}")
