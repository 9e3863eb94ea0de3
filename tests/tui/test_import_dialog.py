"""Importing a docket from inside the app: i, a path, the proposed mapping, Import, the report.

The files are copies of the bundled samples, or fresh dockets from fixtures/make_docket.py, in the
test's tmp_path. The database is checked with helpers.db (plain SELECTs), before and after.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import threading
import time

import pytest
from helpers import db as dbh
from textual.widgets import Button, Input, Label, ProgressBar, Select
from tuikit import (
    MAKE_DOCKET,
    REPO,
    SAMPLE_CSV,
    SAMPLE_XLSX,
    SIZE,
    docket_ready,
    log_contains,
    log_lines,
    select_options,
    settle,
    text_of,
    wait_until,
)

from courtscreen.tui.screens.docket import DocketScreen
from courtscreen.tui.screens.import_dialog import PROGRESS_INTERVAL, ImportDialog


def log(pilot):
    return pilot.app.screen.query_one("#import-log")


def status(screen) -> str:
    return text_of(screen.query_one("#status"))


def make_docket(path, rows: int, seed: int):
    """A fresh fictional docket, written by the fixture generator run as a script."""
    done = subprocess.run([sys.executable, str(MAKE_DOCKET), "--rows", str(rows), "--seed", str(seed),
                           "--out", str(path)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    return path


async def open_dialog(pilot) -> ImportDialog:
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog), what="the import dialog")
    await pilot.pause()
    dialog = pilot.app.screen
    assert pilot.app.focused is dialog.query_one("#import-path", Input)
    return dialog


async def type_path_and_preview(pilot, path) -> None:
    await pilot.press(*str(path))
    assert pilot.app.screen.query_one("#import-path", Input).value == str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_importing_the_same_docket_again_changes_nothing(app, docket_engine, tmp_path):
    copy = tmp_path / "same docket.xlsx"
    shutil.copy(SAMPLE_XLSX, copy)
    before = dbh.snapshot(docket_engine)

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        docket = pilot.app.screen
        dialog = await open_dialog(pilot)
        await type_path_and_preview(pilot, copy)

        assert log_contains(log(pilot), "Proposed column mapping for same docket.xlsx [Docket]")
        assert log_contains(log(pilot), "used sheet 'Docket' of 'About', 'Docket'")
        assert log_contains(log(pilot), "300 cases from 303 rows; 3 rows would not be imported. "
                                        "Nothing was changed.")
        assert log_contains(log(pilot), "Check the mapping above, then press Import")
        button = dialog.query_one("#import", Button)
        assert not button.disabled
        assert pilot.app.focused is button
        assert dbh.counts(docket_engine) == {k: len(v) for k, v in before.items()}  # preview writes nothing

        await pilot.click("#import")
        await settle(pilot)
        assert log_contains(log(pilot), "303 rows read: 0 cases added, 0 updated, 300 unchanged; "
                                        "3 rows not imported")
        assert log_contains(log(pilot), "Nothing changed: every case is already in the database")
        assert log_contains(log(pilot), "row 303, column F 'Hearing Date'")
        assert log_contains(log(pilot), "Done. Press Close (or Escape) to see the docket.")
        assert not dialog.query_one(ProgressBar).display

        after = dbh.snapshot(docket_engine)
        assert after["court_case"] == before["court_case"]
        assert len(after["import_batch"]) == len(before["import_batch"]) + 1  # the attempt is recorded

        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is docket
        assert status(docket).startswith("Cases 1–100 of 300")


def already_in(engine, path) -> int:
    """How many of the file's (court, case number) pairs the database already holds."""
    with open(path, newline="", encoding="utf-8") as fh:
        keys = {(r["Court"].strip(), r["Case No."].strip()) for r in csv.DictReader(fh)}
    cases = dbh.select(engine, "court_case")
    return len(keys & {(c["court"], c["case_number"]) for c in cases})


