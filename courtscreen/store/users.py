"""Registered users of a shared database and their roles.

No users registered: a single-user installation, everyone may do everything
(the SQLite file on one clerk's desk keeps working as before). The first user
registered must be an administrator, so a shared database is never left
without someone who can manage it. Users are never deleted, only deactivated,
because the audit log names them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.roles import Access, Role
from courtscreen.store.access import access_for  # noqa: F401 (callers find it here too)
from courtscreen.store.audit import write_audit
from courtscreen.store.models import AppUser, utc_now

user_t = AppUser.__table__


class UserError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    active: bool


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(user_t).order_by(user_t.c.name)).mappings().all()
    return [User(r["name"], r["role"], bool(r["active"])) for r in rows]


def add_user(engine: Engine, access: Access, name: str, role: str, roles: dict[str, Role]) -> User:
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
        uid = conn.execute(sa.insert(user_t).returning(user_t.c.id), {
            "name": name, "role": role, "active": True, "created_at": now, "created_by": access.user,
            "updated_at": now, "updated_by": access.user}).scalar_one()
        _audit(conn, now, access.user, uid, [("created", "role", "", role)])
    return User(name, role, True)


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
        entries = []
        if new_role != row["role"]:
            entries.append(("role changed", "role", row["role"], new_role))
        if new_active != row["active"]:
            entries.append(("activated" if new_active else "deactivated", "active", str(row["active"]),
                            str(new_active)))
        _audit(conn, now, access.user, row["id"], entries)
    return User(row["name"], new_role, new_active)


def _audit(conn, now, user: str, uid: int, entries) -> None:
    write_audit(conn, now, user, None, "user", uid, entries)  # a user belongs to no case

