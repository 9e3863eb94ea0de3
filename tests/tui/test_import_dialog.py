"""Importing a docket from inside the app: i, a path, the proposed mapping, Import, the report.

The files are copies of the bundled samples, or fresh dockets from fixtures/make_docket.py, in the
test's tmp_path. The database is checked with helpers.db (plain SELECTs), before and after.
"""

from __future__ import annotations

import csv
import gc
import os
import random
import shutil
import subprocess
import sys

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

from courtscreen.jobs.child import PACE_ENV
from courtscreen.tui.screens.confirm_leave import ConfirmLeave
from courtscreen.tui.screens.docket import DocketScreen
from courtscreen.tui.screens.import_dialog import ImportDialog


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

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        docket = pilot.app.screen
        dialog = await open_dialog(pilot)
        await type_path_and_preview(pilot, fresh)
        assert log_contains(log(pilot), "Proposed column mapping for x.csv")
        assert log_contains(log(pilot), "40 cases from 40 rows; 0 rows would not be imported.")

        monkeypatch.setenv(PACE_ENV, "0.3")  # the child waits at each step: progress to look at
        switch_interval = sys.getswitchinterval()
        await pilot.press("enter")  # the Import button has the focus after the preview
        stage = dialog.query_one("#import-stage", Label)
        await wait_until(pilot, lambda: text_of(stage).startswith(("Checking rows: ", "Saving: ")),
                         what="progress from the import process")
        # The import's process-wide tweaks stay in its own process: the app's are untouched.
        assert gc.isenabled()
        assert sys.getswitchinterval() == switch_interval
        assert dialog.query_one(ProgressBar).display
        assert dialog.query_one("#import", Button).disabled
        assert log_contains(log(pilot), f"Importing {fresh}…")
        await settle(pilot)

        assert log_contains(log(pilot), f"40 rows read: {added} cases added, {updated} updated, 0 unchanged")
        # people were linked by the import's own process, reported in the app's words
        assert log_contains(log(pilot), "people: ") and log_contains(log(pilot), "cases share a person")
        assert not log_contains(log(pilot), "courtscreen people")  # no command line in the app
        assert not dialog.query_one(ProgressBar).display
        assert text_of(dialog.query_one("#import-stage", Label)) == ""
        total = 300 + added
        assert dbh.count(docket_engine, "court_case") == total

        await pilot.click("#close")
        await settle(pilot)
        assert pilot.app.screen is docket
        assert status(docket).startswith(f"Cases 1–100 of {total} · page 1/4")
        assert f"{total} cases" in text_of(docket.query_one("#summary"))


async def start_a_slow_import(pilot, monkeypatch, name: str) -> ImportDialog:
    """Preview name, then Import with the child pausing at each step; returns once it saves."""
    dialog = await open_dialog(pilot)
    await type_path_and_preview(pilot, name)
    assert log_contains(log(pilot), "Check the mapping above")
    monkeypatch.setenv(PACE_ENV, "1.5")  # seconds at each step: time to answer the question
    await pilot.press("enter")
    stage = dialog.query_one("#import-stage", Label)
    await wait_until(pilot, lambda: text_of(stage).startswith(("Checking rows: ", "Saving: ")),
                     what="the import to be under way")
    return dialog


def leave_buttons(pilot) -> list[str]:
    return [str(b.label) for b in pilot.app.screen.query(Button)]


async def test_escape_during_an_import_asks_and_cancel_changes_nothing(app, docket_engine, tmp_path,
                                                                      monkeypatch):
    make_docket(tmp_path / "busy.csv", rows=40, seed=7)
    monkeypatch.chdir(tmp_path)
    before = dbh.snapshot(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog = await start_a_slow_import(pilot, monkeypatch, "busy.csv")

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmLeave), what="the question")
        assert leave_buttons(pilot) == ["Keep importing in the background", "Cancel the import", "Stay"]
        assert "busy.csv is still being imported" in text_of(pilot.app.screen.query_one(Label))

        await pilot.click("#cancel")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, DocketScreen), timeout=60,
                         what="the dialog to close once the import is cancelled")
        assert any("cancelled; nothing was changed" in n.message for n in pilot.app._notifications)
        assert log_contains(dialog.query_one("#import-log"), "Import cancelled. Nothing was changed.")
        await settle(pilot)
        assert status(pilot.app.screen).startswith("Cases 1–100 of 300")
    assert dbh.snapshot(docket_engine) == before  # no batch, no case, no party


async def test_close_during_an_import_can_keep_it_going_in_the_background(app, docket_engine, tmp_path,
                                                                         monkeypatch):
    make_docket(tmp_path / "later.csv", rows=40, seed=99)
    monkeypatch.chdir(tmp_path)
    added = 40 - already_in(docket_engine, "later.csv")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await start_a_slow_import(pilot, monkeypatch, "later.csv")
        await pilot.click("#close")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmLeave), what="the question")
        await pilot.click("#background")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, DocketScreen), what="the docket")
        docket = pilot.app.screen
        assert "later.csv" in pilot.app.sub_title  # the title bar says what runs in the background
        await settle(pilot)  # the job ends; the handler tells the clerk and refreshes the docket
        assert any(f"Import of later.csv finished: {added} cases added" in n.message
                   for n in pilot.app._notifications)
        assert "later.csv" not in pilot.app.sub_title
        await settle(pilot)
        assert status(docket).startswith(f"Cases 1–100 of {300 + added}")
    assert dbh.count(docket_engine, "court_case") == 300 + added


async def test_stay_keeps_the_import_dialog_and_its_import(app, docket_engine, tmp_path, monkeypatch):
    make_docket(tmp_path / "stay.csv", rows=40, seed=99)
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog = await start_a_slow_import(pilot, monkeypatch, "stay.csv")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmLeave), what="the question")
        await pilot.press("escape")  # Escape on the question means Stay
        await wait_until(pilot, lambda: pilot.app.screen is dialog, what="the dialog again")
        await settle(pilot)
        assert log_contains(log(pilot), "Done. Press Close (or Escape) to see the docket.")
    assert dbh.count(docket_engine, "court_case") > 300


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