async def test_importing_a_fresh_docket_adds_its_cases(app, docket_engine, tmp_path, monkeypatch):
    make_docket(tmp_path / "x.csv", rows=40, seed=99)
    monkeypatch.chdir(tmp_path)  # a relative path, as typed by a clerk in the file's folder
    fresh = "x.csv"
    # Generated dockets number cases from a random start per court, type and year, so another seed
    # can reuse a number the sample already has in that court: the importer then updates that case.
    # (Seed 99 shares two: 2024-CR-00355 and 2025-PFA-00129.)
    updated = already_in(docket_engine, fresh)
    added = 40 - updated
    from courtscreen.importing import service

    real_import = service.import_docket
    started, release = threading.Event(), threading.Event()

    def held_import(engine, path, options, rules, user, progress=None, triage=None, link=True):
        """Report some progress, then wait for the test to look at the screen."""
        time.sleep(PROGRESS_INTERVAL + 0.05)  # the dialog shows at most ten updates a second
        progress("Saving", 10, 40)
        started.set()
        release.wait(30)
        assert link is False  # the app links people in another process
        return real_import(engine, path, options, rules, user, progress, triage, link=link)

    monkeypatch.setattr(service, "import_docket", held_import)

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        docket = pilot.app.screen
        dialog = await open_dialog(pilot)
        await type_path_and_preview(pilot, fresh)
        assert log_contains(log(pilot), "Proposed column mapping for x.csv")
        assert log_contains(log(pilot), "40 cases from 40 rows; 0 rows would not be imported.")

        await pilot.press("enter")  # the Import button has the focus after the preview
        try:
            stage = dialog.query_one("#import-stage", Label)
            await wait_until(pilot, lambda: text_of(stage) == "Saving: 10 of 40", what="progress")
            bar = dialog.query_one(ProgressBar)
            assert bar.display
            assert bar.percentage == pytest.approx(0.25)
            assert dialog.query_one("#import", Button).disabled
            assert log_contains(log(pilot), f"Importing {fresh}…")
        finally:
            release.set()
        await settle(pilot)

        assert log_contains(log(pilot), f"40 rows read: {added} cases added, {updated} updated, 0 unchanged")
        # people were linked by `courtscreen people link --batch N` in its own process
        assert log_contains(log(pilot), "people: ") and log_contains(log(pilot), "cases share a person")
        assert not dialog.query_one(ProgressBar).display
        assert text_of(dialog.query_one("#import-stage", Label)) == ""
        total = 300 + added
        assert dbh.count(docket_engine, "court_case") == total

        await pilot.click("#close")
        await settle(pilot)
        assert pilot.app.screen is docket
        assert status(docket).startswith(f"Cases 1–100 of {total} · page 1/4")
        assert f"{total} cases" in text_of(docket.query_one("#summary"))


async def test_first_import_fills_the_judge_filter(make_app, empty_engine, tmp_path, monkeypatch):
    shutil.copy(SAMPLE_CSV, tmp_path / "first.csv")
    monkeypatch.chdir(tmp_path)
    copy = "first.csv"
    async with make_app(empty_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        docket = pilot.app.screen
        await wait_until(pilot, lambda: docket.filters_ready, what="the filters")
        assert status(docket) == "No cases yet. Press i to import a docket."

        await open_dialog(pilot)
        await type_path_and_preview(pilot, copy)
        await pilot.click("#import")
        await settle(pilot)
        assert log_contains(log(pilot), "300 cases added")
        await pilot.press("escape")
        await settle(pilot)

        assert status(docket).startswith("Cases 1–100 of 300")
        judges = [label for label, _ in select_options(docket.query_one("#judge", Select))]
        assert len(judges) > 1, judges


@pytest.mark.parametrize("content", [random.Random(1).randbytes(4096),
                                     b"PK\x03\x04" + random.Random(2).randbytes(4096)],
                         ids=["random-bytes", "broken-zip"])
async def test_a_garbage_workbook_is_a_message_and_imports_nothing(app, docket_engine, tmp_path, content,
                                                                  monkeypatch):
    (tmp_path / "garbage.xlsx").write_bytes(content)
    monkeypatch.chdir(tmp_path)  # the clerk started courtscreen in the folder holding the file
    garbage = "garbage.xlsx"
    before = dbh.snapshot(docket_engine)

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog = await open_dialog(pilot)
        await type_path_and_preview(pilot, garbage)

        assert pilot.app.is_running and pilot.app.screen is dialog
        assert log_contains(log(pilot), f"{garbage}: ")  # the message starts with the file's name
        assert log_contains(log(pilot), "Nothing was imported.")
        assert not log_contains(log(pilot), "Unexpected problem")  # a known error, explained
        assert log_contains(log(pilot), "save it again as .xlsx, or export CSV")
        assert dialog.query_one("#import", Button).disabled
        assert not dialog.query_one(ProgressBar).display

        await pilot.click("#import")  # disabled: nothing happens
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)
        assert status(pilot.app.screen).startswith("Cases 1–100 of 300")
    assert dbh.snapshot(docket_engine) == before


