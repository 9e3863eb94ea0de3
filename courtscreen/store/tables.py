"""Core table handles for the read path, reflected from the database itself.

The SQLModel classes in models.py define the schema (the migrations are made
from them), but importing them pulls in SQLModel and pydantic: ~0.18 s of a
~0.8 s start-up. Listing and searching cases only needs table and column
objects, so the docket app and `courtscreen cases` reflect them from the
database the migrations built (a few milliseconds) and never import the ORM.
A test keeps the reflected columns equal to the models'.
"""

from __future__ import annotations

import warnings
import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

READ_TABLES = ("court_case", "party", "case_party", "import_batch", "docket_entry")


@dataclass(frozen=True)
class Tables:
    court_case: sa.Table
    party: sa.Table
    case_party: sa.Table
    import_batch: sa.Table
    docket_entry: sa.Table


_cache: weakref.WeakKeyDictionary[Engine, dict[tuple[str, ...], tuple[sa.Table, ...]]] = (
    weakref.WeakKeyDictionary())


def reflected(engine: Engine, names: tuple[str, ...]) -> tuple[sa.Table, ...]:
    """These tables as the database holds them, reflected once per engine (for every module that
    reads its own tables without the ORM: store.people, store.link_index, ...)."""
    per_engine = _cache.setdefault(engine, {})
    found = per_engine.get(names)
    if found is None:
        metadata = sa.MetaData()
        with engine.connect() as conn, warnings.catch_warnings():
            # The worklist's order index (migration i19b) is on an expression, which SQLAlchemy
            # does not reflect: the read path needs the columns, not the indexes.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based",
                                    sa.exc.SAWarning)
            metadata.reflect(conn, only=list(names))
        found = per_engine[names] = tuple(metadata.tables[name] for name in names)
    return found


_tables: weakref.WeakKeyDictionary[Engine, Tables] = weakref.WeakKeyDictionary()


def tables(engine: Engine) -> Tables:
    """The reflected read-path tables for this engine (one object per engine)."""
    found = _tables.get(engine)
    if found is None:
        found = _tables[engine] = Tables(*reflected(engine, READ_TABLES))
    return found
