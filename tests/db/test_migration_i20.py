"""Migration i20: cases recorded before it keep their source row as their first docket
entry, their charge text becomes searchable, and their priority follows their flags."""

from __future__ import annotations

import sqlalchemy as sa

from courtscreen.store import worklist
from courtscreen.store.database import make_engine
from courtscreen.store.docket_entries import entries_for
from courtscreen.store.migrate import upgrade
from courtscreen.store.worklist import WorklistFilter

NOW = "2026-11-20 10:00:00+00:00"


def _old_case(conn, number: str, nature: str, flags: str, batch: int) -> None:
    conn.execute(sa.text(
        "INSERT INTO court_case (court, case_number, case_type, case_type_reason, division, nature, "
        "case_title, hearing_date, judge, courtroom, status, notes, source_json, source_batch_id, "
        "source_row, row_hash, flags, flag_count, repeat_party, screening_status, screening_result, "
        "search_text, created_at, updated_at) VALUES ('Alder Court', :n, 'domestic_violence', '', '', "
        ":nature, '', '2026-12-01', 'Hon. Ida Marsh', '', '', '', :src, :b, 2, '', :flags, 1, FALSE, "
        "'not_screened', '', :search, :now, :now)"),
        {"n": number, "nature": nature, "src": f'{{"Charge": "{nature}"}}', "b": batch,
         "flags": flags, "search": number.lower(), "now": NOW})


def test_upgrade_from_0005_keeps_every_case_and_gives_it_its_first_docket_row(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0005")
        with engine.begin() as conn:
            batch = conn.execute(sa.text(
                "INSERT INTO import_batch (file_name, file_sha256, sheet, imported_at, imported_by, "
                "rows_read, added, updated, unchanged, merged, rejected, mapping_json) VALUES "
                "('old.csv', 'x', '', :now, 'clerk', 2, 2, 0, 0, 0, 0, '{}') RETURNING id"),
                {"now": NOW}).scalar_one()
            _old_case(conn, "24-CR-0001", "STALKING", "type:domestic_violence,charge:stalking", batch)
            _old_case(conn, "24-CR-0002", "CRIMINAL MISCHIEF",
                      "type:domestic_violence,charge:property_damage", batch)
        upgrade(engine)
        with engine.connect() as conn:
            cases = dict(conn.execute(sa.text("SELECT case_number, id FROM court_case")).all())
            ranks = dict(conn.execute(sa.text("SELECT case_number, priority FROM court_case")).all())
        assert set(cases) == {"24-CR-0001", "24-CR-0002"}
        (first,) = entries_for(engine, cases["24-CR-0001"])
        assert (first.seq, first.text, first.source_row, first.source_file) == (1, "STALKING", 2, "old.csv")
        assert first.source == {"Charge": "STALKING"}
        assert ranks["24-CR-0001"] < ranks["24-CR-0002"]  # stalking before criminal mischief
        found = worklist.page(engine, WorklistFilter(search="stalking"))
        assert [r.case.case_number for r in found] == ["24-CR-0001"]
        order = [r.case.case_number for r in worklist.page(engine, WorklistFilter())]
        assert order == ["24-CR-0001", "24-CR-0002"]
    finally:
        engine.dispose()
