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

from greatjobs.provenance import Provenance

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
    provenance: Provenance | None = None,
) -> None:
    """Print a frame. Tables get a title and a caption: ``caption``, then the result's
    ``provenance`` (sources, licences, method, notes); CSV/JSON stay pure."""
    out = out or sys.stdout
    caption = provenance_caption(provenance, caption) if provenance is not None else caption
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


def provenance_caption(provenance: Provenance, lead: str | None = None) -> str:
    """A result's provenance as a caption under a table (after ``lead``, if any): one line per
    dataset, its method and its notes, as :meth:`Provenance.lines` gives them."""
    return "\n".join([*([lead] if lead else []), *provenance.lines()])


def print_provenance(provenance: Provenance, out: TextIO | None = None) -> None:
    """Print a result's provenance on its own, as the caption of what was printed before it."""
    console = Console(file=out or sys.stdout, width=_width(out or sys.stdout))
    console.print(provenance_caption(provenance), style="dim", highlight=False)


def render_record(
    record: dict[str, Any],
    fmt: str,
    title: str | None = None,
    provenance: Provenance | None = None,
) -> None:
    """Print one record: a two-column table, or a one-row CSV, or a JSON object. A result's
    ``provenance`` goes in the JSON object (``provenance``) and under the table."""
    if provenance is not None and fmt == "json":
        record = {**record, "provenance": provenance.as_dict()}
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
    if provenance is not None:
        print_provenance(provenance)


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
