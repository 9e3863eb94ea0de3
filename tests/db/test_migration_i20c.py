"""Migration i20c: SQLite's search index reads court_case's search text instead of a copy.

The upgrade keeps every case searchable with the very same hits as before it; the index
holds no copy of the text any more; a re-import that rewrites a case takes the old text
out of the index and puts the new text in (FTS5's own integrity check agrees with the
case table); PostgreSQL, whose pg_trgm index never held a copy, searches as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from helpers.dockets import HEADER, write_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import migrate, worklist
from courtscreen.store.database import make_engine
from courtscreen.store.worklist import WorklistFilter

NOW = "2026-11-20 10:00:00+00:00"
SEARCHES = ("stalking", "rowan", "26-cr-00", "order viol", "quill", "harassment", "zz-none")
CHARGES = ("STALKING", "VIOLATION OF PROTECTIVE ORDER", "HARASSMENT", "CRIMINAL MISCHIEF")


def _case(conn, i: int) -> None:
    charge = CHARGES[i % len(CHARGES)]
    conn.execute(sa.text(
        "INSERT INTO court_case (court, case_number, case_type, case_type_reason, division, nature, "
        "case_title, hearing_date, judge, courtroom, status, notes, source_json, source_batch_id, "
        "source_row, row_hash, flags, flag_count, repeat_party, screening_status, screening_result, "
        "search_text, created_at, updated_at, priority) VALUES ('Alder Court', :n, 'domestic_violence', "
        "'', '', :charge, '', '2026-12-01', 'Hon. Ida Marsh', '', '', '', '{}', NULL, :i, '', '', 0, "
        "FALSE, 'not_screened', '', :search, :now, :now, 50)"),
        {"n": f"26-CR-{i:04d}", "i": i, "charge": charge, "now": NOW,
         "search": f"26-cr-{i:04d} rowan vale{' quill' if i % 3 else ''} {charge.lower()}"})


def _hits(engine) -> dict[str, list[int]]:
    return {s: sorted(r.case.id for r in worklist.page(engine, WorklistFilter(search=s), limit=500))
            for s in SEARCHES}


def _integrity_check(engine) -> None:
    """FTS5 compares its index with the content table (rank 1): raises on any difference."""
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO case_search(case_search, rank) VALUES ('integrity-check', 1)"))


def _fts_tables(conn) -> set[str]:
    return {n for (n,) in conn.execute(sa.text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'case_search%'"))}


def test_upgrade_keeps_every_search_hit_and_drops_the_copy(db_url):
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "i19b")
        with engine.begin() as conn:
            for i in range(1, 201):
                _case(conn, i)
            if engine.dialect.name == "sqlite":  # as the import wrote it before i20c
                conn.execute(sa.text("INSERT INTO case_search(rowid, search_text) "
                                     "SELECT id, search_text FROM court_case"))
                assert "case_search_content" in _fts_tables(conn)
        before = _hits(engine)
        assert len(before["stalking"]) == 50 and len(before["quill"]) == 134
        assert before["zz-none"] == []

        migrate.upgrade(engine, "i20c")

        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == "i20c"
            assert conn.execute(sa.text("SELECT count(*) FROM court_case")).scalar_one() == 200
            if engine.dialect.name == "sqlite":
                assert "case_search_content" not in _fts_tables(conn)  # no second copy of the text
        assert _hits(engine) == before
        if engine.dialect.name == "sqlite":
            _integrity_check(engine)
    finally:
        engine.dispose()


def test_downgrade_puts_the_copying_index_back_with_the_same_hits(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        migrate.upgrade(engine, "i20c")
        with engine.begin() as conn:
            for i in range(1, 61):
                _case(conn, i)
            conn.execute(sa.text("INSERT INTO case_search(rowid, search_text) "
                                 "SELECT id, search_text FROM court_case"))
        after = _hits(engine)
        from alembic import command

        with engine.begin() as conn:
            command.downgrade(migrate._config(engine, conn), "i19b")
        with engine.connect() as conn:
            assert "case_search_content" in _fts_tables(conn)
        assert _hits(engine) == after
    finally:
        engine.dispose()


ROW = ["26-CR-0042", "Alder County Justice Court", "Criminal", "STALKING", "2026-12-05", "9:00 AM",
       "Hon. Ida Marsh", "State of Franklin", "Quill, Robert J."]


def test_a_reimport_that_rewrites_a_case_moves_its_text_in_the_index(engine, tmp_path):
    rules = CaseTypeRules.load()
    import_docket(engine, write_csv(tmp_path / "one.csv", [HEADER, ROW]), ImportOptions(), rules,
                  "Test Clerk", link=False)
    assert [r.case.case_number for r in worklist.page(engine, WorklistFilter(search="stalking"))] \
        == ["26-CR-0042"]
    changed = [*ROW[:3], "CRIMINAL TRESPASS", *ROW[4:]]
    report = import_docket(engine, write_csv(tmp_path / "two.csv", [HEADER, changed]),
                           ImportOptions(), rules, "Test Clerk", link=False)
    assert report.counts.updated == 1
    assert worklist.page(engine, WorklistFilter(search="stalking")) == []
    assert [r.case.case_number for r in worklist.page(engine, WorklistFilter(search="trespass"))] \
        == ["26-CR-0042"]
    if engine.dialect.name == "sqlite":
        _integrity_check(engine)
