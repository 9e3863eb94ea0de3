"""A docket written a chunk at a time while the next chunk is converted (SQLite and PostgreSQL).

service.STREAM_CHUNK_ROWS is set to two rows here, so that five-row dockets
cross several chunks: a later row that revises a case written in an earlier
chunk, people shared across chunks, and a failure on the writing thread.
"""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

import pytest
import sqlalchemy as sa
from helpers import db
from helpers.dockets import FAMILY, GOOD_ROWS, HEADER, write_csv

import courtscreen.importing.service as service
import courtscreen.importing.writer as writer
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store.database import DatabaseError, make_engine
from courtscreen.store.migrate import upgrade

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample_docket.csv"

# Row 6 is a further hearing of row 2's divorce (written two chunks earlier): an earlier
# hearing, another hearing type and a second petitioner.
ROWS = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-05", "9:00 AM",
     "Hon. Miriam Okafor", "Quill, Anna", "Quill, Robert J."],
    GOOD_ROWS[3],  # custody, the Marlowes
    GOOD_ROWS[4],  # civil, Wren Pryce
    GOOD_ROWS[2],  # criminal: Robert J. Quill again, as defendant
    ["2026-DR-000101", FAMILY, "Divorce", "Temporary orders", "2026-12-01", "11:15 AM",
     "Hon. Desmond Hale", "Quill, Anna; Quill, Tobias", "Quill, Robert J."],
]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(service, "STREAM_CHUNK_ROWS", 2)


def run(engine, path, **options):
    return import_docket(engine, path, ImportOptions(**options), CaseTypeRules.load(), "Test Clerk")


def test_a_later_row_revises_a_case_written_in_an_earlier_chunk(engine, tmp_path, small_chunks):
    report = run(engine, write_csv(tmp_path / "docket.csv", [HEADER, *ROWS]))

    assert (report.counts.added, report.counts.updated, report.counts.unchanged) == (4, 0, 0)
    assert report.merged_rows == [6]
    assert db.count(engine, "court_case") == 4
    dr = db.case_by_number(engine, "2026-DR-000101")
    assert (dr["hearing_date"], dr["hearing_time"]) == (date(2026, 12, 1), time(11, 15))
    assert dr["judge"] == "Hon. Desmond Hale"
    assert dr["nature"] == "Contested dissolution; Temporary orders"
    assert db.parties_of(engine, dr["id"]) == [
        ("petitioner", "Anna Quill"), ("petitioner", "Tobias Quill"),
        ("respondent", "Robert J. Quill")]
    assert "tobias quill" in dr["search_text"]
    # Robert J. Quill is in the first chunk and the third: both of his cases are flagged.
    flagged = {r["case_number"] for r in db.select(engine, "court_case") if r["repeat_party"]}
    assert flagged == {"2026-DR-000101", "26-CADV-0103"}
    cadv = db.case_by_number(engine, "26-CADV-0103")
    assert db.parties_of(engine, cadv["id"]) == [
        ("defendant", "Robert J. Quill"), ("petitioner", "State of Franklin")]
    # One party row per party of each case (never merged by name): Robert J. Quill has a row in each of
    # his two cases, linked as one person by the linker; Anna, Tobias, the Marlowes, Ridgeview, Wren, State.
    assert db.count(engine, "party") == 9

    if engine.dialect.name == "sqlite":  # the worklist's search index has the revised text
        with engine.connect() as conn:
            hits = conn.execute(sa.text("SELECT rowid FROM case_search WHERE case_search MATCH "
                                        "'\"tobias\"'")).scalars().all()
            indexed = conn.execute(sa.text("SELECT count(*) FROM case_search")).scalar_one()
        assert hits == [dr["id"]]
        assert indexed == 4


def test_ids_handed_out_by_the_import_leave_the_database_usable(engine, tmp_path, small_chunks):
    """New ids come from the import itself (SQLite: after the highest; PostgreSQL: the sequence),
    so a later insert by any other path must not collide with them."""
    run(engine, write_csv(tmp_path / "one.csv", [HEADER, *ROWS]))
    more = [["2026-CU-00999", FAMILY, "Custody", "Parenting plan", "2026-12-10", "", "",
             "Ashdown, Celeste", "Ashdown, Dorian"]]
    report = run(engine, write_csv(tmp_path / "two.csv", [HEADER, *more]), strict=True)
    assert report.counts.added == 1
    with engine.begin() as conn:  # a plain INSERT, numbered by the database
        new_id = conn.execute(sa.insert(db.table("party")).values(
            full_name="Petra Lindqvist", first_name="Petra", middle_name="", last_name="Lindqvist",
            suffix="", is_organisation=False, name_key="lindqvist petra")
            .returning(db.table("party").c.id)).scalar_one()
    assert new_id > max(p["id"] for p in db.select(engine, "party") if p["id"] != new_id)
    assert db.count(engine, "court_case") == 5


