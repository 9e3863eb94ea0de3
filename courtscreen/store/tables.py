"""Core table handles for the read path, reflected from the database itself.

The SQLModel classes in models.py define the schema (the migrations are made
from them), but importing them pulls in SQLModel and pydantic: ~0.18 s of a
~0.8 s start-up. Listing and searching cases only needs table and column
objects, so the docket app and `courtscreen cases` reflect them from the
database the migrations built (a few milliseconds) and never import the ORM.
A test keeps the reflected columns equal to the models'.
"""

from __future__ import annotations

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


_cache: weakref.WeakKeyDictionary[Engine, Tables] = weakref.WeakKeyDictionary()


def tables(engine: Engine) -> Tables:
    """The reflected tables for this engine (once per engine)."""
    found = _cache.get(engine)
    if found is None:
        metadata = sa.MetaData()
        with engine.connect() as conn:
            metadata.reflect(conn, only=list(READ_TABLES))
        found = Tables(*(metadata.tables[name] for name in READ_TABLES))
        _cache[engine] = found
    return found
