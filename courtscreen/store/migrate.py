"""Alembic migrations, driven from code so no alembic.ini is needed.

A brand-new empty database is created at the newest schema automatically (a
clerk's first run should just work). A database on an older schema is never
changed behind the user's back: the app stops with the command to run, so a
court IT person upgrades a shared PostgreSQL once, deliberately.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.store.database import DatabaseError, check_connection, describe

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration. Kept here so that start-up checks the schema with one
# query instead of importing Alembic (~0.2 s); a test keeps it equal to
# Alembic's head.
HEAD_REVISION = "i15c"
# Oldest first; a test keeps this equal to the migrations folder.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "i17", "i18", "i15", "i21", "i20", "i17b",
                   "i15b", "i19b", "i20c", "i15c")


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # revision in the database; None when no alembic table
    head: str
    has_tables: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_empty(self) -> bool:
        return self.current is None and not self.has_tables


def _config(engine: Engine, connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["connection"] = connection
    return cfg


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(sa.create_engine("sqlite://"))).get_current_head()


def schema_state(engine: Engine) -> SchemaState:
    check_connection(engine)
    with engine.connect() as conn:
        _check_login(conn)
        tables = sa.inspect(conn).get_table_names()
        current = None
        if "alembic_version" in tables:
            current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaState(current=current, head=HEAD_REVISION,
                       has_tables=bool(set(tables) - {"alembic_version"}))


def _check_login(conn) -> None:
    """A PostgreSQL login in no courtscreen group: a message naming the login, not a permission error."""
    from courtscreen.domain.roles import PermissionDenied
    from courtscreen.store.access import check_login

    try:
        check_login(conn)
    except PermissionDenied as exc:
        raise DatabaseError(str(exc)) from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.util import CommandError

    state = schema_state(engine)
    if state.current is not None and state.current not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"the database {describe(engine)} is at schema {state.current}, newer than this "
            f"courtscreen knows ({state.head}); nothing was changed. Install the newer courtscreen."
        )
    try:
        with engine.begin() as conn:
            command.upgrade(_config(engine, conn), revision)
    except CommandError as exc:
        raise DatabaseError(f"cannot upgrade {describe(engine)}: {exc}; nothing was changed.") from exc


def ensure_schema(engine: Engine) -> None:
    """Create an empty database; refuse (with instructions) an out-of-date one."""
    state = schema_state(engine)
    if state.is_current:
        return
    if state.is_empty:
        upgrade(engine)
        return
    if state.current not in KNOWN_REVISIONS and state.current is not None:
        raise DatabaseError(
            f"the database {describe(engine)} is at schema {state.current}, which this courtscreen "
            f"does not know (newest here: {state.head}); it was probably written by a newer "
            "courtscreen. Install that version, or point --db at another database."
        )
    if state.current is None:
        raise DatabaseError(
            f"the database {describe(engine)} has tables but no courtscreen schema version; "
            "it does not look like a courtscreen database. Point --db / "
            "COURTSCREEN_DATABASE_URL at a new or courtscreen database."
        )
    raise DatabaseError(
        f"the database {describe(engine)} is at schema {state.current}, this courtscreen needs "
        f"{state.head}. Run: courtscreen db upgrade"
    )
