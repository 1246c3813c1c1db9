"""``greatjobs demo``: load the demo data into the home and say what was loaded."""

from __future__ import annotations

import sys

import click

from greatjobs.cli.context import get_context
from greatjobs.cli.progress import progress_bar
from greatjobs.errors import DataError


@click.command()
def demo() -> None:
    """Load the demo data: the bundled councils' spend files (every row loaded or quarantined,
    totals reconciled), their suppliers resolved against the registers held offline, and the
    ILLUSTRATIVE skills provider file.

    Needs the warehouse (greatjobs data build). Safe to run again: it adds nothing the second
    time. Exit code 3 if a file does not reconcile.
    """
    from greatjobs.demo import load_demo

    context = get_context()
    with context.warehouse() as warehouse, progress_bar() as progress:
        result = load_demo(context.home, warehouse, progress)
    for line in result.summary_lines():
        click.echo(line)
    if not result.reconciles:
        sys.exit(DataError.exit_code)
