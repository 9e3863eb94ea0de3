"""The screening wizard in the app (Textual Pilot): screening a custody and a protection-order case
end to end, leaving midway and resuming, revising, a stale save, and 80x24 snapshots.

The database is the bundled fictional sample docket (fixtures/sample_docket.csv) in a temporary
SQLite file; the app's "today" is fixed so the docket order does not drift.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from helpers import db
from textual.widgets import Button, Select, SelectionList, Static

from courtscreen.config import Settings
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.screening import Answers, load_catalogue
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import migrate, screenings
from courtscreen.store.database import make_engine
from courtscreen.tui.app import CourtscreenApp
from courtscreen.tui.screens.case_view import CaseScreen
from courtscreen.tui.screens.confirm_leave import ConfirmLeave
from courtscreen.tui.screens.docket import DocketScreen
from courtscreen.tui.screens.screening import ScreeningScreen
from courtscreen.tui.widgets.case_table import CaseTable
from courtscreen.tui.widgets.choice_row import ChoiceRow

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample_docket.csv"
SNAPSHOTS = Path(__file__).resolve().parent / "__snapshots__" / Path(__file__).stem
TODAY = date(2026, 11, 23)
USER = "clerk"
OTHER = "Ottoline Farrow"  # a fictional second clerk
SIZE = (100, 30)
SLII = ["surveillance", "life_invasion", "intimidation", "interference"]


# --------------------------------------------------------------------------- the database


@pytest.fixture(scope="module")
def template_db(tmp_path_factory) -> Path:
    """The sample docket imported once per module; each test works on its own copy."""
    path = tmp_path_factory.mktemp("tui-template") / "sample.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    import_docket(engine, SAMPLE, ImportOptions(), CaseTypeRules.load(), "Test Importer")
    engine.dispose()
    return path


@pytest.fixture
def env(template_db, tmp_path):
    path = tmp_path / "tui.sqlite"
    with sqlite3.connect(template_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    url = f"sqlite:///{path}"
    settings = Settings(database_url=url, user=USER, data_dir=tmp_path)
    engine = make_engine(url)
    yield settings, engine
    engine.dispose()


def make_app(env) -> CourtscreenApp:
    settings, engine = env
    return CourtscreenApp(settings, engine, today=TODAY)


def first_case(engine, case_type: str) -> int:
    t = db.table("court_case")
    with engine.connect() as conn:
        q = sa.select(t.c.id).where(t.c.case_type == case_type).order_by(t.c.id)
        return conn.execute(q).scalars().first()


def case_row(engine, case_id: int) -> dict:
    (row,) = db.select(engine, "court_case", db.table("court_case").c.id == case_id)
    return row


def audit(engine, case_id: int) -> list[tuple[str, str, str, str, str]]:
    return [(a.user, a.action, a.field, a.old, a.new) for a in screenings.audit_log(engine, case_id)]


# --------------------------------------------------------------------------- driving the app


async def settle(app, pilot) -> None:
    """Let thread workers finish and the callbacks they post run (a save may start a reload)."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def scrolled(pilot) -> None:
    """Focusing a widget scrolls it into view with an animation: let it finish."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_case(app, pilot, case_id: int) -> CaseScreen:
    await settle(app, pilot)
    app.push_screen(CaseScreen(case_id))
    await settle(app, pilot)
    assert isinstance(app.screen, CaseScreen)
    return app.screen


async def open_wizard(app, pilot) -> ScreeningScreen:
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, ScreeningScreen)
    return app.screen


async def choose(app, pilot, selector: str, key: str) -> None:
    """Answer a ChoiceRow from the keyboard: y / n / u or the option's number."""
    app.screen.query_one(selector, ChoiceRow).focus()
    await pilot.press(key)


async def tick(app, pilot, selector: str, *indexes: int) -> None:
    """Tick checklist items with space, moving the highlight with the arrow keys."""
    app.screen.query_one(selector, SelectionList).focus()
    await pilot.press("home")
    at = 0
    for index in indexes:
        await pilot.press(*["down"] * (index - at), "space")
        at = index


async def type_into(app, pilot, selector: str, text: str) -> None:
    app.screen.query_one(selector).focus()
    await pilot.press(*["space" if c == " " else c for c in text])


async def next_step(app, pilot) -> None:
    await pilot.press("pagedown")
    await settle(app, pilot)


