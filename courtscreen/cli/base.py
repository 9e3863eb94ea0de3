"""Command line, shared parts: `courtscreen` opens the TUI; subcommands do the same work headless.

Exit codes (also in the README):
  0  done
  1  unexpected internal error (please report it)
  2  bad command-line usage
  3  import done, but some rows were not imported (they are listed)
  4  the file could not be imported; nothing was changed
  5  database problem (cannot connect, schema out of date); nothing was changed
  7  not allowed: the user's role (or the database login) does not allow this; the refusal is logged
  8  audit verify: the audit trail's hash chain is broken (the first broken row is named)
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from courtscreen import clock
from courtscreen.config import ConfigError, Settings, load_settings

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_ROWS_REJECTED, EXIT_IMPORT_FAILED, EXIT_DATABASE = range(6)
SAMPLE_DOCKET = Path(__file__).resolve().parents[2] / "fixtures" / "sample_docket.xlsx"


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _engine(ctx: click.Context, create: bool = True):
    """The engine, with the schema checked (an empty database is created) and the user admitted.

    In a database with registered users, someone who is not registered (or was
    deactivated) is stopped here, before any command reads a case.
    """
    from courtscreen.store.migrate import ensure_schema

    engine = _open_engine(ctx, _settings(ctx).database_url)
    if create:
        ensure_schema(engine)
        ctx.obj["access"] = _access(ctx, engine)
    return engine


def _open_engine(ctx: click.Context, url: str):
    """An engine closed when the command ends, not left to the interpreter's exit (SQLite then
    folds its write-ahead log into the database file and removes it)."""
    from courtscreen.store.database import make_engine

    engine = make_engine(url)
    ctx.call_on_close(engine.dispose)
    return engine


def _require(ctx: click.Context, permission: str, what: str) -> None:
    """Stop unless the current user's role allows `permission` (call after _engine)."""
    from courtscreen.domain.roles import PermissionDenied, load_roles

    try:
        ctx.obj["access"].require(permission, what, load_roles(_settings(ctx).role_overrides))
    except PermissionDenied as exc:
        _refuse(ctx, exc, what)


def _refuse(ctx: click.Context, exc: Exception, what: str, user: str | None = None) -> None:
    """Log who tried what in the audit trail, then stop with the message."""
    from courtscreen.store.trail import log_refusal

    engine = ctx.obj.get("engine")
    if engine is not None:
        access = ctx.obj.get("access")
        log_refusal(engine, user or (access.user if access else _settings(ctx).user), what, str(exc))
    _fail(str(exc), EXIT_NOT_ALLOWED)


def claimed_user(ctx: click.Context) -> str | None:
    """The name the person asked to work as (--user or COURTSCREEN_USER), None if they did not."""
    return ctx.obj.get("claimed") or os.environ.get("COURTSCREEN_USER") or None


EXIT_NOT_ALLOWED = 7  # the user's role does not allow this (6 is export's "cannot write the file")


def _access(ctx: click.Context, engine):
    """Who is working and what they may do here; stops a stranger or a deactivated user.

    (The config's [roles] were already checked when the settings were loaded.)
    """
    from courtscreen.domain.roles import PermissionDenied
    from courtscreen.store.access import access_for

    settings = _settings(ctx)
    ctx.obj["engine"] = engine
    try:
        access = access_for(engine, settings.user, settings.role_overrides, claimed=claimed_user(ctx))
        if access.user != settings.user:  # PostgreSQL: the login's registered name is who is recorded
            from dataclasses import replace

            ctx.obj["settings"] = replace(settings, user=access.user)
        return access
    except PermissionDenied as exc:
        _refuse(ctx, exc, f"open the database as {claimed_user(ctx) or settings.user!r} ({ctx.info_name})",
                user=claimed_user(ctx) or settings.user)


def _fail(message: str, code: int) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", metavar="URL", help="Database URL (default: "
              "COURTSCREEN_DATABASE_URL, else a SQLite file in your user data folder).")
@click.option("--user", metavar="NAME", help="Your name as recorded on imports and screenings.")
@click.version_option(package_name="courtscreen")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, user: str | None) -> None:
    """Screen a court docket for stalking. Without a command, opens the docket app."""
    try:
        ctx.obj = {"settings": load_settings(database_url, user), "claimed": user}
    except ConfigError as exc:
        _fail(str(exc), EXIT_USAGE)
    if ctx.invoked_subcommand is None:
        _run_tui(ctx)


def _run_tui(ctx: click.Context, import_first: Path | None = None) -> None:
    from courtscreen.domain.roles import PermissionDenied
    from courtscreen.store.database import DatabaseError
    from courtscreen.tui.app import run_app

    try:
        _check_identity(ctx)
        run_app(_settings(ctx), import_first=import_first)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    except PermissionDenied as exc:
        _fail(str(exc), EXIT_NOT_ALLOWED)


def _check_identity(ctx: click.Context) -> None:
    """On PostgreSQL, refuse before the app opens when --user / COURTSCREEN_USER disagrees with the login
    (the app itself takes its identity from the login)."""
    url = _settings(ctx).database_url
    if claimed_user(ctx) and not url.startswith("sqlite"):
        _engine(ctx)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing half-written (an import in progress was rolled back).", err=True)
        sys.exit(130)
    except clock.ClockError as exc:  # a bad COURTSCREEN_TODAY: the user's setting, not a crash
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # last resort: a message and a log file, never a bare traceback
        from courtscreen.store.safe_errors import safe_error

        log = _write_crash_log(exc)
        click.secho(f"Internal error: {safe_error(exc)}\nDetails were written to {log}; "
                    "please send that file to your courtscreen support contact.", fg="red", err=True)
        sys.exit(EXIT_INTERNAL)
    finally:
        # The process ends next. Python's last garbage collections would walk everything
        # still in memory (after a big import, ~0.3 s) only to free it at exit anyway.
        gc.freeze()


def _write_crash_log(exc: BaseException) -> Path:
    import tempfile
    import traceback

    from courtscreen.config import default_data_dir

    try:
        folder = default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "courtscreen-error.log"
    from courtscreen.store.safe_errors import safe_error_text

    # Owner-only: a traceback can hold case data. Scrubbed: no SQL parameters or row values.
    with os.fdopen(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8") as fh:
        fh.write(safe_error_text("".join(traceback.format_exception(exc))) + "\n")
    return log

