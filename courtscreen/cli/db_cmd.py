"""courtscreen db: schema upgrade and version, the database's own security, copying a database."""

from __future__ import annotations

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    _engine,
    _fail,
    _open_engine,
    _require,
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
    from courtscreen.store.database import DatabaseError, describe
    from courtscreen.store.migrate import schema_state, upgrade

    try:
        engine = _open_engine(ctx, _settings(ctx.parent).database_url)
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
    from courtscreen.store.database import DatabaseError, describe
    from courtscreen.store.migrate import schema_state

    try:
        engine = _open_engine(ctx, _settings(ctx.parent).database_url)
        state = schema_state(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    status = "up to date" if state.is_current else "out of date: run courtscreen db upgrade"
    click.echo(f"{describe(engine)}: schema {state.current or 'none (empty database)'}, "
               f"newest {state.head} ({status}).")


@db_group.command("copy")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="The empty database to copy into, e.g. postgresql://user:pw@host/courtscreen.")
@click.pass_context
def db_copy(ctx, target_url):
    """Copy this database, everything in it, into an empty one (SQLite → the court's PostgreSQL)."""
    from courtscreen.store.copy import copy_database
    from courtscreen.store.database import DatabaseError, describe
    from courtscreen.store.trail import log_event

    try:
        source = _engine(ctx.parent)
    except DatabaseError as exc:
        _fail(f"{exc} Nothing was copied.", EXIT_DATABASE)
    # Every row, confidential details included: only an administrator (or the single user).
    _require(ctx.parent, "manage_users", "copy the whole database (every record, confidential details "
                                         "included)")
    user = ctx.obj["access"].user
    try:
        target = _open_engine(ctx, target_url)
        report = copy_database(source, target)
    except DatabaseError as exc:
        log_event(source, "copy", user, detail={"to": describe(_open_engine(ctx, target_url)),
                                                "error": str(exc)[:500]}, outcome="failed")
        _fail(f"{exc} Nothing was copied.", EXIT_DATABASE)
    log_event(source, "copy", user, detail={"to": describe(target), "rows": sum(report.counts.values())})
    total = sum(report.counts.values())
    click.echo(f"Copied {total:,} rows from {describe(source)} to {describe(target)}; every table's "
               "count checked:")
    for name, n in report.counts.items():
        if n:
            click.echo(f"  {name:<24} {n:>9,}")


@db_group.command("secure")
@click.pass_context
def db_secure(ctx):
    """PostgreSQL: (re)create the group roles, privileges and audit triggers (run as the database owner
    with CREATEROLE, e.g. after changing [roles] in the config, or when `db upgrade` could not)."""
    from courtscreen.store.database import DatabaseError, describe
    from courtscreen.store.security import install

    try:
        engine = _engine(ctx.parent)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if engine.dialect.name != "postgresql":
        click.echo(f"{describe(engine)} is SQLite: it has no logins or privileges; only the file's "
                   "permissions protect it (docs/deployment.md).")
        return
    _require(ctx.parent, "manage_users", "change the database's privileges")
    with engine.begin() as conn:
        missing = install(conn, _settings(ctx.parent).role_overrides)
    if missing:
        _fail("not done: " + "; ".join(missing), EXIT_DATABASE)
    click.echo(f"{describe(engine)}: group roles, privileges and audit triggers are in place.")
