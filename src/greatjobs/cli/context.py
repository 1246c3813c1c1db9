"""What every command needs: where greatjobs lives (from GREATJOBS_HOME), the warehouse, and the
place a command is about (named, or custom from ``--district``)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import click
import duckdb

from greatjobs.geography import Place, custom_place, resolve_place
from greatjobs.home import Home
from greatjobs.warehouse import open_warehouse


@dataclass
class CliContext:
    home: Home

    def warehouse(self) -> duckdb.DuckDBPyConnection:
        return open_warehouse(self.home)


def get_context() -> CliContext:
    ctx = click.get_current_context()
    obj = ctx.find_object(CliContext)
    if obj is None:
        obj = CliContext(Home.from_environ(os.environ))
        ctx.obj = obj
    return obj


district_option = click.option(
    "--district",
    "districts",
    multiple=True,
    help="Make a custom place, called by the place's name, from these districts (codes or "
    "names; repeatable).",
)


def place_from(con: duckdb.DuckDBPyConnection, name: str, districts: tuple[str, ...]) -> Place:
    """The named place, or with ``districts`` a custom place of them called ``name``. Its notes
    (e.g. district codes changed since) are the caller's to print."""
    return custom_place(con, name, list(districts)) if districts else resolve_place(con, name)