async def back_step(app, pilot) -> None:
    await pilot.press("pageup")
    await settle(app, pilot)


def title(app) -> str:
    return app.screen.query_one("#wiz-title", Static).visual.plain


def plain(app, selector: str) -> str:
    return app.screen.query_one(selector, Static).visual.plain


def step_id(app) -> str:
    return app.screen.step.id


# Screen text, read from the exported SVG: what a user sees, including the footer.
_SVG_TEXT = re.compile(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def svg_lines(svg: str) -> list[str]:
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, body in _SVG_TEXT.findall(svg):
        rows[float(y)].append((float(x), html.unescape(body).replace("\xa0", " ")))
    lines = []
    for y in sorted(rows):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text.rstrip("\n")
        lines.append(line.rstrip())
    return lines


def screen_text(app) -> str:
    return "\n".join(svg_lines(app.export_screenshot()))


def squash(text: str) -> str:
    """Screen text with line wrapping undone, for phrases that may wrap."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- end to end


async def test_screen_a_custody_case_end_to_end(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    number = case_row(engine, case_id)["case_number"]
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        case = await open_case(app, pilot, case_id)
        assert "Not screened yet." in case.query_one("#case-detail", Static).visual.plain
        await open_wizard(app, pilot)
        assert title(app).startswith(f"{number} · Custody · step 1 of 9: Where the information comes from")
        # Opening writes nothing: the first answer starts the draft
        assert "(not started: saved as you go from your first answer)" in title(app)
        assert case_row(engine, case_id)["screening_status"] == "not_screened"

        # 1 about: sources (petition, police report) and role (1 = Clerk)
        await tick(app, pilot, "#sources", 0, 1)
        await choose(app, pilot, "#role", "1")
        await next_step(app, pilot)
        # 2 surveillance: yes, two behaviours, a note submitted with Enter (which also moves on)
        assert step_id(app) == "surveillance" and "step 2 of 9: Surveillance" in title(app)
        assert "Has the respondent followed or watched the petitioner" in plain(app, "#wiz-body Static")
        await choose(app, pilot, "#area-answer", "y")
        await tick(app, pilot, "#behaviours", 1, 4)
        await type_into(app, pilot, "#area-note", "at school")
        await pilot.press("enter")
        await settle(app, pilot)
        # 3 life invasion: yes, repeated calls
        assert step_id(app) == "life_invasion"
        await choose(app, pilot, "#area-answer", "y")
        await tick(app, pilot, "#behaviours", 0)
        await next_step(app, pilot)
        # 4 intimidation: no; 5 interference: unknown
        assert step_id(app) == "intimidation"
        await choose(app, pilot, "#area-answer", "n")
        await next_step(app, pilot)
        assert step_id(app) == "interference"
        await choose(app, pilot, "#area-answer", "u")
        await next_step(app, pilot)
        # 6 the custody questions
        assert step_id(app) == "case_questions" and "Custody: questions for this kind of case" in title(app)
        rows = [r.id for r in app.screen.query("#wiz-body ChoiceRow")]
        assert rows == ["q-exchanges_used", "q-children_questioned", "q-address_demands",
                        "q-repetitive_filings", "q-shared_accounts_devices"]
        await choose(app, pilot, "#q-exchanges_used", "y")
        await choose(app, pilot, "#q-children_questioned", "n")
        await choose(app, pilot, "#q-shared_accounts_devices", "u")
        await next_step(app, pilot)
        # 7 pattern: 3 = two or more incidents, fear yes, a narrative
        assert step_id(app) == "pattern"
        await choose(app, pilot, "#incidents", "3")
        await choose(app, pilot, "#fear", "y")
        await type_into(app, pilot, "#narrative", "She moved twice")
        await next_step(app, pilot)
        # 8 risk: intimate partner, recent separation; SHARP recorded as completed
        assert step_id(app) == "risk"
        await tick(app, pilot, "#markers", 0, 5)
        await type_into(app, pilot, "#inst-sharp", "completed")
        await next_step(app, pilot)
        # 9 the result, before completing
        assert step_id(app) == "result" and "step 9 of 9: Result" in title(app)
        result = plain(app, "#assessment")
        assert result.splitlines()[0] == "Stalking indicated"
        assert "behaviour reported in Surveillance, Life invasion (3 specific behaviour(s) ticked)" in result
        assert "Current or former intimate partner — Spencer & Stith (2020)" in result
        assert "SHARP — Stalking and Harassment Assessment and Risk Profile: completed" in result
        assert "An aid to your judgement, not a danger score." in result
        assert app.screen.query_one("#complete", Button).label.plain == "Complete screening (ctrl+e)"
        assert app.screen.query_one("#wiz-next", Button).disabled
        footer = screen_text(app).splitlines()[-1]
        assert "^e Complete screening" in footer and "pgdn" not in footer  # Next has nowhere to go

        await pilot.click("#complete")
        await settle(app, pilot)

        assert "Stalking indicated" in screen_text(app)
        assert not app.screen.query_one("#complete", Button).display
        assert app.screen.query_one("#wiz-save", Button).label.plain == "Save revision"
        assert "revising" not in title(app)  # just completed: nothing is being revised yet
        assert "(completed: changes from here on are kept with Save revision)" in title(app)
        record = screenings.get_screening(engine, case_id)
        assert (record.status, record.result, record.step) == (
            "complete", ScreeningStatus.INDICATED, "result")
        assert record.answers.to_dict() == {
            "info_sources": ["petition", "police_report"], "screener_role": "clerk",
            "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "no",
                      "interference": "unknown"},
            "behaviours": {"surveillance": ["showing_up", "location_app"],
                           "life_invasion": ["repeated_calls_texts"]},
            "area_notes": {"surveillance": "at school"},
            "questions": {"exchanges_used": "yes", "children_questioned": "no",
                          "shared_accounts_devices": "unknown"},
            "incidents": "two_or_more", "fear": "yes",
            "narrative": "She moved twice",
            "risk_markers": ["intimate_partner", "recent_separation"],
            "instruments": {"sharp": "completed"},
        }
        row = case_row(engine, case_id)
        assert (row["screening_status"], row["screening_result"]) == ("indicated", "indicated")

        # back on the case: the result and the history
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseScreen)
        detail = app.screen.query_one("#case-detail", Static).visual.plain
        assert "  Stalking indicated — last saved by clerk" in detail
        assert "History (append-only audit log, newest last)" in detail
        history = detail.split("History (append-only")[1].split("From the docket")[0]
        entries = re.findall(r"^  \d{4}-\d\d-\d\d \d\d:\d\d UTC (.*)$", history, re.M)
        log = audit(engine, case_id)
        # the case view shows the newest 15 entries of the log and says how many are hidden
        assert len(log) > 15 and len(entries) == 15
        assert f"… {len(log) - 15} earlier entries" in history
        assert entries == [f"{user} {action}" + (f" {field}: {old or '—'} → {new or '—'}" if field else "")
                           for user, action, field, old, new in log[-15:]]
        assert entries[-1] == "clerk completed result: — → indicated"
        assert "clerk saved risk_markers: — → intimate_partner, recent_separation" in entries
    assert log[0] == ("clerk", "created", "", "", "")
    assert ("clerk", "saved", "areas.surveillance", "", "yes") in log


async def test_screen_a_protection_order_case_from_the_docket(env):
    settings, engine = env
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DocketScreen)
        # the worklist puts stalking-charged DV cases first now; the clerk picks the PO cases
        from courtscreen.domain.case_types import CaseType

        app.screen.set_filter(case_types=frozenset({CaseType.PROTECTION_ORDER}))
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseScreen)
        case_id = app.screen.case_id
        case = case_row(engine, case_id)
        assert case["case_type"] == "protection_order"

        await open_wizard(app, pilot)
        assert "Protection order" in title(app)
        await choose(app, pilot, "#role", "1")
        await next_step(app, pilot)
        for area, key in zip(SLII, "nyyn", strict=True):
            assert step_id(app) == area
            await choose(app, pilot, "#area-answer", key)
            await next_step(app, pilot)
        assert step_id(app) == "case_questions"
        assert "Protection order: questions for this kind of case" in title(app)
        rows = [r.id for r in app.screen.query("#wiz-body ChoiceRow")]
        assert rows == ["q-repetitive_filings", "q-petition_conduct", "q-prior_orders",
                        "q-contact_after_service"]
        shown = squash(screen_text(app))
        assert "Does the petition describe two or more separate acts (not one incident)?" in shown
        assert "earlier protection or no-contact order" in shown
        assert "contacted the petitioner since being served" in shown
        assert "exchanges of the children" not in shown
        await choose(app, pilot, "#q-petition_conduct", "n")
        await choose(app, pilot, "#q-contact_after_service", "y")
        await next_step(app, pilot)
        await choose(app, pilot, "#incidents", "2")  # one incident
        await choose(app, pilot, "#fear", "y")
        await next_step(app, pilot)
        await next_step(app, pilot)  # no risk markers
        assert step_id(app) == "result"
        result = plain(app, "#assessment")
        assert result.startswith("Possible: needs follow-up")
        assert "only one incident described so far: a course of conduct needs two or more" in result

        await pilot.click("#complete")
        await settle(app, pilot)
        record = screenings.get_screening(engine, case_id)
        assert (record.status, record.result) == ("complete", ScreeningStatus.POSSIBLE)
        assert record.answers.questions == {"petition_conduct": "no", "contact_after_service": "yes"}
        assert record.answers.areas == {"surveillance": "no", "life_invasion": "yes", "intimidation": "yes",
                                        "interference": "no"}
        assert case_row(engine, case_id)["screening_status"] == "possible"

        # back to the docket: the case now shows as "possible" in the Screening column
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DocketScreen)
        app.screen.query_one("#screening", Select).value = ScreeningStatus.POSSIBLE
        await settle(app, pilot)
        table = app.screen.query_one(CaseTable)
        assert table.row_count == 1
        assert str(table.get_cell(str(case_id), "Case no.")) == case["case_number"]
        assert str(table.get_cell(str(case_id), "Screening")) == "possible"


# --------------------------------------------------------------------------- leaving and resuming


async def answer_first_three_steps(app, pilot) -> None:
    await tick(app, pilot, "#sources", 2)  # hearing testimony
    await choose(app, pilot, "#role", "1")
    await next_step(app, pilot)
    await choose(app, pilot, "#area-answer", "y")
    await tick(app, pilot, "#behaviours", 0)  # following
    await next_step(app, pilot)
    assert step_id(app) == "life_invasion"
    await choose(app, pilot, "#area-answer", "n")
    await tick(app, pilot, "#behaviours", 2)  # letters and gifts


async def test_leave_midway_save_and_leave_then_resume_at_the_same_step(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        await open_wizard(app, pilot)
        await answer_first_three_steps(app, pilot)

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmLeave)
        assert "This step has answers that are not saved yet." in screen_text(app)
        assert app.focused.id == "save"
        await pilot.click("#save")  # "Save and leave"
        await settle(app, pilot)

        assert isinstance(app.screen, CaseScreen)
        record = screenings.get_screening(engine, case_id)
        assert (record.status, record.step) == ("draft", "life_invasion")
        assert record.answers.areas == {"surveillance": "yes", "life_invasion": "no"}
        assert record.answers.behaviours == {"surveillance": ["following"],
                                             "life_invasion": ["letters_gifts"]}
        assert record.answers.info_sources == ["hearing_testimony"]
        assert "In progress: stopped at the step “Life invasion”" in plain(app, "#case-detail")

        await open_wizard(app, pilot)
        assert step_id(app) == "life_invasion"
        assert "step 3 of 9: Life invasion" in title(app)
        assert app.screen.query_one("#area-answer", ChoiceRow).value == "no"
        assert app.screen.query_one("#behaviours", SelectionList).selected == ["letters_gifts"]
        await back_step(app, pilot)
        assert step_id(app) == "surveillance"
        assert app.screen.query_one("#area-answer", ChoiceRow).value == "yes"
        assert app.screen.query_one("#behaviours", SelectionList).selected == ["following"]

        # nothing unsaved now: Escape leaves at once, no question asked
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseScreen)


async def test_leave_without_saving_this_step_keeps_the_earlier_steps_only(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        await open_wizard(app, pilot)
        await answer_first_three_steps(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.click("#discard")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseScreen)
    record = screenings.get_screening(engine, case_id)
    assert record.step == "life_invasion"
    assert record.answers.areas == {"surveillance": "yes"}
    assert record.answers.behaviours == {"surveillance": ["following"]}


async def test_stay_keeps_the_wizard_and_its_answers(env):
    settings, engine = env
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, first_case(engine, "custody"))
        await open_wizard(app, pilot)
        await answer_first_three_steps(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape")  # Escape in the dialog means Stay
        await settle(app, pilot)
        assert isinstance(app.screen, ScreeningScreen)
        assert step_id(app) == "life_invasion"
        assert app.screen.query_one("#area-answer", ChoiceRow).value == "no"
        assert app.screen.query_one("#behaviours", SelectionList).selected == ["letters_gifts"]


# --------------------------------------------------------------------------- revising


async def test_revise_a_completed_screening(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    original = Answers.from_dict({
        "screener_role": "clerk",
        "areas": {"surveillance": "yes", "life_invasion": "no", "intimidation": "unknown",
                  "interference": "no"},
        "incidents": "two_or_more", "fear": "yes"})
    record = screenings.start_screening(engine, case_id, OTHER)
    screenings.save(engine, record, original, OTHER, step="result", complete=True)
    before = audit(engine, case_id)

    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        assert f"Stalking indicated — last saved by {OTHER}" in plain(app, "#case-detail")
        await open_wizard(app, pilot)
        assert step_id(app) == "result" and "(revising: press Save revision" in title(app)
        assert app.screen.query_one("#wiz-save", Button).label.plain == "Save revision"

        for _ in range(7):
            await back_step(app, pilot)
        assert step_id(app) == "surveillance"
        assert app.screen.query_one("#area-answer", ChoiceRow).value == "yes"
        await choose(app, pilot, "#area-answer", "n")
        while step_id(app) != "result":
            await next_step(app, pilot)
        assert plain(app, "#assessment").startswith("Possible: needs follow-up")
        await pilot.click("#wiz-save")  # "Save revision"
        await settle(app, pilot)

        record = screenings.get_screening(engine, case_id)
        assert (record.status, record.result, record.answers.areas["surveillance"]) == (
            "complete", ScreeningStatus.POSSIBLE, "no")
        assert record.created_by == OTHER and record.updated_by == USER
        log = audit(engine, case_id)
        assert log[: len(before)] == before, "earlier audit rows changed"
        revised = [row for row in log[len(before):] if row[1] == "revised"]
        assert revised == [(USER, "revised", "areas.surveillance", "yes", "no"),
                           (USER, "revised", "result", "indicated", "possible")]
        assert not [row for row in log[len(before):] if row[1] not in ("revised",)]
        assert case_row(engine, case_id)["screening_status"] == "possible"

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseScreen)
        detail = app.screen.query_one("#case-detail", Static).visual.plain
        assert "  Possible: needs follow-up — last saved by clerk" in detail
        history = detail.split("History (append-only")[1]
        assert f"{OTHER} completed result: — → indicated" in history
        assert "clerk revised areas.surveillance: yes → no" in history
        assert "clerk revised result: indicated → possible" in history


# --------------------------------------------------------------------------- someone else saved


async def test_a_save_after_someone_else_saved_is_refused_on_screen(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    app = make_app(env)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case_id)
        await open_wizard(app, pilot)
        # another clerk, in another session, opens and saves the same case's screening (ours has
        # no answer yet, so it is not in the database: our first save must not overwrite theirs)
        assert screenings.get_screening(engine, case_id) is None
        theirs = screenings.start_screening(engine, case_id, OTHER)
        screenings.save(engine, theirs, Answers(areas={"intimidation": "yes"}, fear="yes"), OTHER,
                        step="pattern")

        await tick(app, pilot, "#sources", 0)
        await next_step(app, pilot)

        await settle(app, pilot)
        message = app.screen.query_one("#wiz-message", Static)
        shown = squash(message.visual.plain)
        assert message.display
        assert shown.startswith(f"{OTHER} saved this screening at ")
        assert "areas.intimidation: — → yes" in shown
        assert "Nothing of yours was saved" in shown
        # the wizard reopens on their answers instead of failing on every later save
        assert step_id(app) == "pattern"
    record = screenings.get_screening(engine, case_id)
    assert record.answers == Answers(areas={"intimidation": "yes"}, fear="yes")
    assert (record.updated_by, record.step) == (OTHER, "pattern")
    assert USER not in {row[0] for row in audit(engine, case_id) if row[1] != "created"}


# --------------------------------------------------------------------------- 80x24


async def test_area_questions_start_on_screen_at_80x24(env):
    """Every time an area step opens, its question's first line is on screen.

    The scroll is a race, so each step is opened several times (re-rendered as a step change does)."""
    settings, engine = env
    app = make_app(env)
    hidden: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, pilot, first_case(engine, "custody"))
        await open_wizard(app, pilot)
        for area in load_catalogue().areas:
            await next_step(app, pilot)
            assert step_id(app) == area.id
            first_words = " ".join(area.question_for("").split()[:6])  # worded in the case roles
            await scrolled(pilot)
            shown = screen_text(app)
            if first_words not in shown:
                hidden.append(area.id)
            body = app.screen.query_one("#wiz-body")
            for _ in range(OPENINGS.get(area.id, 0)):
                await app.screen.render_step()
                await scrolled(pilot)
                if body.scroll_y > 0:  # the question is the first line of the body
                    hidden.append(area.id)
    assert hidden == []


OPENINGS = {"surveillance": 8, "interference": 8}  # the two steps taller than the screen


async def test_result_headline_is_on_screen_at_80x24_with_risk_markers(env):
    settings, engine = env
    case_id = first_case(engine, "custody")
    record = screenings.start_screening(engine, case_id, USER)
    screenings.save(engine, record, Answers.from_dict({
        "areas": {"surveillance": "yes"}, "incidents": "two_or_more", "fear": "yes",
        "risk_markers": ["intimate_partner", "firearm_access"]}), USER, step="result")
    app = make_app(env)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, pilot, case_id)
        await open_wizard(app, pilot)
        await scrolled(pilot)
        text = screen_text(app)
        assert "Complete screening" in text
        assert "Stalking indicated" in text


def _prepare_draft(env, data: dict, step: str) -> int:
    settings, engine = env
    case_id = first_case(engine, "custody")
    record = screenings.start_screening(engine, case_id, USER)
    screenings.save(engine, record, Answers.from_dict(data), USER, step=step)
    return case_id


def _open_wizard_before(case_id: int):
    async def run_before(pilot) -> None:
        app = pilot.app
        await open_case(app, pilot, case_id)
        await open_wizard(app, pilot)
        await scrolled(pilot)

    return run_before


def _snapshot_text(name: str) -> str:
    return "\n".join(svg_lines((SNAPSHOTS / f"{name}.svg").read_text(encoding="utf-8")))


def test_snapshot_area_step_80x24(env, snap_compare):
    case_id = _prepare_draft(env, {"screener_role": "clerk", "info_sources": ["petition"],
                                   "areas": {"surveillance": "yes", "life_invasion": "yes"},
                                   "behaviours": {"life_invasion": ["repeated_calls_texts",
                                                                    "letters_gifts"]}},
                             step="life_invasion")
    assert snap_compare(make_app(env), terminal_size=(80, 24), run_before=_open_wizard_before(case_id))

    text = _snapshot_text("test_snapshot_area_step_80x24")
    shown = squash(text)
    assert "step 3 of 9: Life invasion" in shown
    assert load_catalogue().area("life_invasion").question_for("") in shown  # in the case roles
    assert "Answer:  1 Yes   2 No   3 Unknown" in text
    assert "Repeated unwanted calls, texts or messages" in text
    assert "◀ Back" in text and "Next ▶" in text and "Save draft" in text
    assert "pgdn Next" in text and "esc Leave" in text


def test_snapshot_result_step_80x24(env, snap_compare):
    case_id = _prepare_draft(env, {"screener_role": "clerk",
                                   "areas": {"surveillance": "yes", "life_invasion": "yes"},
                                   "behaviours": {"surveillance": ["following"]},
                                   "incidents": "two_or_more", "fear": "yes"}, step="result")
    assert snap_compare(make_app(env), terminal_size=(80, 24), run_before=_open_wizard_before(case_id))

    text = _snapshot_text("test_snapshot_result_step_80x24")
    shown = squash(text)
    assert "step 9 of 9: Result" in shown
    assert "Stalking indicated" in text
    assert "behaviour reported in Surveillance, Life invasion (1 specific behaviour(s) ticked)" in shown
    assert "An aid to your judgement, not a danger score." in text
    assert "Complete screening" in text
    assert "◀ Back" in text and "Next ▶" in text
    assert "pgup Back" in text and "esc Leave" in text


async def test_confirm_leave_fits_80x24(env):
    """The dialog's text and its three buttons are all readable at 80x24."""
    settings, engine = env
    app = make_app(env)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_case(app, pilot, first_case(engine, "custody"))
        await open_wizard(app, pilot)
        await answer_first_three_steps(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmLeave)
        text = screen_text(app)
    assert "Save and leave" in text
    assert "Leave without saving this step" in text
    assert "Stay" in text
    assert "Everything before this step is already saved as a draft." in text
