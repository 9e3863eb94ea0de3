"""The export dialog: opened on the docket's filter, a path, Export, the result; errors on screen.

The lead wires a key to it; here it is pushed directly, as the docket will push it:
ExportDialog(worklist_filter) -> dismisses with the Path written, or None.
"""

from __future__ import annotations

import openpyxl
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select
from tuikit import SIZE, TODAY, docket_ready, settle, text_of, wait_until

from courtscreen.domain.case_types import CaseType
from courtscreen.store.worklist import WorklistFilter, count
from courtscreen.tui.screens.confirm_leave import ConfirmLeave
from courtscreen.tui.screens.export_dialog import ExportDialog, default_name


async def open_export(pilot, f: WorklistFilter, folder) -> tuple[ExportDialog, list]:
    dismissed: list = []
    dialog = ExportDialog(f, folder=folder)
    pilot.app.push_screen(dialog, dismissed.append)
    await wait_until(pilot, lambda: pilot.app.screen is dialog, what="the export dialog")
    await pilot.pause()
    return dialog, dismissed


def result_text(dialog) -> str:
    return " ".join(text_of(dialog.query_one("#export-result")).split())


async def set_path(pilot, dialog, path) -> None:
    dialog.query_one("#export-path", Input).value = str(path)
    await pilot.pause()


async def export(pilot, dialog) -> None:
    await pilot.click("#export")
    await settle(pilot)
    await wait_until(pilot, lambda: not dialog._exporting, what="the export to finish")
    await pilot.pause()


