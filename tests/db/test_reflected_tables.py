"""The read path reflects its tables; they must match the SQLModel definitions."""

from __future__ import annotations

import subprocess
import sys

from courtscreen.store import tables as tables_module
from courtscreen.store.models import CaseParty, CourtCase, ImportBatch, Party
from courtscreen.store.tables import tables


def test_reflected_tables_have_the_models_columns(engine):
    t = tables(engine)
    for reflected, model in ((t.court_case, CourtCase), (t.party, Party), (t.case_party, CaseParty),
                             (t.import_batch, ImportBatch)):
        assert set(reflected.c.keys()) == set(model.__table__.c.keys()), reflected.name


def test_tables_are_reflected_once_per_engine(engine):
    assert tables(engine) is tables(engine)
    assert engine in tables_module._cache


def test_the_docket_app_does_not_import_the_orm_at_start_up():
    code = ("import sys, courtscreen.tui.app, courtscreen.store.migrate; "
            "print('sqlmodel' in sys.modules, 'courtscreen.store.models' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
