"""Who may open this database and what their role allows: the one query the app makes at start.

Kept apart from users.py so that opening the app does not import the ORM
models (SQLModel and pydantic cost ~0.2 s of start-up); a lightweight table
handle is enough to read one row.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.roles import Access, PermissionDenied, Role, everything, load_roles

app_user = sa.table("app_user", sa.column("name"), sa.column("role"), sa.column("active"))


def access_for(engine: Engine, user: str, role_overrides: dict | None = None) -> Access:
    """What `user` may do in this database; refuses an unregistered or deactivated user."""
    roles = load_roles(role_overrides)
    with engine.connect() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(app_user)).scalar_one() == 0:
            return Access(user, everything())
        row = conn.execute(sa.select(app_user).where(sa.func.lower(app_user.c.name) == user.lower())
                           ).mappings().first()
    if row is None:
        raise PermissionDenied(
            f"{user!r} is not a registered user of this database. Ask your courtscreen administrator "
            f"to run: courtscreen users add \"{user}\" --role clerk (or another role), or set "
            "COURTSCREEN_USER / --user to your registered name.")
    if not row["active"]:
        raise PermissionDenied(f"{row['name']!r} has been deactivated in this database; ask your "
                               "courtscreen administrator.")
    role: Role = roles.get(row["role"]) or Role(row["role"], row["role"], frozenset())
    return Access(row["name"], role)
