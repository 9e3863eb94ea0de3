"""An import that fails while saving leaves the database exactly as it was."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from helpers import db
from helpers.dockets import BAD_ROWS, GOOD_ROWS, docket_csv

import courtscreen.importing.service as service
import courtscreen.importing.writer as writer
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store.database import DatabaseError

# Where each step is looked up at call time: service imported finish_batch by name, while
# DocketWriter calls _write_parties through the writer module (once per chunk of cases).
FAILURE_POINTS = [
    pytest.param(service, "finish_batch", id="finish_batch"),
    pytest.param(writer, "_write_parties", id="write_parties"),
]


def fail_after(monkeypatch, module, name):
    """Run the real step (so its rows are written inside the transaction), then fail."""
    real = getattr(module, name)
    calls = []

    def broken(*args, **kwargs):
        real(*args, **kwargs)
        calls.append(name)
        raise sqlalchemy.exc.OperationalError("INSERT INTO …", {}, Exception("disk I/O error"))

    monkeypatch.setattr(module, name, broken)
    return calls


def run(engine, path):
    return import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "Test Clerk")


@pytest.mark.parametrize(("module", "name"), FAILURE_POINTS)
def test_failure_on_an_empty_database_leaves_it_empty(engine, tmp_path, monkeypatch, module, name):
    calls = fail_after(monkeypatch, module, name)
    with pytest.raises(DatabaseError) as err:
        run(engine, docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS))
    assert calls == [name]  # the failure really happened mid-transaction, after writing
    message = str(err.value)
    assert "the import of docket.csv failed while saving and was rolled back" in message
    assert "the database is as it was" in message
    assert "OperationalError" in message and "disk I/O error" in message
    assert db.counts(engine) == dict.fromkeys(db.TABLES, 0)


@pytest.mark.parametrize(("module", "name"), FAILURE_POINTS)
def test_failure_on_a_populated_database_changes_nothing(engine, tmp_path, monkeypatch, module, name):
    run(engine, docket_csv(tmp_path / "first.csv", GOOD_ROWS[:3]))
    before = db.snapshot(engine)
    assert db.count(engine, "court_case") == 3

    # The second file adds two cases, changes one and carries rejected rows: every kind of write.
    rows = [list(r) for r in GOOD_ROWS] + BAD_ROWS
    rows[0][4] = "2026-12-15"
    calls = fail_after(monkeypatch, module, name)
    with pytest.raises(DatabaseError, match="rolled back"):
        run(engine, docket_csv(tmp_path / "second.csv", rows))

    assert calls == [name]
    assert db.snapshot(engine) == before


def test_database_works_normally_after_a_rolled_back_import(engine, tmp_path, monkeypatch):
    path = docket_csv(tmp_path / "docket.csv")
    fail_after(monkeypatch, service, "finish_batch")
    with pytest.raises(DatabaseError):
        run(engine, path)
    monkeypatch.undo()
    report = run(engine, path)
    assert (report.counts.added, report.counts.updated) == (5, 0)
    assert db.count(engine, "court_case") == 5
    assert [b["id"] for b in db.select(engine, "import_batch")] == [report.batch_id]
