"""courtscreen users: who may use a shared database, their roles and (PostgreSQL) their own logins."""

from __future__ import annotations

from pathlib import Path

import click

from courtscreen.cli.base import EXIT_USAGE, _engine, _fail, _refuse, _settings, cli

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
        _refuse(ctx.parent, exc, f"{ctx.info_name} users")


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
        login = f"  login {u.login}" if u.login else ""
        click.echo(f"{u.name:<32} {label:<20} {'active' if u.active else 'deactivated'}{login}")


LOGIN_HELP = ("PostgreSQL: the person's own database login (created if it does not exist, put in the "
              "group role courtscreen_ROLE).")
PASSWORD_HELP = "A file whose first line is the new login's password (else set it with libpq's usual ways)."


def _password(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"--password-file {path}: cannot be read ({exc}).", EXIT_USAGE)
    if not lines or not lines[0]:
        _fail(f"--password-file {path}: the first line (the password) is empty.", EXIT_USAGE)
    return lines[0]


@users_group.command("add")
@click.argument("name")
@click.option("--role", required=True, type=ROLE)
@click.option("--login", metavar="LOGIN", help=LOGIN_HELP)
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False), help=PASSWORD_HELP)
@click.pass_context
def add_cmd(ctx, name, role, login, password_file):
    """Register NAME with a role (the first must be an administrator). On PostgreSQL give --login."""
    from courtscreen.store.users import add_user, list_users

    engine = _engine(ctx.parent)
    if engine.dialect.name == "postgresql" and not login:
        _fail("--login: on PostgreSQL every user works through their own database login; give "
              "--login LOGIN (an existing login is adopted).", EXIT_USAGE)
    first = not list_users(engine)
    access, roles = ctx.obj["access"], _roles(ctx.parent)
    user = _change(ctx, add_user, engine, access, name, role, roles, login=login,
                   password=_password(password_file))
    click.echo(f"Registered {user.name} as {roles[role].label.lower()}"
               + (f" with the database login {user.login}." if user.login else "."))
    if first and user.name.lower() != access.user.lower() and not user.login:
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
    """Stop NAME from using the database (their records and audit entries stay).

    On PostgreSQL their login can no longer connect and the connections they have open are ended."""
    user = _update(ctx, name, active=False)
    click.echo(f"{user.name} is deactivated.")
    if user.login and user.sessions_ended:
        click.echo(f"Ended {user.sessions_ended} open connection(s) of the login {user.login}.")
    elif user.login and user.sessions_ended is None:  # logins exist on PostgreSQL only
        click.echo(f"Connections the login {user.login} already has open could not be ended here; "
                   "they end when that person closes courtscreen (run `courtscreen db upgrade` as the "
                   "database owner so administrators can end them).")


@users_group.command("activate")
@click.argument("name")
@click.pass_context
def activate_cmd(ctx, name):
    """Let a deactivated user back in."""
    click.echo(f"{_update(ctx, name, active=True).name} is active again.")


@users_group.command("set-login")
@click.argument("name")
@click.option("--login", required=True, metavar="LOGIN", help=LOGIN_HELP)
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False), help=PASSWORD_HELP)
@click.pass_context
def set_login_cmd(ctx, name, login, password_file):
    """PostgreSQL: give a registered user (e.g. one registered before logins existed) their own login."""
    from courtscreen.store.users import set_login

    engine = _engine(ctx.parent)
    user = _change(ctx, set_login, engine, ctx.obj["access"], name, login, _roles(ctx.parent),
                   password=_password(password_file))
    click.echo(f"{user.name} now works through the database login {user.login}.")


def _update(ctx, name: str, **change):
    from courtscreen.store.users import update_user

    engine = _engine(ctx.parent)
    return _change(ctx, update_user, engine, ctx.obj["access"], name, _roles(ctx.parent), **change)
