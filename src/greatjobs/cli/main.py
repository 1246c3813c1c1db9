"""The ``greatjobs`` command: a thin face over the library (parse, call, render).

Exit codes scripts can rely on: 0 success; 1 unexpected error; 2 usage error; 3 bad or missing data;
4 unknown name (place, postcode, dataset...); 5 network failure; 6 warehouse not built.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from greatjobs import __version__
from greatjobs.cli.context import CliContext
from greatjobs.errors import GreatjobsError
from greatjobs.home import Home


class GreatjobsGroup(click.Group):
    """Turns library errors into a clear message on stderr and a documented exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except GreatjobsError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=GreatjobsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="greatjobs")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where greatjobs keeps its warehouse, app database and uploads "
    "[default: $GREATJOBS_HOME or ~/.local/share/greatjobs].",
)
@click.pass_context
def cli(ctx: click.Context, home: Path | None) -> None:
    """greatjobs: evidence and decisions for an inclusive industrial strategy."""
    ctx.obj = CliContext(Home(home) if home else Home.from_environ(os.environ))


def _register() -> None:
    from greatjobs.cli import data as data_commands
    from greatjobs.cli import demo as demo_commands
    from greatjobs.cli import diagnose as diagnose_commands
    from greatjobs.cli import goodwork as goodwork_commands
    from greatjobs.cli import impact as impact_commands
    from greatjobs.cli import places as places_commands
    from greatjobs.cli import postcode as postcode_commands
    from greatjobs.cli import report as report_commands
    from greatjobs.cli import sectors as sectors_commands
    from greatjobs.cli import skills as skills_commands
    from greatjobs.cli import socialvalue as socialvalue_commands
    from greatjobs.cli import spend as spend_commands
    from greatjobs.cli import suppliers as suppliers_commands
    from greatjobs.cli import web as web_commands

    cli.add_command(data_commands.data)
    cli.add_command(demo_commands.demo)
    cli.add_command(diagnose_commands.diagnose)
    cli.add_command(impact_commands.impact)
    cli.add_command(places_commands.places)
    cli.add_command(postcode_commands.postcode)
    cli.add_command(sectors_commands.sectors)
    cli.add_command(web_commands.serve)
    cli.add_command(web_commands.web)
    cli.add_command(socialvalue_commands.socialvalue)
    cli.add_command(goodwork_commands.goodwork)
    cli.add_command(skills_commands.skills)
    cli.add_command(report_commands.report)
    cli.add_command(spend_commands.spend)
    cli.add_command(suppliers_commands.suppliers)


_register()


def main() -> None:
    sys.exit(cli.main(prog_name="greatjobs", standalone_mode=True))