async def test_a_missing_file_is_a_message(app, docket_engine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = "not-there.csv"
    before = dbh.counts(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await open_dialog(pilot)
        await type_path_and_preview(pilot, missing)
        assert log_contains(log(pilot), f"{missing}: no such file. Check the path and try again.")
        assert log_contains(log(pilot), "Nothing was imported.")
        assert pilot.app.is_running
    assert dbh.counts(docket_engine) == before


async def test_a_file_that_vanishes_before_import_imports_nothing(app, docket_engine, tmp_path, monkeypatch):
    shutil.copy(SAMPLE_CSV, tmp_path / "brief.csv")
    monkeypatch.chdir(tmp_path)
    copy = "brief.csv"
    before = dbh.snapshot(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog = await open_dialog(pilot)
        await type_path_and_preview(pilot, copy)
        assert not dialog.query_one("#import", Button).disabled
        os.remove(copy)

        await pilot.click("#import")
        await settle(pilot)
        assert log_contains(log(pilot), "no such file")
        assert log_contains(log(pilot), "Nothing was imported.")
        assert not dialog.query_one(ProgressBar).display
    assert dbh.snapshot(docket_engine) == before


async def test_empty_path_and_bad_as_of_date_are_explained(app, tmp_path):
    copy = shutil.copy(SAMPLE_CSV, tmp_path / "d.csv")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog = await open_dialog(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert log_lines(log(pilot)) == ["Type the path of a docket file first."]

        dialog.query_one("#import-path", Input).value = str(copy)
        await pilot.click("#import-as-of")
        await pilot.press(*"2026-31-12", "enter")
        await settle(pilot)
        assert log_contains(log(pilot), "'as of' date '2026-31-12': write it as YYYY-MM-DD")
        assert dialog.query_one("#import", Button).disabled


async def test_escape_closes_the_dialog_without_importing(app, docket_engine, tmp_path, monkeypatch):
    make_docket(tmp_path / "later.csv", rows=5, seed=5)
    monkeypatch.chdir(tmp_path)
    fresh = "later.csv"
    before = dbh.counts(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await open_dialog(pilot)
        await type_path_and_preview(pilot, fresh)
        assert log_contains(log(pilot), "Proposed column mapping")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)
    assert dbh.counts(docket_engine) == before


async def test_import_first_opens_the_dialog_with_the_preview(make_app, empty_engine, tmp_path):
    """`courtscreen tui FILE`: the app starts on the import dialog, the preview already shown."""
    copy = shutil.copy(SAMPLE_CSV, tmp_path / "start.csv")
    async with make_app(empty_engine, import_first=copy).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: log_contains(log(pilot), "Check the mapping above"),
                         what="the preview")
        assert isinstance(pilot.app.screen, ImportDialog)
        assert log_contains(log(pilot), "Proposed column mapping for start.csv")
        assert dbh.count(empty_engine, "court_case") == 0


async def test_the_report_fits_the_dialog_at_80x24(app, tmp_path, monkeypatch):
    shutil.copy(SAMPLE_CSV, tmp_path / "docket.csv")
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await docket_ready(pilot)
        await open_dialog(pilot)
        await type_path_and_preview(pilot, "docket.csv")
        report = log(pilot)
        assert log_contains(report, "Check the mapping above")
        widest = max(len(line) for line in log_lines(report))
        assert widest <= report.scrollable_content_region.width
        assert not report.show_horizontal_scrollbar
