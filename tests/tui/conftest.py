"""Fixtures for the Textual TUI tests: a temporary SQLite docket and the app built on it.

Everything runs against a SQLite file in the test's tmp_path, with the bundled sample docket
(fixtures/sample_docket.csv: 300 cases + 3 bad rows) imported through the real import service,
and the app's "today" fixed at 2026-11-23 (the first hearing day of the sample) so that the
priority order and the snapshots never drift with the calendar.

The helpers that wait for workers and read what a user sees live in tuikit.py.
"""

from __future__ import annotations

import pytest
from tuikit import SAMPLE_CSV, TODAY

from courtscreen.config import Settings
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store.database import make_engine
from courtscreen.store.migrate import upgrade

# --------------------------------------------------------------------------- database and app


@pytest.fixture
def tui_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tui.sqlite'}"


@pytest.fixture
def tui_settings(tmp_path, tui_url) -> Settings:
    return Settings(database_url=tui_url, user="clerk", data_dir=tmp_path / "data")


@pytest.fixture
def empty_engine(tui_url):
    engine = make_engine(tui_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def docket_engine(empty_engine):
    """The sample docket (300 cases) imported through the import service, as `courtscreen import` does."""
    report = import_docket(empty_engine, SAMPLE_CSV, ImportOptions(), CaseTypeRules.load(), "clerk")
    assert report.counts.added == 300, report.counts
    return empty_engine


@pytest.fixture
def make_app(tui_settings):
    """make_app(engine) -> a CourtscreenApp on that engine with today fixed at TODAY."""
    from courtscreen.tui.app import CourtscreenApp

    def build(engine, **kwargs) -> CourtscreenApp:
        kwargs.setdefault("today", TODAY)
        return CourtscreenApp(tui_settings, engine, **kwargs)

    return build


@pytest.fixture
def app(make_app, docket_engine):
    return make_app(docket_engine)
