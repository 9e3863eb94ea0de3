"""courtscreen users / courtscreen audit: who may use a shared database, and the append-only log."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from courtscreen.cli.base import EXIT_NOT_ALLOWED, EXIT_USAGE, _engine, _fail, _require, _settings, cli

ROLE = click.Choice(["clerk", "probation_officer", "judicial_staff", "administrator"])


@cli.group("users")
def users_group():
    """Registered users of a shared database and their roles."""


def _roles(ctx):
    from courtscreen.domain.roles import load_roles

    return load_roles(_settings(ctx).role_overrides)


def _change(ctx, fn, *args, **kwargs):
    from courtscreen.domain.roles import PermissionDenied
    from courtscreen.store.users import UserError

    try:
        return fn(*args, **kwargs)
    except UserError as exc:
        _fail(str(exc), EXIT_USAGE)
    except PermissionDenied as exc:
        _fail(str(exc), EXIT_NOT_ALLOWED)


@users_group.command("list")
@click.pass_context
def list_cmd(ctx):
    """List the registered users, their roles and whether they are active."""
    from courtscreen.store.users import list_users

    engine = _engine(ctx.parent)
    users = list_users(engine)
    if not users:
        click.echo("No users are registered: this is a single-user database (anyone who opens it may do "
                   "everything). Register an administrator to share it: courtscreen users add NAME "
                   "--role administrator")
        return
    roles = _roles(ctx.parent)
    for u in users:
        label = roles[u.role].label if u.role in roles else u.role
        click.echo(f"{u.name:<32} {label:<20} {'active' if u.active else 'deactivated'}")


@users_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=ROLE)
@click.pass_context
def add_cmd(ctx, name, role):
    """Register NAME (as set in COURTSCREEN_USER / --user) with a role. The first must be an administrator."""
    from courtscreen.store.users import add_user, list_users

    engine = _engine(ctx.parent)
    first = not list_users(engine)
    access, roles = ctx.obj["access"], _roles(ctx.parent)
    user = _change(ctx, add_user, engine, access, name, role, roles)
    click.echo(f"Registered {user.name} as {roles[role].label.lower()}.")
    if first and user.name.lower() != access.user.lower():
        click.echo(f"Note: you are working as {access.user!r}, who is not registered; from now on only "
                   "registered users can open this database.")


@users_group.command("set-role")
@click.argument("name")
@click.argument("role", type=ROLE)
@click.pass_context
def set_role_cmd(ctx, name, role):
    """Change a user's role (administrators only)."""
    user = _update(ctx, name, role=role)
    click.echo(f"{user.name} is now {_roles(ctx.parent)[user.role].label.lower()}.")


@users_group.command("deactivate")
@click.argument("name")
@click.pass_context
def deactivate_cmd(ctx, name):
    """Stop NAME from using the database (their records and audit entries stay)."""
    click.echo(f"{_update(ctx, name, active=False).name} is deactivated.")


@users_group.command("activate")
@click.argument("name")
@click.pass_context
def activate_cmd(ctx, name):
    """Let a deactivated user back in."""
    click.echo(f"{_update(ctx, name, active=True).name} is active again.")


def _update(ctx, name: str, **change):
    from courtscreen.store.users import update_user

    engine = _engine(ctx.parent)
    return _change(ctx, update_user, engine, ctx.obj["access"], name, _roles(ctx.parent), **change)


@cli.group("audit")
def audit_group():
    """The append-only audit log."""


@audit_group.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--case", "case_number", help="Only this case.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.pass_context
def audit_export_cmd(ctx, out, case_number, force):
    """Write the audit log to OUT as CSV (who changed what, when, old → new), oldest first."""
    import sqlalchemy as sa

    from courtscreen.exporting.cells import csv_text
    from courtscreen.store.models import AuditEntry, CourtCase
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    engine = _engine(ctx.parent)
    _require(ctx.parent, "export_audit", "export the audit log")
    if out.exists() and not force:
        _fail(f"{out} already exists; choose another name or add --force to replace it.", EXIT_USAGE)
    if not out.parent.is_dir():
        _fail(f"{out.parent} is not a folder; create it or choose another path.", EXIT_USAGE)
    a, c = AuditEntry.__table__, CourtCase.__table__
    q = (sa.select(a.c.id, a.c.at, a.c.user_name, c.c.case_number, a.c.record, a.c.record_id, a.c.action,
                   a.c.field_name, a.c.old_value, a.c.new_value)
         .join(c, c.c.id == a.c.case_id, isouter=True).order_by(a.c.id))
    if case_number:
        try:
            q = q.where(a.c.case_id == find_case_id(engine, case_number))
        except ScreeningNotFound as exc:
            _fail(str(exc), EXIT_USAGE)
    temp = out.with_name(f".{out.name}.part")
    n = 0
    try:
        with engine.connect() as conn, temp.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["entry", "at (UTC)", "user", "case", "record", "record id", "action", "field",
                             "old", "new"])
            for row in conn.execute(q):
                writer.writerow([row[0], f"{row[1]:%Y-%m-%d %H:%M:%S}",
                                 *(csv_text("" if v is None else str(v)) for v in row[2:])])
                n += 1
        temp.replace(out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        _fail(f"{out}: cannot be written ({exc.strerror}).", EXIT_USAGE)
    click.echo(f"Wrote {n:,} audit entries to {out}.")

