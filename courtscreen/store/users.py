"""Registered users of a shared database and their roles.

No users registered: a single-user installation, everyone may do everything
(the SQLite file on one clerk's desk keeps working as before). The first user
registered must be an administrator, so a shared database is never left
without someone who can manage it. Users are never deleted, only deactivated,
because the audit log names them.

PostgreSQL: each user has a login role of their own (app_user.login), a
member of the group role of their courtscreen role (courtscreen_clerk, ...;
store/security.py gives the groups their privileges). Adding a user creates
the login (or adopts an existing one), deactivating makes it NOLOGIN, a new
role moves it to the other group. These statements run in the same
transaction as the app_user change, so both happen or neither; they need an
administrator whose own login has CREATEROLE (the server refuses anyone else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.roles import Access, Role
from courtscreen.store.access import access_for  # noqa: F401 (callers find it here too)
from courtscreen.store.audit import write_audit
from courtscreen.store.models import AppUser, utc_now
from courtscreen.store.security import group_for
from courtscreen.store.trail import record_event

user_t = AppUser.__table__


class UserError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool
    login: str | None = None
    sessions_ended: int | None = None  # deactivated on PostgreSQL: open connections ended (None: unknown)


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(user_t).order_by(user_t.c.name)).mappings().all()
    return [User(r["name"], r["role"], bool(r["active"]), r["login"]) for r in rows]


LOGIN_RE = re.compile(r"^[a-z_][a-z0-9_.-]{0,62}$")


def _check_login(conn, login: str | None) -> str | None:
    if login is None:
        return None
    if conn.dialect.name != "postgresql":
        raise UserError("--login: database logins exist only on PostgreSQL; on SQLite the file's "
                        "permissions are the only protection (docs/deployment.md)")
    login = login.strip()
    if not LOGIN_RE.match(login) or login.startswith("pg_") or login.startswith("courtscreen_"):
        raise UserError(f"--login: {login!r} is not a usable login name (lower-case letters, digits, _ . -, "
                        "at most 63, not starting with pg_ or courtscreen_)")
    return login


def _q(conn, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _password_sql(conn, password: str | None) -> str:
    if password is None:
        return ""
    import psycopg.sql

    return " PASSWORD " + psycopg.sql.Literal(password).as_string(conn.connection.dbapi_connection)


def _grant_login(conn, login: str, role: str, password: str | None) -> None:
    """Create (or adopt) LOGIN, put it in ROLE's group and nowhere else, admins with CREATEROLE."""
    found = conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = :l"), {"l": login}).first()
    attrs = " LOGIN" + (" CREATEROLE" if role == "administrator" else " NOCREATEROLE")
    if found is None:
        conn.exec_driver_sql(f"CREATE ROLE {_q(conn, login)}{attrs}{_password_sql(conn, password)}")
    elif not found[0]:  # a superuser (the IT person's own login) keeps its attributes
        conn.exec_driver_sql(f"ALTER ROLE {_q(conn, login)}{attrs}{_password_sql(conn, password)}")
    _move_to_group(conn, login, role)


def _move_to_group(conn, login: str, role: str) -> None:
    groups = conn.execute(sa.text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :l AND g.rolname LIKE 'courtscreen\\_%'"),
        {"l": login}).scalars().all()
    for g in groups:
        if g != group_for(role):
            conn.exec_driver_sql(f"REVOKE {_q(conn, g)} FROM {_q(conn, login)}")
    if group_for(role) not in groups:
        conn.exec_driver_sql(f"GRANT {_q(conn, group_for(role))} TO {_q(conn, login)}")


def _ddl(conn, fn, *args) -> None:
    """Run login DDL; the server's refusal (no CREATEROLE) becomes a message, not a raw error."""
    try:
        with conn.begin_nested():
            fn(conn, *args)
    except sa.exc.ProgrammingError as exc:
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise UserError(f"the database refused to change logins ({first}). The administrator's own "
                        "login needs CREATEROLE (docs/deployment.md).") from exc


def add_user(engine: Engine, access: Access, name: str, role: str, roles: dict[str, Role], *,
             login: str | None = None, password: str | None = None) -> User:
    name = " ".join(name.split())
    if not name:
        raise UserError("name: give the user's name as it is set in COURTSCREEN_USER or --user")
    if role not in roles:
        raise UserError(f"role: {role!r} is not one of {', '.join(roles)}")
    now = utc_now()
    with engine.begin() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(user_t)).scalar_one()
        if count == 0 and role != "administrator":
            raise UserError("the first registered user must be an administrator (the person who will "
                            "manage the others): add yourself with --role administrator first")
        if count:
            access.require("manage_users", "add users", roles)
        if conn.execute(sa.select(user_t.c.id).where(sa.func.lower(user_t.c.name) == name.lower())).first():
            raise UserError(f"{name!r} is already registered; change their role with "
                            "courtscreen users set-role")
        login = _check_login(conn, login)
        if login and conn.execute(sa.select(user_t.c.name).where(user_t.c.login == login)).first():
            raise UserError(f"--login: {login!r} is already the login of another user")
        uid = conn.execute(sa.insert(user_t).returning(user_t.c.id), {
            "name": name, "role": role, "active": True, "login": login, "created_at": now,
            "created_by": access.user, "updated_at": now, "updated_by": access.user}).scalar_one()
        if login:
            _ddl(conn, _grant_login, login, role, password)
        _audit(conn, now, access.user, uid, [("created", "role", "", role)])
        record_event(conn, "user", access.user, table="app_user", row_id=uid,
                     detail={"action": "add", "name": name, "role": role, "login": login or ""})
    return User(name, role, True, login)


