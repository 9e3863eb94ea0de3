"""Engine factory and schema checks.

No engine is created at import time: the CLI and the TUI build one from the
settings, and tests build one on a temporary database.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError


class DatabaseError(Exception):
    """A database problem explained for the user (what failed and what to do)."""


def normalise_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            f"database URL {url!r} is not valid: use sqlite:///path/to/file.sqlite or "
            "postgresql://user:password@host/dbname"
        ) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return sa.create_engine(parsed, pool_pre_ping=True, hide_parameters=True)  # no values in errors
    except NoSuchModuleError as exc:
        raise DatabaseError(f"database URL {url!r}: unsupported database driver") from exc


def _sqlite_engine(parsed) -> Engine:
    if parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        create_owner_only(path)
    engine = sa.create_engine(parsed, connect_args={"timeout": 30}, hide_parameters=True)

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # why: WAL lets the TUI read while an import writes
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a screening saved just before a power cut is on disk. A bulk import may set NORMAL
        # for its own connection (one commit at the end, so nothing is gained by FULL there).
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA cache_size=-32768")  # 32 MB: as fast as 64 MB for a 50k import, 33 MB less peak
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    return engine


def create_owner_only(path: Path) -> None:
    """Create a new database file readable by its owner only (0600): SQLite's only protection is the
    file's permissions. SQLite gives the -wal and -shm files the database file's permissions.
    An existing file is left as it is (its owner may have shared it on purpose)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise DatabaseError(f"cannot create the database file {path}: {exc.strerror}") from exc


def describe(engine: Engine) -> str:
    """The URL with any password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        raise DatabaseError(
            f"cannot open the database {describe(engine)}: {_first_line(exc)}. "
            "Check COURTSCREEN_DATABASE_URL / --db, that the server is running, and the password."
        ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
