"""The mapping editor: the import dialog's "Edit mapping", as a clerk uses it.

The files are written by the tests (fictional people). The database is read with
helpers.db after the import.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from helpers import db as dbh
from textual.widgets import Button, Checkbox, Input
from tuikit import log_contains, log_lines, picture_ready, settle, text_of, wait_until

from courtscreen.importing.profiles import load_profile
from courtscreen.tui.screens.import_dialog import ImportDialog
from courtscreen.tui.screens.mapping_editor import MappingEditor

SMALL = (120, 40)

# A calendar whose headers no synonym knows; its courtroom column holds bare room codes
CALENDAR = ("Ref,Who,When,At,Where\n"
            "2026-DR-000901,Marlowe v. Marlowe,2026-12-14,9:00 am,2A\n"
            "2026-PFA-00902,Quill v. Quill,2026-12-14,3:30 pm,3B\n")


async def open_editor(pilot, path) -> MappingEditor:
    await pilot.press("i")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ImportDialog), what="import dialog")
    await pilot.pause()
    pilot.app.screen.query_one("#import-path", Input).value = str(path)
    await pilot.click("#edit-mapping")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MappingEditor), what="the editor")
    await settle(pilot)
    return pilot.app.screen


def field(editor, name) -> Input:
    return editor.query_one(f"#me-field-{name}", Input)


def log(editor):
    return editor.query_one("#me-log")


async def test_the_editor_shows_the_proposal_and_a_changed_mapping_imports(app, docket_engine,
                                                                           tmp_path):
    path = tmp_path / "calendar.csv"
    path.write_text(CALENDAR)
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(pilot, path)
        # The proposal, judged by content: case numbers, "A v. B" titles, dates and times
        assert [field(editor, n).value for n in ("case_number", "case_title", "hearing_date",
                                                  "hearing_time", "courtroom")] == [
            "A", "B", "C", "D", ""]
        assert text_of(editor.query_one("#me-label-case_number")).split() == ["Case", "number",
                                                                              "100%"]
        assert "A 'Ref'  B 'Who'  C 'When'  D 'At'  E 'Where'" in text_of(
            editor.query_one("#me-columns"))
        assert log_contains(log(editor), "Proposed column mapping for calendar.csv (header on row 1)")

        field(editor, "courtroom").value = "Where"
        await pilot.click("#me-preview")
        await settle(pilot)
        assert log_contains(log(editor), "Courtroom                  E 'Where'")
        assert log_contains(log(editor), "2026-PFA-00902 [Protection order] hearing 2026-12-14 15:30")
        assert not any("--" in line for line in log_lines(log(editor)))  # no command-line flags

        editor.query_one("#me-profile-name", Input).value = "calendar-export"
        await pilot.click("#me-save")
        await pilot.pause()
        assert log_contains(log(editor), "Saved as profile calendar-export")
        saved = load_profile("calendar-export", app.settings.profiles_dir)
        assert saved.map["courtroom"] == ["Where"] and saved.map["case_number"] == ["Ref"]

        await pilot.click("#me-use")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        assert log_contains(dialog.query_one("#import-log"), "Courtroom                  E 'Where'")
        await pilot.click("#import")
        await settle(pilot)
        assert log_contains(dialog.query_one("#import-log"), "2 cases added")
    cases = {c["case_number"]: c for c in dbh.select(docket_engine, "court_case")}
    assert cases["2026-PFA-00902"]["courtroom"] == "3B"
    assert str(cases["2026-PFA-00902"]["hearing_date"]) == str(date(2026, 12, 14))
    assert str(cases["2026-PFA-00902"]["hearing_time"])[:5] == str(time(15, 30))[:5]


async def test_a_file_with_no_case_numbers_says_what_to_do_on_this_screen(app, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("Judge,Cases\n" + "".join(f"Hon. Judge {j},{j + 3}\n" for j in range(8)))
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(pilot, path)
        assert log_contains(log(editor), "no column holds case numbers")
        assert log_contains(log(editor), "Type the case-number column in the Case number field")
        assert editor.query_one("#me-use", Button).disabled
        assert not any("--" in line for line in log_lines(log(editor)))


async def test_no_header_row_is_a_checkbox_and_the_first_row_is_then_data(app, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("2026-DR-000911,Vance v. Vance\n2026-DR-000912,Okonjo v. Okonjo\n")
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(pilot, path)
        assert editor.query_one("#me-no-header", Checkbox).value is True
        assert field(editor, "case_number").value == "A"
        assert field(editor, "case_title").value == "B"
        assert log_contains(log(editor), "2 cases from 2 rows")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ImportDialog)
        assert pilot.app.screen.edited_options is None  # cancelled: nothing changed


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_mapping_editor_snapshot(snap_compare, app, tmp_path, monkeypatch, size):
    (tmp_path / "calendar.csv").write_text(CALENDAR)
    monkeypatch.chdir(tmp_path)  # a relative path: the picture holds no machine-specific folder

    async def run_before(pilot):
        await open_editor(pilot, "calendar.csv")
        await wait_until(pilot, lambda: log_contains(log(pilot.app.screen), "Use this mapping"),
                         what="the proposal")
        await picture_ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
