"""Migration i15c: court_case (source_batch_id, repeat_party) is indexed (the linking that
follows an import starts from that import's cases, and its report counts the flagged cases).
The upgrade keeps every case and its batch; SQLite reads an import's cases, and counts the
flagged ones, through the index instead of scanning every case."""

from __future__ import annotations

import sqlalchemy as sa

from courtscreen.store import migrate
from courtscreen.store.database import make_engine

NOW = "2026-11-20 10:00:00+00:00"


def _batch(conn) -> int:
    return conn.execute(sa.text(
        "INSERT INTO import_batch (file_name, file_sha256, sheet, imported_at, imported_by, "
        "rows_read, added, updated, unchanged, merged, rejected, mapping_json) VALUES "
        "('old.csv', 'x', '', :now, 'clerk', 3, 3, 0, 0, 0, 0, '{}') RETURNING id"),
        {"now": NOW}).scalar_one()


def _case(conn, number: str, batch: int) -> None:
    conn.execute(sa.text(
        "INSERT INTO court_case (court, case_number, case_type, case_type_reason, division, nature, "
        "case_title, hearing_date, judge, courtroom, status, notes, source_json, source_batch_id, "
        "source_row, row_hash, flags, flag_count, repeat_party, screening_status, screening_result, "
        "search_text, created_at, updated_at, priority) VALUES ('Alder Court', :n, 'domestic_violence', "
        "'', '', 'HARASSMENT', '', '2026-12-01', 'Hon. Ida Marsh', '', '', '', '{}', :b, 2, '', '', 0, "
        "FALSE, 'not_screened', '', :search, :now, :now, 40)"),
        {"n": number, "b": batch, "search": number.lower(), "now": NOW})


def test_upgrade_keeps_every_case_with_its_batch_and_indexes_the_batch(db_url):
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "i19b")
        with engine.begin() as conn:
            first, second = _batch(conn), _batch(conn)
            for i in range(5):
                _case(conn, f"24-CR-{i:04d}", first if i < 3 else second)
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "i15c"
            kept = conn.execute(sa.text("SELECT case_number, source_batch_id FROM court_case "
                                        "ORDER BY case_number")).all()
            assert kept == [(f"24-CR-{i:04d}", first if i < 3 else second) for i in range(5)]
            if engine.dialect.name == "sqlite":
                plan = " ".join(str(r[-1]) for r in conn.execute(sa.text(
                    "EXPLAIN QUERY PLAN SELECT id FROM court_case WHERE source_batch_id IN (:b)"),
                    {"b": second}))
                assert "ix_court_case_source_batch" in plan, plan
                plan = " ".join(str(r[-1]) for r in conn.execute(sa.text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM court_case WHERE repeat_party")))
                assert "COVERING INDEX ix_court_case_source_batch" in plan, plan
            else:
                names = {n for (n,) in conn.execute(sa.text(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'court_case'"))}
                assert "ix_court_case_source_batch" in names
    finally:
        engine.dispose()
