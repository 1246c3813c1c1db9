"""Render library results for the terminal: ``--format table|csv|json``, all from one frame."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format: a table for people, CSV or JSON for scripts.",
)


def render_frame(
    frame: pd.DataFrame,
    fmt: str,
    title: str | None = None,
    caption: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Print a frame. Tables get a title and a caption (source and licence); CSV/JSON stay pure."""
    out = out or sys.stdout
    if fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        json.dump(records, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        table = Table(show_lines=False)
        for column in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[column])
            table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        console = Console(file=out, width=_width(out))
        if title:
            console.print(title, style="bold", highlight=False)
        console.print(table)
        if caption:
            console.print(caption, style="dim", highlight=False)


def render_record(record: dict[str, Any], fmt: str, title: str | None = None) -> None:
    """Print one record: a two-column table, or a one-row CSV, or a JSON object."""
    if fmt == "json":
        json.dump(record, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        flat = {k: _flat(v) for k, v in record.items()}
        pd.DataFrame([flat]).to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in record.items():
        table.add_row(str(key), _flat(value))
    Console(width=_width(sys.stdout)).print(table)


def _flat(value: Any) -> str:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(str(v) for v in value)
    return _cell(value)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def _width(out: TextIO) -> int | None:
    return None if out.isatty() else 160
