"""Migration i19b: the worklist's pages come out of an index in the docket's order.

The upgrade keeps every case; the pages read through the index are the same cases in the
same order as one query sorting everything (drafts with the untouched cases, priority, then
upcoming / past / no hearing), on SQLite and PostgreSQL, across page boundaries; and SQLite
really walks the index instead of sorting every match.
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from courtscreen.store import migrate, worklist
from courtscreen.store.database import make_engine
from courtscreen.store.tables import tables
from courtscreen.store.worklist import WorklistFilter

TODAY = date(2026, 11, 23)
NOW = "2026-11-20 10:00:00+00:00"
STATUSES = ("not_screened", "in_progress", "indicated", "not_indicated", "possible")


def _case(conn, i: int) -> None:
    hearing = None if i % 11 == 0 else TODAY + timedelta(days=(i * 7) % 40 - 12)  # past, upcoming, none
    conn.execute(sa.text(
        "INSERT INTO court_case (court, case_number, case_type, case_type_reason, division, nature, "
        "case_title, hearing_date, judge, courtroom, status, notes, source_json, source_batch_id, "
        "source_row, row_hash, flags, flag_count, repeat_party, screening_status, screening_result, "
        "search_text, created_at, updated_at, priority) VALUES (:court, :n, 'domestic_violence', '', '', "
        "'HARASSMENT', '', :h, 'Hon. Ida Marsh', '', '', '', '{}', NULL, :i, '', '', 0, FALSE, :st, '', "
        ":search, :now, :now, :p)"),
        {"court": "Alder Court" if i <= 60 else "Birch Court", "n": f"26-CR-{i % 60:04d}", "h": hearing,
         "i": i, "st": STATUSES[i % len(STATUSES)], "p": (10, 25, 40, 50)[i % 4],
         "search": f"26-cr-{i:04d} state v. rowan vale{' quill' if i % 3 else ''}", "now": NOW})


def _sorted_everything(engine, f: WorklistFilter) -> list[int]:
    """The order as one query sorting every match (what page() did before i19b)."""
    cases_t = tables(engine).court_case
    with engine.connect() as conn:
        q = (sa.select(cases_t.c.id).where(worklist._where(f, conn.dialect.name, cases_t))
             .order_by(*worklist._order(f, cases_t)))
        return [i for (i,) in conn.execute(q)]


@pytest.fixture
def old_docket(db_url):
    """A database at i15b (before this migration) with 120 cases in it, then upgraded."""
    engine = make_engine(db_url)
    migrate.upgrade(engine, "i15b")
    with engine.begin() as conn:
        for i in range(1, 121):
            _case(conn, i)
        if engine.dialect.name == "sqlite":
            conn.execute(sa.text("INSERT INTO case_search(rowid, search_text) "
                                 "SELECT id, search_text FROM court_case"))
    migrate.upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def test_upgrade_keeps_every_case_and_adds_both_indexes(old_docket):
    with old_docket.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM court_case")).scalar_one() == 120
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == migrate.HEAD_REVISION
        if old_docket.dialect.name == "sqlite":
            names = {n for (n,) in conn.execute(sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'court_case'"))}
        else:
            names = {n for (n,) in conn.execute(sa.text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'court_case'"))}
    assert {"ix_court_case_worklist_order", "ix_court_case_hearing_order"} <= names


@pytest.mark.parametrize("sort", ["priority", "hearing", "case_number"])
@pytest.mark.parametrize("search", ["", "quill", "qu"])
def test_pages_are_the_fully_sorted_order_cut_in_pages(old_docket, sort, search):
    f = WorklistFilter(today=TODAY, sort=sort, search=search)
    expected = _sorted_everything(old_docket, f)
    assert len(expected) == (120 if not search else 80)
    got = []
    for offset in range(0, 130, 7):  # pages of 7 cross every boundary (drafts, priority, past, none)
        got += [r.case.id for r in worklist.page(old_docket, f, offset=offset, limit=7)]
    assert got == expected
    # a page that starts past the upcoming and past hearings (the cases without a date)
    assert [r.case.id for r in worklist.page(old_docket, f, offset=110, limit=10)] == expected[110:]


def test_a_draft_stays_with_the_untouched_cases_and_a_completed_one_sorts_after(old_docket):
    rows = worklist.page(old_docket, WorklistFilter(today=TODAY), limit=200)
    awaiting = [r.screening.value in ("not_screened", "in_progress") for r in rows]
    assert awaiting == sorted(awaiting, reverse=True) and awaiting.count(True) == 48


def test_the_query_spells_the_index_expression_as_the_migration_does():
    path = next(Path(migrate.MIGRATIONS_DIR, "versions").glob("*_i19b_*.py"))
    spec = importlib.util.spec_from_file_location("i19b", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.AWAITING_FIRST_SQL == worklist.AWAITING_FIRST_SQL


def test_sqlite_walks_the_order_index_instead_of_sorting_every_match(sqlite_url):
    engine = make_engine(sqlite_url)
    try:
        migrate.upgrade(engine)
        cases_t = tables(engine).court_case
        for f in (WorklistFilter(today=TODAY), WorklistFilter(today=TODAY, search="state of"),
                  WorklistFilter(today=TODAY, search="st")):
            with engine.connect() as conn:
                q = (sa.select(cases_t.c.id).where(worklist._where(f, "sqlite", cases_t, in_order=True))
                     .order_by(*worklist._order(f, cases_t)).limit(100))
                sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
                plan = " ".join(str(r[-1]) for r in conn.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
            assert "ix_court_case_worklist_order" in plan, plan
            assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # only "FOR RIGHT PART OF"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgresql_walks_the_order_index_on_a_large_docket(postgres_url):
    """50,000 cases, analysed: the planner reads the first page from the order index (an
    incremental sort inside one priority), not a sort of every case."""
    engine = make_engine(postgres_url)
    try:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO court_case (court, case_number, case_type, case_type_reason, division, nature, "
                "case_title, hearing_date, judge, courtroom, status, notes, source_json, source_row, "
                "row_hash, flags, flag_count, repeat_party, screening_status, screening_result, search_text, "
                "created_at, updated_at, priority) "
                "SELECT 'Alder Court', 'N-' || g, 'custody', '', '', 'X', '', DATE '2026-11-23' + (g % 90), "
                "'', '', '', '', '{}', g, '', '', 0, FALSE, "
                "CASE WHEN g % 7 = 0 THEN 'indicated' ELSE 'not_screened' END, '', 'state v. vale ' || g, "
                "now(), now(), (ARRAY[10, 20, 25, 34, 40, 50])[1 + g % 6] FROM generate_series(1, 50000) g"))
            conn.execute(sa.text("ANALYZE court_case"))
        cases_t = tables(engine).court_case
        f = WorklistFilter(today=TODAY)
        with engine.connect() as conn:
            q = (sa.select(cases_t.c.id).where(worklist._where(f, "postgresql", cases_t, in_order=True))
                 .order_by(*worklist._order(f, cases_t)).limit(100))
            sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = "\n".join(r[0] for r in conn.execute(sa.text("EXPLAIN " + sql)))
        assert "ix_court_case_worklist_order" in plan, plan
    finally:
        engine.dispose()