def test_re_import_across_chunks_changes_nothing(engine, tmp_path, small_chunks):
    path = write_csv(tmp_path / "docket.csv", [HEADER, *ROWS])
    run(engine, path)
    before = db.snapshot(engine)
    report = run(engine, path)
    assert (report.counts.added, report.counts.updated, report.counts.unchanged) == (0, 0, 4)
    after = db.snapshot(engine)
    assert after["court_case"] == before["court_case"]
    assert after["case_party"] == before["case_party"] and after["party"] == before["party"]


def test_a_failure_on_the_writing_thread_rolls_everything_back(engine, tmp_path, monkeypatch,
                                                               small_chunks):
    run(engine, write_csv(tmp_path / "first.csv", [HEADER, GOOD_ROWS[0]]))
    before = db.snapshot(engine)
    real_row = writer._party_row
    # A party row the database refuses (NOT NULL), met in the second chunk.
    monkeypatch.setattr(writer, "_party_row", lambda p: (
        (None, *real_row(p)[1:]) if p.name.last == "Pryce" else real_row(p)))
    with pytest.raises(DatabaseError) as err:
        run(engine, write_csv(tmp_path / "second.csv", [HEADER, *ROWS]))
    assert "failed while saving and was rolled back" in str(err.value)
    assert "IntegrityError" in str(err.value)
    assert db.snapshot(engine) == before


def _content(engine) -> dict:
    """The cases, parties and links, without ids and timestamps."""
    cases = {c["id"]: c for c in db.select(engine, "court_case")}
    parties = {p["id"]: p for p in db.select(engine, "party")}
    skip = {"id", "created_at", "updated_at", "source_batch_id"}
    return {
        "cases": sorted(tuple(sorted((k, str(v)) for k, v in c.items() if k not in skip))
                        for c in cases.values()),
        "parties": sorted((p["full_name"], p["name_key"], str(p["dob"])) for p in parties.values()),
        "links": sorted((cases[link["case_id"]]["case_number"], parties[link["party_id"]]["full_name"],
                         link["role"]) for link in db.select(engine, "case_party")),
    }


def test_the_sample_docket_streamed_equals_it_written_at_once(tmp_path, monkeypatch):
    """Chunks of seven rows against one chunk of every row: the same cases, parties and links."""
    with SAMPLE.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    # Every 20th case comes back at the end of the docket for a further, earlier hearing
    # about something else, with a child added to the petitioner's cell.
    again = []
    for row in rows[1::20]:
        extra = list(row)
        extra[3], extra[5] = "Review of temporary orders", "11/20/2026"
        extra[9] = f"{row[9]}; Doe, Kit" if row[9] else "Doe, Kit"
        again.append(extra)
    docket = write_csv(tmp_path / "docket.csv", rows + again)
    contents, reports = [], []
    for name, chunk_rows in (("streamed", 7), ("at_once", None)):
        monkeypatch.setattr(service, "STREAM_CHUNK_ROWS", chunk_rows)
        eng = make_engine(f"sqlite:///{tmp_path / name}.sqlite")
        upgrade(eng)
        reports.append(run(eng, docket))
        contents.append(_content(eng))
        eng.dispose()
    streamed, at_once = reports
    assert len(streamed.merged_rows) > 10 and streamed.merged_rows == at_once.merged_rows
    assert [str(p) for p in streamed.problems] == [str(p) for p in at_once.problems]
    assert contents[0]["cases"] and contents[0] == contents[1]


def test_the_thread_switch_interval_is_shortened_while_writing_and_restored(engine, tmp_path,
                                                                            monkeypatch):
    import sys

    before = sys.getswitchinterval()
    seen = []
    real = writer._write_parties

    def spy(*args):
        seen.append(sys.getswitchinterval())
        return real(*args)

    monkeypatch.setattr(writer, "_write_parties", spy)
    run(engine, write_csv(tmp_path / "docket.csv", [HEADER, *ROWS]))
    assert seen and all(s <= writer.SWITCH_INTERVAL < before for s in seen)
    assert sys.getswitchinterval() == before

    monkeypatch.setattr(writer, "_party_row", lambda p: (None,) * 8)  # refused by the database
    with pytest.raises(DatabaseError):
        run(engine, write_csv(tmp_path / "other.csv", [HEADER, ["2026-CU-7", FAMILY, "Custody", "",
                                                                 "2026-12-10", "", "", "Doe, Kit", ""]]))
    assert sys.getswitchinterval() == before
