"""Roles and what each may do: clerk, probation officer, judicial staff, administrator.

The defaults live in roles.toml; a court overrides a role's permission list in
its config file. A database with no registered users is a single-user
installation (the SQLite default on one desk): whoever runs courtscreen may do
everything, as before users existed. Once a user is registered, everyone who
opens that database must be a registered, active user.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PERMISSIONS = ("import", "screen", "record_findings", "view_confidential", "include_confidential",
               "export", "export_audit", "manage_users")
SINGLE_USER = "single-user"  # the role name shown when no users are registered


class RoleError(ValueError):
    pass


class PermissionDenied(Exception):
    """The current user's role does not allow this; the message says who can."""


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    permissions: frozenset[str]

    def allows(self, permission: str) -> bool:
        if permission in self.permissions:
            return True
        if permission.startswith("generate:"):
            return "generate:*" in self.permissions
        return False


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return tomllib.loads(resources.files("courtscreen.domain").joinpath("roles.toml").read_text("utf-8"))


def load_roles(overrides: dict | None = None) -> dict[str, Role]:
    """The roles, with a court's [roles.X] permissions replacing the defaults for X."""
    raw = {k: dict(v) for k, v in _defaults()["roles"].items()}
    for role_id, table in (overrides or {}).items():
        if role_id not in raw:
            raise RoleError(f"[roles.{role_id}]: not a role (roles: {', '.join(raw)})")
        if not isinstance(table, dict) or not isinstance(table.get("permissions", []), list):
            raise RoleError(f"[roles.{role_id}]: give permissions = [\"...\", ...]")
        raw[role_id].update(table)
    roles = {}
    for role_id, table in raw.items():
        perms = frozenset(table.get("permissions", []))
        bad = sorted(p for p in perms if p not in PERMISSIONS and not p.startswith("generate:"))
        if bad:
            raise RoleError(f"[roles.{role_id}]: unknown permission(s) {', '.join(bad)} "
                            f"(known: {', '.join(PERMISSIONS)}, generate:FORM, generate:*)")
        roles[role_id] = Role(role_id, table.get("label", role_id), perms)
    return roles


def everything() -> Role:
    return Role(SINGLE_USER, "Single user (no users registered)",
                frozenset(PERMISSIONS) | {"generate:*"})


@dataclass(frozen=True)
class Access:
    """Who is working and what they may do: decided once when the app or a command starts."""

    user: str
    role: Role

    def allows(self, permission: str) -> bool:
        return self.role.allows(permission)

    def require(self, permission: str, what: str, roles: dict[str, Role] | None = None) -> None:
        if self.allows(permission):
            return
        who = [r.label.lower() for r in (roles or {}).values() if r.allows(permission)]
        raise PermissionDenied(
            f"{self.user} ({self.role.label.lower()}) may not {what}"
            + (f"; that needs the role of {', '.join(who)}" if who else "")
            + ". Ask your courtscreen administrator if your role should change.")
