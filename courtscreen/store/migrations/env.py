"""Alembic environment: runs on the connection courtscreen hands it."""

from alembic import context
from sqlmodel import SQLModel

import courtscreen.store.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run_on(conn)
        return
    _run_on(connection)


def _include_name(name, type_, parent_names) -> bool:
    """Leave the SQLite FTS5 search table (made by raw SQL) out of autogenerate."""
    return not (type_ == "table" and name and name.startswith("case_search"))


def _run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