async def test_exports_what_the_docket_shows(app, docket_engine, tmp_path):
    f = WorklistFilter(today=TODAY, case_types=frozenset({CaseType.CUSTODY}))
    expected = count(docket_engine, f)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, dismissed = await open_export(pilot, f, tmp_path)
        path_input = dialog.query_one("#export-path", Input)
        target = tmp_path / "docket-2026-11-23.xlsx"
        assert path_input.value == str(tmp_path / default_name(TODAY)) == str(target)
        assert pilot.app.focused is path_input
        assert "type Custody" in text_of(dialog.query_one("#export-filter"))
        await export(pilot, dialog)
        assert result_text(dialog).startswith(f"Exported {expected} cases to {target}")
        assert "Tick 'Include confidential details'" in result_text(dialog)
        assert "--include-confidential" not in result_text(dialog)
        assert not dialog.query_one(ProgressBar).display
        assert pilot.app.focused is dialog.query_one("#close", Button)
        await pilot.click("#close")
        await pilot.pause()
    assert dismissed == [tmp_path / "docket-2026-11-23.xlsx"]
    wb = openpyxl.load_workbook(tmp_path / "docket-2026-11-23.xlsx")
    rows = list(wb["Docket"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected
    header = [c.value for c in wb["Docket"][1]]
    assert all(r[header.index("Case type (courtscreen)")] == "Custody" for r in rows)


async def test_csv_format_and_an_existing_file(app, tmp_path):
    target = tmp_path / "docket-2026-11-23.csv"
    target.write_text("keep", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, dismissed = await open_export(pilot, WorklistFilter(today=TODAY), tmp_path)
        dialog.query_one("#export-format", Select).value = ".csv"
        await pilot.pause()
        assert dialog.query_one("#export-path", Input).value == str(target)
        await export(pilot, dialog)
        assert "already exists" in result_text(dialog) and "Traceback" not in result_text(dialog)
        # the app's own control, never the command line's flag
        assert "tick 'Replace if it exists'" in result_text(dialog)
        assert "--" not in result_text(dialog)
        assert target.read_text(encoding="utf-8") == "keep"
        assert not dialog.query_one("#export", Button).disabled
        dialog.query_one("#export-replace", Checkbox).value = True
        await export(pilot, dialog)
        assert result_text(dialog).startswith("Exported 300 cases")
        await pilot.press("escape")
        await pilot.pause()
    assert dismissed == [target]
    assert target.read_bytes().startswith(b"\xef\xbb\xbfCase No.,")


async def test_errors_are_messages_and_closing_without_export_gives_none(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, dismissed = await open_export(pilot, WorklistFilter(today=TODAY), tmp_path)
        await set_path(pilot, dialog, tmp_path / "no such folder" / "x.xlsx")
        await export(pilot, dialog)
        assert "does not exist; create it or choose another folder" in result_text(dialog)
        await set_path(pilot, dialog, "")
        await export(pilot, dialog)
        assert "Type the name of the file" in result_text(dialog)
        await pilot.press("escape")
        await pilot.pause()
    assert dismissed == [None]


async def test_confidential_switch_adds_the_confidential_columns(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, _ = await open_export(pilot, WorklistFilter(today=TODAY, search="zzzz-nothing"), tmp_path)
        dialog.query_one("#export-confidential", Checkbox).value = True
        await export(pilot, dialog)
        assert result_text(dialog).startswith("Exported 0 cases")
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "docket-2026-11-23.xlsx")["Docket"][1]]
    assert header[-2:] == ["Screening notes (confidential)", "Protected details (confidential)"]


def leave_buttons(pilot) -> list[str]:
    return [str(b.label) for b in pilot.app.screen.query(Button)]


async def start_slow_export(pilot, monkeypatch, folder, pace: float = 3):
    """An export in its own process, held `pace` seconds after each step so it can be left
    while it runs (the child checks for a cancel before it writes the file)."""
    from courtscreen.jobs.child import PACE_ENV

    monkeypatch.setenv(PACE_ENV, str(pace))
    dialog, dismissed = await open_export(pilot, WorklistFilter(today=TODAY), folder)
    await pilot.click("#export")
    await wait_until(pilot, lambda: "Reading the docket" in text_of(dialog.query_one("#export-stage")),
                     timeout=60, what="the export's progress")
    assert str(dialog.query_one("#close", Button).label) == "Cancel"
    await pilot.click("#close")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmLeave), what="the question")
    assert leave_buttons(pilot) == ["Keep exporting in the background", "Cancel the export", "Stay"]
    return dialog, dismissed


async def test_cancel_stops_the_export_and_leaves_no_file(app, tmp_path, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        # held long enough after its first step that the cancel always comes before the file
        dialog, dismissed = await start_slow_export(pilot, monkeypatch, tmp_path, pace=12)
        await pilot.click("#cancel")
        try:
            await wait_until(pilot, lambda: dismissed != [], timeout=60, what="the dialog to close")
        except AssertionError:
            raise AssertionError((pilot.app.screen, dialog._exporting, dialog._leave_when_done,
                                  text_of(dialog.query_one("#export-result")))) from None
        assert dismissed == [None]
        assert any("no file was written" in n.message for n in pilot.app._notifications)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == []


async def test_stay_keeps_the_export_and_its_progress_on_screen(app, tmp_path, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, dismissed = await start_slow_export(pilot, monkeypatch, tmp_path)
        await pilot.click("#stay")
        await wait_until(pilot, lambda: pilot.app.screen is dialog, what="the dialog again")
        await wait_until(pilot, lambda: not dialog._exporting, timeout=120, what="the export")
        assert result_text(dialog).startswith("Exported 300 cases to")
        assert dismissed == []


async def test_keep_exporting_in_the_background_writes_the_file(app, tmp_path, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, dismissed = await start_slow_export(pilot, monkeypatch, tmp_path)
        await pilot.click("#background")
        await wait_until(pilot, lambda: dismissed != [], what="the dialog to close")
        assert "Exporting" in pilot.app.sub_title  # the title bar says what runs in the background
        await wait_until(pilot, lambda: not pilot.app.jobs.running, timeout=120, what="the export")
        await pilot.pause()
        assert any(n.message.startswith("Export finished: 300 cases written to")
                   for n in pilot.app._notifications)
        assert "Exporting" not in pilot.app.sub_title
    written = [p for p in tmp_path.iterdir() if p.suffix == ".xlsx"]
    assert len(written) == 1
    assert len(list(openpyxl.load_workbook(written[0])["Docket"].iter_rows(min_row=2))) == 300


async def test_a_role_without_confidential_access_cannot_tick_it(make_app, docket_engine, tmp_path):
    from courtscreen.domain.roles import Access, load_roles

    app = make_app(docket_engine, access=Access("Cleo", load_roles()["clerk"]))
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        dialog, _ = await open_export(pilot, WorklistFilter(today=TODAY), tmp_path)
        assert dialog.query_one("#export-confidential", Checkbox).disabled
        await export(pilot, dialog)
        assert result_text(dialog).startswith("Exported 300 cases")
