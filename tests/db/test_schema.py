"""Schema creation and version checks (courtscreen.store.migrate) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from helpers.dockets import docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import migrate
from courtscreen.store.database import DatabaseError, make_engine, normalise_url
from courtscreen.store.migrate import ensure_schema, schema_state, upgrade

TABLES = {"alembic_version", "import_batch", "import_problem", "court_case", "party", "case_party"}


@pytest.fixture
def bare_engine(db_url):
    """An engine on an empty database, schema NOT created."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def alembic_version(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def tables(engine) -> set[str]:
    with engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def stamp(engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES (:r)"), {"r": revision})


def test_empty_database_is_created_at_the_newest_schema(bare_engine):
    state = schema_state(bare_engine)
    assert state.is_empty and not state.is_current and state.current is None

    ensure_schema(bare_engine)

    assert tables(bare_engine) >= TABLES
    state = schema_state(bare_engine)
    assert alembic_version(bare_engine) == [state.head]
    assert state.current == state.head and state.is_current
    ensure_schema(bare_engine)  # a second call is a no-op
    assert alembic_version(bare_engine) == [state.head]


def test_recorded_head_revision_is_alembics_head():
    """schema_state() reports a head kept in code; it must be the newest migration."""
    assert migrate.alembic_head() == migrate.HEAD_REVISION


def test_database_at_another_revision_is_refused_with_the_command_to_run(bare_engine, monkeypatch):
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", ("0000_old", *migrate.KNOWN_REVISIONS))
    stamp(bare_engine, "0000_old")
    with pytest.raises(DatabaseError) as err:
        ensure_schema(bare_engine)
    message = str(err.value)
    assert f"is at schema 0000_old, this courtscreen needs {migrate.alembic_head()}" in message
    assert message.endswith("Run: courtscreen db upgrade")
    assert tables(bare_engine) == {"alembic_version"}  # nothing was changed behind the user's back


def test_import_into_an_out_of_date_database_writes_nothing(bare_engine, tmp_path, monkeypatch):
    monkeypatch.setattr(migrate, "KNOWN_REVISIONS", ("0000_old", *migrate.KNOWN_REVISIONS))
    stamp(bare_engine, "0000_old")
    with pytest.raises(DatabaseError, match="courtscreen db upgrade"):
        import_docket(bare_engine, docket_csv(tmp_path / "d.csv"), ImportOptions(), CaseTypeRules.load(), "T")
    assert tables(bare_engine) == {"alembic_version"}


def test_foreign_database_with_tables_is_refused(bare_engine):
    with bare_engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    with pytest.raises(DatabaseError) as err:
        ensure_schema(bare_engine)
    assert "has tables but no courtscreen schema version" in str(err.value)
    assert tables(bare_engine) == {"invoices"}


def test_upgrade_creates_the_tables_with_their_constraints(bare_engine):
    upgrade(bare_engine)
    with bare_engine.connect() as conn:
        insp = sa.inspect(conn)
        uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("court_case")}
        assert ("court", "case_number") in uniques
        assert {c["name"] for c in insp.get_columns("court_case")} >= {
            "court", "case_number", "case_type", "hearing_date", "hearing_time", "row_hash", "updated_at"}


def test_postgres_urls_use_psycopg3():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_invalid_url_is_a_database_error():
    with pytest.raises(DatabaseError, match="is not valid"):
        make_engine("not a url")
    with pytest.raises(DatabaseError, match="unsupported database driver"):
        make_engine("nosuchdb://x/y")


def test_sqlite_engine_creates_the_parent_folder(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'deep' / 'er' / 'c.sqlite'}")
    try:
        ensure_schema(eng)
    finally:
        eng.dispose()
    assert (tmp_path / "deep" / "er" / "c.sqlite").is_file()


def test_database_written_by_a_newer_courtscreen_is_refused_and_left_alone(bare_engine):
    stamp(bare_engine, "9999_future")
    with pytest.raises(DatabaseError) as info:
        migrate.ensure_schema(bare_engine)
    assert "9999_future" in str(info.value) and "newer courtscreen" in str(info.value)
    with pytest.raises(DatabaseError):
        migrate.upgrade(bare_engine)
    assert migrate.schema_state(bare_engine).current == "9999_future"


def test_known_revisions_match_the_migrations_folder():
    assert migrate.KNOWN_REVISIONS[-1] == migrate.HEAD_REVISION == migrate.alembic_head()
