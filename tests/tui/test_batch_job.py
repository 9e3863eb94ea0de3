"""Batch generation as a job in its own process (like the import and the export): Escape or
Close while it runs asks keep going in the background / cancel / stay; a cancel stops after the
document being made, says so, and leaves only complete documents, each recorded."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from test_generate_form import po_case
from textual.widgets import Button
from tuikit import SIZE, db_rows, docket_ready, scalar, text_of, wait_until

from courtscreen.domain.case_types import CaseType
from courtscreen.store.worklist import WorklistFilter
from courtscreen.tui.screens.batch_generate import BatchGenerateScreen
from courtscreen.tui.screens.confirm_leave import ConfirmLeave

PROTECTION_ORDERS = WorklistFilter(case_types=frozenset({CaseType.PROTECTION_ORDER}))


async def start_slow_batch(pilot, monkeypatch, pace: float):
    from courtscreen.jobs.child import PACE_ENV

    monkeypatch.setenv(PACE_ENV, str(pace))
    dismissed: list = []
    screen = BatchGenerateScreen(PROTECTION_ORDERS, "protection_addendum")
    pilot.app.push_screen(screen, dismissed.append)
    await wait_until(pilot, lambda: pilot.app.screen is screen and screen.query("#batch-start")
                     and not screen.query_one("#batch-start").disabled, timeout=60, what="the case count")
    await pilot.click("#batch-start")
    await wait_until(pilot, lambda: screen.running and screen.job is not None, timeout=60,
                     what="the batch to start")
    assert str(screen.query_one("#batch-close", Button).label) == "Cancel"
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmLeave), timeout=30,
                     what="the question")
    assert [str(b.label) for b in pilot.app.screen.query(Button)] == [
        "Keep generating in the background", "Cancel the batch", "Stay"]
    return screen, dismissed


async def test_cancel_stops_the_batch_and_keeps_only_complete_documents(app, docket_engine, monkeypatch):
    po_case(docket_engine)
    total = scalar(docket_engine, "select count(*) from court_case where case_type = 'protection_order'")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        screen, dismissed = await start_slow_batch(pilot, monkeypatch, pace=1.0)
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: dismissed != [], timeout=90, what="the screen to close")
        said = [n.message for n in pilot.app._notifications]
        assert any(m.startswith(("Batch cancelled after", "Batch cancelled; nothing was made"))
                   for m in said), said
        status = " ".join(text_of(screen.query_one("#batch-status")).split())
        assert status.startswith(("Cancelled after", "Cancelled before the first document")), status
        assert "Cancelled after" not in status or f"of {total:,} case(s)" in status
    outcomes = dismissed[0] or []
    assert len(outcomes) < total  # it stopped
    made = [o for o in outcomes if o["ok"]]
    recorded = db_rows(docket_engine, "select case_id, version from generated_document")
    assert sorted(recorded) == sorted((o["case_id"], o["version"]) for o in made)
    for o in made:  # every document on disk is whole: it opens, with text in it
        assert any(p.text.strip() for p in Document(Path(o["path"])).paragraphs)


async def test_keep_generating_in_the_background_finishes_with_a_notice(app, docket_engine, monkeypatch):
    cid, number = po_case(docket_engine)
    total = scalar(docket_engine, "select count(*) from court_case where case_type = 'protection_order'")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        screen, dismissed = await start_slow_batch(pilot, monkeypatch, pace=0.2)
        await pilot.click("#background")
        await wait_until(pilot, lambda: dismissed != [], what="the screen to close")
        assert dismissed == [None]
        assert "Generating" in pilot.app.sub_title  # the title bar says what runs in the background
        await wait_until(pilot, lambda: not pilot.app.jobs.running, timeout=120, what="the batch")
        await pilot.pause()
        said = [n.message for n in pilot.app._notifications]
        assert any(m.startswith(f"1 document(s) generated, {total - 1:,} case(s) could not have one")
                   for m in said), said
        assert "Generating" not in pilot.app.sub_title
    assert db_rows(docket_engine, "select case_id, version from generated_document") == [(cid, 1)]


async def test_stay_keeps_the_batch_on_screen_to_its_report(app, docket_engine, monkeypatch):
    po_case(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        screen, dismissed = await start_slow_batch(pilot, monkeypatch, pace=0.1)
        await pilot.click("#stay")
        await wait_until(pilot, lambda: pilot.app.screen is screen, what="the batch screen again")
        await wait_until(pilot, lambda: not screen.running, timeout=120, what="the batch")
        assert "1 generated," in text_of(screen.query_one("#batch-status"))
        assert dismissed == []
