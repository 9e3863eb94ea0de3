"""Copy a whole courtscreen database to another one: the move from one clerk's SQLite file to
the court's shared PostgreSQL (or back, for an archive).

Both must be at the newest schema; the target must be empty (it is created at
the newest schema if it has no tables). Everything is copied in one
transaction on the target, table by table in foreign-key order with the ids
kept, so links, audit entries and generated-document records stay right; if
anything fails, the target is left as it was. Afterwards every table's row
count is compared.

On a PostgreSQL target the database seals every audit_trail row itself (new
numbers and hashes chained on the target) and its triggers log the copied
records as inserts, so the target's trail holds at least the source's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import courtscreen.store.models  # noqa: F401  (registers the tables)
from courtscreen.store.database import DatabaseError, describe
from courtscreen.store.migrate import ensure_schema, schema_state

BATCH = 5_000


@dataclass(frozen=True)
class CopyReport:
    counts: dict[str, int]


def copy_database(source: Engine, target: Engine,
                  progress: Callable[[str, int], None] | None = None) -> CopyReport:
    src_state = schema_state(source)
    if not src_state.is_current:
        raise DatabaseError(f"{describe(source)} is at schema {src_state.current}; run courtscreen db "
                            "upgrade on it first, then copy.")
    ensure_schema(target)
    tables = SQLModel.metadata.sorted_tables
    with target.connect() as conn:
        busy = [t.name for t in tables if conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()]
    if busy:
        raise DatabaseError(f"{describe(target)} already holds data ({', '.join(busy[:4])}…); copy only "
                            "into an empty database, so nothing there is overwritten or mixed.")
    counts = {}
    with source.connect() as src, target.begin() as dst:
        for table in tables:
            n = 0
            result = src.execution_options(stream_results=True).execute(
                sa.select(table).order_by(*table.primary_key.columns))
            while rows := result.mappings().fetchmany(BATCH):
                dst.execute(sa.insert(table), [dict(r) for r in rows])
                n += len(rows)
                if progress:
                    progress(table.name, n)
            counts[table.name] = n
        _after_copy(dst)
    with target.connect() as conn:
        for table in tables:
            got = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            resealed = table.name == "audit_trail" and conn.dialect.name == "postgresql"
            if got != counts[table.name] and not (resealed and got >= counts[table.name]):
                raise DatabaseError(f"copy check failed: {table.name} has {got} rows in the target, "
                                    f"{counts[table.name]} in the source")
    return CopyReport(counts)


def _after_copy(conn) -> None:
    """Rebuild what each database keeps for itself: SQLite's search index, PostgreSQL's id sequences."""
    if conn.dialect.name == "sqlite":
        # external content (migration i20c): the index is rebuilt from court_case itself
        conn.execute(sa.text("INSERT INTO case_search(case_search) VALUES ('rebuild')"))
    elif conn.dialect.name == "postgresql":
        for table in SQLModel.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, sa.Integer) and pk[0].autoincrement is not False:
                conn.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
