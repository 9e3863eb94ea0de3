"""courtscreen db: schema upgrade and version."""

from __future__ import annotations

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    _fail,
    _settings,
    cli,
)


@cli.group("db")
def db_group():
    """Database schema: upgrade and current version."""


@db_group.command("upgrade")
@click.pass_context
def db_upgrade(ctx):
    """Bring the database schema up to date (run once after installing a new version)."""
    from courtscreen.store.database import DatabaseError, describe, make_engine
    from courtscreen.store.migrate import schema_state, upgrade

    try:
        engine = make_engine(_settings(ctx.parent).database_url)
        before = schema_state(engine)
        upgrade(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if before.is_current:
        click.echo(f"{describe(engine)} is already at the newest schema ({before.head}).")
    else:
        click.echo(f"{describe(engine)} upgraded from {before.current or 'empty'} to {before.head}.")


@db_group.command("current")
@click.pass_context
def db_current(ctx):
    """Show the database's schema version and whether it is up to date."""
    from courtscreen.store.database import DatabaseError, describe, make_engine
    from courtscreen.store.migrate import schema_state

    try:
        engine = make_engine(_settings(ctx.parent).database_url)
        state = schema_state(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    status = "up to date" if state.is_current else "out of date: run courtscreen db upgrade"
    click.echo(f"{describe(engine)}: schema {state.current or 'none (empty database)'}, "
               f"newest {state.head} ({status}).")
