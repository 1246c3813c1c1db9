"""What every command needs: where greatjobs lives (from GREATJOBS_HOME) and the warehouse."""

from __future__ import annotations

import os
from dataclasses import dataclass

import click
import duckdb

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
