"""Helpers for the TUI tests: waiting for workers and reading what is on screen.

Imported by the test modules as `tuikit` (tests/tui is on sys.path under pytest's default
"prepend" import mode, the same way tests/conftest.py makes `helpers` importable).
"""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CSV = REPO / "fixtures" / "sample_docket.csv"
SAMPLE_XLSX = REPO / "fixtures" / "sample_docket.xlsx"
MAKE_DOCKET = REPO / "fixtures" / "make_docket.py"
TODAY = date(2026, 11, 23)
SIZE = (120, 40)

# Column titles of the docket table (courtscreen/tui/widgets/case_table.py COLUMNS). Cells are read by
# title, not position, so reordering the columns does not break the tests.
HEARING, TYPE, CASE_NO, PARTIES, JUDGE, SCREENING, FLAGS = (
    "Hearing", "Type", "Case no.", "Parties", "Judge", "Screening", "Tier")


# --------------------------------------------------------------------------- waiting


async def settle(pilot, rounds: int = 3) -> None:
    """Let thread workers finish and their call_from_thread results reach the screen.

    A worker's result arrives as a callback after the worker completes, and showing the first
    page starts more workers (summary, judge list), so wait and pause a few times.
    """
    for _ in range(rounds):
        await search_typed(pilot)
        await workers_done(pilot)
        await jobs_done(pilot)
        await pilot.pause()
    await pilot.pause()


async def search_typed(pilot, timeout: float = 5.0) -> None:
    """Wait for the docket's search of a burst of keys (it waits for the last key: SEARCH_BURST)."""
    import time

    end = time.monotonic() + timeout
    while getattr(pilot.app.screen, "_search_timer", None) is not None and time.monotonic() < end:
        await pilot.pause(0.02)


async def workers_done(pilot) -> None:
    """Wait for the app's thread workers. An exclusive worker cancelled by its successor (a
    newer load of the same group) is normal, not a failure: wait for the rest again."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause()
    await pilot.app.workers.wait_for_complete()


async def picture_ready(pilot, pause: float = 0.3) -> None:
    """Before a snapshot: every DataTable has measured its columns (it does so on an idle moment;
    on a busy machine a picture could be taken before, every column at its header's width), the
    tables are redrawn, and a text cursor is held still (drawn or not by the moment of the picture)."""
    from textual.widgets import DataTable, Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False

    def tables() -> list:  # the screens below a dialog are in the picture too
        return [t for screen in pilot.app.screen_stack for t in screen.query(DataTable)]

    def measured() -> bool:
        return not any(t._require_update_dimensions or t._new_rows or t._updated_cells
                       for t in tables())

    def busy() -> bool:
        return any(w.is_running for w in pilot.app.workers) or not measured()

    for _ in range(10):  # until a late load (a worker, then its rows) has come and been measured
        await workers_done(pilot)
        await wait_until(pilot, measured, what="the tables to measure their columns")
        for table in tables():
            table.refresh(layout=True)
        await pilot.pause(pause)
        if not busy():
            return


async def jobs_done(pilot, timeout: float = 120.0) -> None:
    """Wait for the app's long jobs (import, linking: child processes) to end and report."""
    jobs = getattr(pilot.app, "jobs", None)
    if jobs is not None and jobs.running:
        await wait_until(pilot, lambda: not jobs.running, timeout, "the app's jobs to finish")


async def wait_until(pilot, condition, timeout: float = 10.0, what: str = "condition") -> None:
    """Pause until condition() is true; never waits on workers (one may be blocked on purpose)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.02)


async def docket_ready(pilot) -> None:
    """Wait for the first page, the summary, the judge list and the filter widgets."""
    from courtscreen.tui.screens.docket import DocketScreen

    await settle(pilot)
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, DocketScreen) and pilot.app.screen.filters_ready
        and "cases" in text_of(pilot.app.screen.query_one("#summary"))
        and len(select_options(pilot.app.screen.query_one("#judge"))) > 1,
        what="the docket screen to load",
    )
    await settle(pilot)


# --------------------------------------------------------------------------- what is on screen


def plain(value) -> str:
    """A cell or renderable as the text a user reads."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for attr in ("plain",):
        if hasattr(value, attr):
            return getattr(value, attr)
    return str(value)


def text_of(widget) -> str:
    """The plain text of a Static / Label as rendered (markup removed)."""
    visual = widget.visual
    return plain(visual)


def select_options(select) -> list[tuple[str, object]]:
    """(label, value) of a Select's options (Textual keeps them in the private _options)."""
    return [(plain(label), value) for label, value in select._options]


def table_rows(table) -> list[dict[str, str]]:
    """Every row of a DataTable as {column title: plain text}, in display order."""
    titles = [plain(c.label) for c in table.ordered_columns]
    return [dict(zip(titles, (plain(cell) for cell in table.get_row_at(i)), strict=True))
            for i in range(table.row_count)]


def column(table, title: str) -> list[str]:
    return [row[title] for row in table_rows(table)]


def log_lines(log) -> list[str]:
    """The lines of a RichLog as plain text (after wrapping)."""
    return ["".join(seg.text for seg in strip).rstrip() for strip in log.lines]


def squash(text: str) -> str:
    """Remove all whitespace: RichLog wraps long lines, possibly inside a path or a word."""
    return re.sub(r"\s+", "", text)


def log_contains(log, needle: str) -> bool:
    return squash(needle) in squash("".join(log_lines(log)))


# --------------------------------------------------------------------------- database facts


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar_one()


def db_rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def screen_lines(app) -> list[str]:
    """The terminal as text lines, read from the app's SVG screenshot (what the user sees)."""
    import html
    from collections import defaultdict

    svg = app.export_screenshot()
    cells: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for m in re.finditer(r'<text [^>]*?x="([\d.]+)" y="[\d.]+"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"'
                         r'[^>]*>(.*?)</text>', svg, re.S):
        cells[int(m[2])].append((float(m[1]), html.unescape(m[3]).replace("\xa0", " ")))
    width = 12.2  # the SVG's width of one terminal cell
    lines = []
    for number in range(max(cells, default=-1) + 1):
        line = ""
        for x, text in sorted(cells.get(number, [])):
            line = line.ljust(round(x / width)) + text
        lines.append(line.rstrip())
    return lines