def set_login(engine: Engine, access: Access, name: str, login: str, roles: dict[str, Role], *,
              password: str | None = None) -> User:
    """Give an existing user (registered before logins) their own PostgreSQL login."""
    access.require("manage_users", "give users logins", roles)
    now = utc_now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(user_t).where(sa.func.lower(user_t.c.name) == name.lower())
                           ).mappings().first()
        if row is None:
            raise UserError(f"{name!r} is not a registered user (courtscreen users list)")
        login = _check_login(conn, login)
        other = conn.execute(sa.select(user_t.c.name).where(user_t.c.login == login,
                                                             user_t.c.id != row["id"])).first()
        if other:
            raise UserError(f"--login: {login!r} is already the login of {other[0]}")
        conn.execute(sa.update(user_t).where(user_t.c.id == row["id"]).values(
            login=login, updated_at=now, updated_by=access.user))
        _ddl(conn, _grant_login, login, row["role"], password)
        if not row["active"]:
            conn.exec_driver_sql(f"ALTER ROLE {_q(conn, login)} NOLOGIN")
        _audit(conn, now, access.user, row["id"], [("login set", "login", row["login"] or "", login)])
        record_event(conn, "user", access.user, table="app_user", row_id=row["id"],
                     detail={"action": "set-login", "name": row["name"], "login": login})
    return User(row["name"], row["role"], bool(row["active"]), login)


def update_user(engine: Engine, access: Access, name: str, roles: dict[str, Role], *,
                role: str | None = None, active: bool | None = None) -> User:
    access.require("manage_users", "change users", roles)
    if role is not None and role not in roles:
        raise UserError(f"role: {role!r} is not one of {', '.join(roles)}")
    now = utc_now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(user_t).where(sa.func.lower(user_t.c.name) == name.lower())
                           ).mappings().first()
        if row is None:
            raise UserError(f"{name!r} is not a registered user (courtscreen users list)")
        new_role = row["role"] if role is None else role
        new_active = row["active"] if active is None else active
        admins = conn.execute(sa.select(sa.func.count()).select_from(user_t).where(
            user_t.c.role == "administrator", user_t.c.active, user_t.c.id != row["id"])).scalar_one()
        if not admins and (new_role != "administrator" or not new_active):
            raise UserError(f"{row['name']} is the last active administrator; register another "
                            "administrator first")
        conn.execute(sa.update(user_t).where(user_t.c.id == row["id"]).values(
            role=new_role, active=new_active, updated_at=now, updated_by=access.user))
        if row["login"] and conn.dialect.name == "postgresql":
            _ddl(conn, _login_follows, row["login"], new_role, new_active, row["role"])
        entries = []
        if new_role != row["role"]:
            entries.append(("role changed", "role", row["role"], new_role))
        if new_active != row["active"]:
            entries.append(("activated" if new_active else "deactivated", "active", str(row["active"]),
                            str(new_active)))
        _audit(conn, now, access.user, row["id"], entries)
        if entries:
            record_event(conn, "user", access.user, table="app_user", row_id=row["id"],
                         detail={"name": row["name"], "changes": [list(e) for e in entries]})
    ended = None
    if row["login"] and not new_active and engine.dialect.name == "postgresql":
        ended = end_sessions(engine, row["login"])
    return User(row["name"], new_role, new_active, row["login"], ended)


def end_sessions(engine: Engine, login: str) -> int | None:
    """End the open connections of a deactivated login (after the NOLOGIN is committed, so they
    cannot log straight back in). The count ended; None when the server would not (the function
    is missing on a database not yet upgraded, or its owner may not signal those sessions)."""
    try:
        with engine.begin() as conn:
            ended = conn.execute(sa.text("SELECT courtscreen_end_sessions(:l)"), {"l": login}).scalar()
    except sa.exc.DBAPIError:
        return None
    return None if ended is None or ended < 0 else int(ended)


def _login_follows(conn, login: str, role: str, active: bool, old_role: str) -> None:
    """The login follows the user: NOLOGIN when deactivated, the group of the new role."""
    q = _q(conn, login)
    superuser = conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = :l"),
                             {"l": login}).scalar()
    if not superuser:
        admin = " CREATEROLE" if role == "administrator" else " NOCREATEROLE"
        conn.exec_driver_sql(f"ALTER ROLE {q} {'LOGIN' if active else 'NOLOGIN'}{admin}")
    _move_to_group(conn, login, role)


def _audit(conn, now, user: str, uid: int, entries) -> None:
    write_audit(conn, now, user, None, "user", uid, entries)  # a user belongs to no case

