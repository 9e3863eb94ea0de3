"""Who may open this database and what their role allows: the one query the app makes at start.

Kept apart from users.py so that opening the app does not import the ORM
models (SQLModel and pydantic cost ~0.2 s of start-up); a lightweight table
handle is enough to read one row.

Identity:
- SQLite (one desk): the name from --user / COURTSCREEN_USER / the OS login, as before.
- PostgreSQL: the database's session_user. A login mapped to a registered user
  (app_user.login) IS that user; a claimed name (--user, COURTSCREEN_USER) that
  disagrees is refused. A login mapped to nobody is refused once users are
  registered, except a superuser or the database's owner (the court's IT
  person, who can change every table anyway): their claimed name is used, so
  they can register the first administrator and give existing users logins.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.roles import Access, PermissionDenied, Role, everything, load_roles

app_user = sa.table("app_user", sa.column("name"), sa.column("role"), sa.column("active"),
                    sa.column("login"))


class IdentityRefused(PermissionDenied):
    """The database login and the name given disagree, or the login is nobody's."""


def _session(conn) -> tuple[str, bool, bool]:
    """(session_user, whether that login is a superuser or owns this database, whether it is in a
    courtscreen group role)."""
    row = conn.execute(sa.text(
        "SELECT session_user, r.rolsuper OR d.datdba = r.oid, EXISTS (SELECT 1 FROM pg_auth_members m "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname LIKE 'courtscreen\\_%') "
        "FROM pg_roles r, pg_database d WHERE r.rolname = session_user AND d.datname = current_database()"
    )).first()
    return (row[0], bool(row[1]), bool(row[2])) if row else ("", False, False)


def _not_registered(login: str) -> IdentityRefused:
    return IdentityRefused(
        f"the database login {login!r} is not registered to any courtscreen user. Connect with "
        "your own login (ask your courtscreen administrator: courtscreen users add NAME --role "
        "ROLE --login LOGIN), not a shared one.")


def check_login(conn) -> None:
    """PostgreSQL: refuse, with a message, a login that is in no courtscreen group (the server would
    refuse its every read with a raw permission error)."""
    if conn.dialect.name != "postgresql":
        return
    login, trusted, member = _session(conn)
    if not trusted and not member:
        raise _not_registered(login)


def access_for(engine: Engine, user: str, role_overrides: dict | None = None, *,
               claimed: str | None = None) -> Access:
    """What `user` may do in this database; refuses an unregistered or deactivated user.

    claimed: the name the person asked to work as (--user / COURTSCREEN_USER), checked against the
    PostgreSQL login; None when they did not ask (then `user` is only a default).
    """
    roles = load_roles(role_overrides)
    with engine.connect() as conn:
        check_login(conn)
        if conn.execute(sa.select(sa.func.count()).select_from(app_user)).scalar_one() == 0:
            return Access(claimed or user, everything())
        row = None
        if conn.dialect.name == "postgresql":
            login, trusted, _member = _session(conn)
            row = conn.execute(sa.select(app_user).where(app_user.c.login == login)).mappings().first()
            if row is None and not trusted:
                raise _not_registered(login)
            if row is not None and claimed and claimed.strip().lower() != row["name"].lower():
                raise IdentityRefused(
                    f"you are connected as the database login {login!r}, registered to {row['name']!r}; "
                    f"--user / COURTSCREEN_USER ({claimed!r}) cannot change who you are on a shared "
                    "database. Leave them unset, or connect with your own login.")
        if row is None:
            name = claimed or user
            row = conn.execute(sa.select(app_user).where(sa.func.lower(app_user.c.name) == name.lower())
                               ).mappings().first()
    if row is None:
        raise PermissionDenied(
            f"{name!r} is not a registered user of this database. Ask your courtscreen administrator "
            f"to run: courtscreen users add \"{name}\" --role clerk (or another role), or set "
            "COURTSCREEN_USER / --user to your registered name.")
    if not row["active"]:
        raise PermissionDenied(f"{row['name']!r} has been deactivated in this database; ask your "
                               "courtscreen administrator.")
    role: Role = roles.get(row["role"]) or Role(row["role"], row["role"], frozenset())
    return Access(row["name"], role)


def can_read_confidential_values(conn) -> bool:
    """Whether this session may read protected_detail.value (PostgreSQL column privilege; SQLite: yes)."""
    if conn.dialect.name != "postgresql":
        return True
    return bool(conn.execute(sa.text(
        "SELECT has_column_privilege('protected_detail', 'value', 'SELECT')")).scalar())
