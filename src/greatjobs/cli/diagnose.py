"""``greatjobs diagnose``: league tables, deprivation and the inclusive-growth index."""

from __future__ import annotations

import click

from greatjobs.cli import diagnose_deprivation, diagnose_league


@click.group()
def diagnose() -> None:
    """Where a place stands: indicators, league tables, deprivation, inclusive-growth index."""


diagnose.add_command(diagnose_league.indicators)
diagnose.add_command(diagnose_league.league)
diagnose.add_command(diagnose_deprivation.deprivation)
diagnose.add_command(diagnose_deprivation.index)
