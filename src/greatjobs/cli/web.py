"""``greatjobs serve`` and ``greatjobs web``: run the web app, set it up, manage it."""

from __future__ import annotations

import os

import click

from greatjobs.cli.context import get_context
from greatjobs.errors import ExtraMissingError

SETTINGS_MODULE = "greatjobs.web.settings"


def _django() -> None:
    """Point Django at greatjobs' settings and the chosen home, then set it up."""
    try:
        import django
    except ImportError as exc:
        raise ExtraMissingError("The web app", "web") from exc

    os.environ["GREATJOBS_HOME"] = str(get_context().home.root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()


def _production() -> bool:
    return os.environ.get("GREATJOBS_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"}


def _default_workers() -> int:
    """One worker process per core, plus one: pages spend their time in DuckDB and pandas
    (which release the GIL only in part), so processes, not threads, use the cores."""
    return (os.cpu_count() or 1) + 1


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes [default: the number of cores + 1].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Threads per worker (a slow page does not hold up the others).",
)
@click.option(
    "--dev",
    is_flag=True,
    help="Django's single-process development server instead (for working on greatjobs).",
)
def serve(host: str, port: int, workers: int | None, threads: int, dev: bool) -> None:
    """Serve the web app with a production server (gunicorn): applies migrations and collects
    static files first, then serves on HOST:PORT until Ctrl+C.

    Behind a reverse proxy that terminates TLS, set GREATJOBS_PRODUCTION=1 (see the README).
    """
    if "GREATJOBS_ALLOWED_HOSTS" not in os.environ and host not in {"127.0.0.1", "localhost"}:
        os.environ["GREATJOBS_ALLOWED_HOSTS"] = f"127.0.0.1,localhost,{host}"
    _django()
    from django.core.management import call_command
    from django.db import connections

    get_context().home.ensure()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"greatjobs is running at http://{host}:{port}/ (press Ctrl+C to stop)")
    if dev:
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
        return
    connections.close_all()  # the workers open their own
    from greatjobs.web.server import run_server

    run_server(f"{host}:{port}", workers or _default_workers(), threads)


@click.group()
def web() -> None:
    """The web app: set it up (database, roles, demo users) and run Django management commands."""


@web.command("setup")
@click.option(
    "--demo/--no-demo",
    default=None,
    help="Create one demo user per role [default: yes, unless GREATJOBS_PRODUCTION=1].",
)
def setup(demo: bool | None) -> None:
    """Create or update the app database, the roles and (unless in production) demo users.

    Demo users are admin, analyst, commissioner, assessor, supplier, supplier2 and employer; each
    password is the user name followed by '-demo-password' (e.g. analyst-demo-password). Never use
    them in production. With them come a few ILLUSTRATIVE records (a social value contract with
    two bids, a charter self-assessment, the skills provider file), created once.
    """
    _django()
    from django.core.management import call_command

    from greatjobs.web.accounts.provisioning import (
        create_demo_records,
        create_demo_users,
        ensure_roles,
    )

    get_context().home.ensure()
    call_command("migrate", interactive=False, verbosity=0)
    roles = ensure_roles()
    click.echo(f"Database ready; roles: {', '.join(g.name for g in roles)}.")
    if demo is None:
        demo = not _production()
    if not demo:
        click.echo("No demo users created. Create users with: greatjobs web manage createsuperuser")
        return
    click.echo("Demo users (for demonstration only; do not use in production):")
    for user in create_demo_users():
        org = f", {user.organisation}" if user.organisation else ""
        click.echo(f"  {user.username:<13} password {user.password:<28} role {user.role}{org}")
    click.echo("Demo records (ILLUSTRATIVE, for trying the app):")
    for line in create_demo_records():
        click.echo(f"  {line}")


@web.command(
    "manage",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. greatjobs web manage check --deploy.

    Everything after the command's name goes to Django: greatjobs web manage check --help.
    Without a command, lists them all.
    """
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["greatjobs web manage", *args])
