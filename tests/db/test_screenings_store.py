"""Saving screenings (courtscreen.store.screenings) on SQLite and PostgreSQL: drafts that resume,
completion, revision, the append-only audit log, and two sessions saving the same screening."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from helpers import db
from helpers.dockets import FAMILY, GOOD_ROWS, SUPERIOR, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.screening import Answers, load_catalogue
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import screenings
from courtscreen.store.database import make_engine
from courtscreen.store.screenings import ScreeningNotFound, StaleScreening

IMPORTER = "Test Clerk"
CLERK = "Imogen Thistlewood"
OTHER_CLERK = "Barnaby Quillfeather"
CUSTODY = "2026-CU-00104"
PO = "2026-PFA-00102"

# The same custody case number also used by another court: find_case_id needs --court for it.
TWIN_ROW = ["2026-CU-00104", SUPERIOR, "Custody", "Parenting plan", "2026-12-09", "", "Hon. Tobias Renwick",
            "Fenwick, Clementine", "Fenwick, Horatio"]

INDICATED = {
    "info_sources": ["petition"], "screener_role": "clerk",
    "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "no", "interference": "no"},
    "behaviours": {"surveillance": ["showing_up"]},
    "questions": {"exchanges_used": "yes"}, "incidents": "two_or_more", "fear": "yes",
    "narrative": "Waited outside the school at three exchanges.", "risk_markers": ["intimate_partner"],
}


@pytest.fixture
def cases(engine, tmp_path) -> dict[str, int]:
    """Import the five fictional GOOD_ROWS; case number -> id."""
    path = docket_csv(tmp_path / "docket.csv")
    import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), IMPORTER)
    return {c["case_number"]: c["id"] for c in db.select(engine, "court_case")}


def audit_rows(engine, case_id: int | None = None) -> list[dict]:
    t = db.table("audit_entry")
    where = [t.c.case_id == case_id] if case_id is not None else []
    return db.select(engine, "audit_entry", *where)


def actions(rows) -> list[tuple[str, str, str, str]]:
    return [(r["action"], r["field_name"], r["old_value"], r["new_value"]) for r in rows]


def case_row(engine, case_id: int) -> dict:
    (row,) = db.select(engine, "court_case", db.table("court_case").c.id == case_id)
    return row


def screening_row(engine, case_id: int) -> dict:
    (row,) = db.select(engine, "screening", db.table("screening").c.case_id == case_id)
    return row


def complete(engine, case_id: int, data: dict = INDICATED, user: str = CLERK):
    record = screenings.start_screening(engine, case_id, user)
    return screenings.save(engine, record, Answers.from_dict(data), user, step="result", complete=True)


# --------------------------------------------------------------------------- drafts


def test_start_creates_a_draft_marks_the_case_in_progress_and_audits_it(engine, cases):
    case_id = cases[CUSTODY]
    assert case_row(engine, case_id)["screening_status"] == "not_screened"

    record = screenings.start_screening(engine, case_id, CLERK, role="clerk")

    assert (record.case_id, record.status, record.step, record.version) == (case_id, "draft", "about", 1)
    assert record.result is None and not record.is_complete and record.completed_at is None
    assert record.created_by == record.updated_by == CLERK
    assert record.answers == Answers(screener_role="clerk")
    assert record.catalogue_version == load_catalogue().version == "2026.12"
    row = screening_row(engine, case_id)
    assert (row["status"], row["result"], row["catalogue_version"]) == ("draft", "", "2026.12")
    case = case_row(engine, case_id)
    assert (case["screening_status"], case["screening_result"]) == ("in_progress", "")
    (created,) = audit_rows(engine)
    assert (created["action"], created["user_name"], created["case_id"], created["record"],
            created["record_id"]) == ("created", CLERK, case_id, "screening", record.id)
    assert created["at"] is not None
    # other cases are untouched
    assert {c["screening_status"] for c in db.select(engine, "court_case") if c["id"] != case_id} \
        == {"not_screened"}


def test_starting_again_opens_the_same_screening(engine, cases):
    first = screenings.start_screening(engine, cases[CUSTODY], CLERK)
    again = screenings.start_screening(engine, cases[CUSTODY], OTHER_CLERK, role="advocate")
    assert again == first
    assert db.count(engine, "screening") == 1
    assert len(audit_rows(engine)) == 1


def test_start_for_a_missing_case_raises_and_writes_nothing(engine, cases):
    with pytest.raises(ScreeningNotFound, match="no case with id 99999"):
        screenings.start_screening(engine, 99999, CLERK)
    assert db.count(engine, "screening") == 0
    assert audit_rows(engine) == []


def test_get_screening_of_an_unscreened_case_is_none(engine, cases):
    assert screenings.get_screening(engine, cases[PO]) is None


def test_save_with_a_step_resumes_there_with_the_answers(engine, cases):
    case_id = cases[CUSTODY]
    record = screenings.start_screening(engine, case_id, CLERK)
    answers = Answers(info_sources=["petition"], screener_role="clerk",
                      areas={"surveillance": "yes"}, behaviours={"surveillance": ["following"]})

    saved = screenings.save(engine, record, answers, CLERK, step="life_invasion")

    assert (saved.step, saved.version, saved.status) == ("life_invasion", 2, "draft")
    reopened = screenings.get_screening(engine, case_id)
    assert reopened.step == "life_invasion"
    assert reopened.answers == answers
    assert reopened == saved
    assert case_row(engine, case_id)["screening_status"] == "in_progress"
    assert actions(audit_rows(engine))[1:] == [
        ("saved", "areas.surveillance", "", "yes"),
        ("saved", "behaviours.surveillance", "", "following"),
        ("saved", "info_sources", "", "petition"),
        ("saved", "screener_role", "", "clerk"),
    ]


def test_save_without_a_step_keeps_the_step(engine, cases):
    record = screenings.start_screening(engine, cases[CUSTODY], CLERK)
    record = screenings.save(engine, record, Answers(fear="yes"), CLERK, step="pattern")
    record = screenings.save(engine, record, Answers(fear="no"), CLERK)
    assert record.step == "pattern" and record.version == 3


def test_saving_unchanged_answers_writes_no_audit_rows(engine, cases):
    record = screenings.start_screening(engine, cases[CUSTODY], CLERK)
    screenings.save(engine, record, record.answers, CLERK, step="surveillance")
    assert actions(audit_rows(engine)) == [("created", "", "", "")]


# --------------------------------------------------------------------------- completing and revising


def test_complete_records_the_result_on_the_screening_and_the_case(engine, cases):
    case_id = cases[CUSTODY]
    record = complete(engine, case_id)

    assert record.is_complete and record.status == "complete"
    assert record.result is ScreeningStatus.INDICATED
    assert record.completed_at is not None
    assert record.assessment().headline == "Stalking indicated"
    row = screening_row(engine, case_id)
    assert (row["status"], row["result"], row["step"]) == ("complete", "indicated", "result")
    case = case_row(engine, case_id)
    assert (case["screening_status"], case["screening_result"]) == ("indicated", "indicated")
    log = actions(audit_rows(engine, case_id))
    assert log[0] == ("created", "", "", "")
    assert log[-1] == ("completed", "result", "", "indicated")
    assert ("saved", "areas.surveillance", "", "yes") in log


@pytest.mark.parametrize(("data", "status"), [
    ({"areas": dict.fromkeys(["surveillance", "life_invasion", "intimidation", "interference"], "no"),
      "incidents": "none", "fear": "no"}, "not_indicated"),
    ({"areas": {"intimidation": "yes"}, "incidents": "one", "fear": "yes"}, "possible"),
])
def test_complete_stores_each_kind_of_result(engine, cases, data, status):
    case_id = cases[PO]
    record = complete(engine, case_id, data)
    assert record.result.value == status
    assert case_row(engine, case_id)["screening_status"] == status
    assert screening_row(engine, case_id)["result"] == status


def test_revising_writes_a_revised_row_per_changed_field_and_for_the_result(engine, cases):
    case_id = cases[CUSTODY]
    done = complete(engine, case_id)
    before = len(audit_rows(engine, case_id))

    revised = dict(INDICATED, fear="unknown", areas={**INDICATED["areas"], "interference": "yes"},
                   risk_markers=["intimate_partner", "firearm_access"])
    record = screenings.save(engine, done, Answers.from_dict(revised), OTHER_CLERK, step="result")

    assert record.is_complete and record.result is ScreeningStatus.POSSIBLE
    assert record.completed_at == done.completed_at, "revising keeps the first completion time"
    assert record.updated_by == OTHER_CLERK and record.created_by == CLERK
    new_rows = audit_rows(engine, case_id)[before:]
    assert actions(new_rows) == [
        ("revised", "areas.interference", "no", "yes"),
        ("revised", "fear", "yes", "unknown"),
        ("revised", "risk_markers", "intimate_partner", "intimate_partner, firearm_access"),
        ("revised", "result", "indicated", "possible"),
    ]
    assert {r["user_name"] for r in new_rows} == {OTHER_CLERK}
    assert len({r["at"] for r in new_rows}) == 1, "one save, one timestamp"
    case = case_row(engine, case_id)
    assert (case["screening_status"], case["screening_result"]) == ("possible", "possible")


def test_a_revision_that_keeps_the_result_writes_no_result_row(engine, cases):
    case_id = cases[CUSTODY]
    done = complete(engine, case_id)
    before = len(audit_rows(engine, case_id))
    screenings.save(engine, done, Answers.from_dict(dict(INDICATED, narrative="Also at the gym.")), CLERK)
    assert actions(audit_rows(engine, case_id)[before:]) == [
        ("revised", "narrative", INDICATED["narrative"], "Also at the gym.")]


def test_the_audit_log_only_grows_and_earlier_rows_never_change(engine, cases):
    case_id = cases[CUSTODY]
    record = screenings.start_screening(engine, case_id, CLERK)
    snapshots = [audit_rows(engine)]
    record = screenings.save(engine, record, Answers(areas={"surveillance": "yes"}), CLERK,
                             step="life_invasion")
    snapshots.append(audit_rows(engine))
    record = screenings.save(engine, record, Answers.from_dict(INDICATED), CLERK, complete=True)
    snapshots.append(audit_rows(engine))
    record = screenings.save(engine, record, Answers.from_dict(dict(INDICATED, fear="no")), OTHER_CLERK)
    snapshots.append(audit_rows(engine))
    record = screenings.save(engine, record, Answers.from_dict(INDICATED), CLERK)
    snapshots.append(audit_rows(engine))

    sizes = [len(s) for s in snapshots]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes), sizes
    for earlier, later in zip(snapshots, snapshots[1:], strict=False):
        assert later[: len(earlier)] == earlier, "an earlier audit row changed"
    ids = [r["id"] for r in snapshots[-1]]
    assert ids == sorted(ids)
    # the fear went yes -> no -> yes, and both changes are on record, with who made them
    fear = [(r["user_name"], r["old_value"], r["new_value"]) for r in snapshots[-1]
            if r["field_name"] == "fear"]
    assert fear == [(CLERK, "unknown", "yes"), (OTHER_CLERK, "yes", "no"), (CLERK, "no", "yes")]
    # the API view matches the table
    log = screenings.audit_log(engine, case_id)
    assert [(a.action, a.field, a.old, a.new, a.user) for a in log] == [
        (r["action"], r["field_name"], r["old_value"], r["new_value"], r["user_name"]) for r in snapshots[-1]]


def test_the_audit_log_is_per_case(engine, cases):
    complete(engine, cases[CUSTODY])
    screenings.start_screening(engine, cases[PO], OTHER_CLERK)
    po_log = screenings.audit_log(engine, cases[PO])
    assert [(a.action, a.user) for a in po_log] == [("created", OTHER_CLERK)]
    assert screenings.audit_log(engine, cases["2026-CV-00105"]) == []


# --------------------------------------------------------------------------- two sessions


def test_a_stale_save_is_refused_and_names_who_changed_what(engine, db_url, cases):
    """Two sessions (separate engines, separate connections) open the same draft; the second save
    must not overwrite the first."""
    case_id = cases[CUSTODY]
    screenings.start_screening(engine, case_id, CLERK)
    other_engine = make_engine(db_url)
    try:
        mine = screenings.get_screening(engine, case_id)
        theirs = screenings.get_screening(other_engine, case_id)
        assert mine == theirs

        first = screenings.save(other_engine, theirs, Answers(areas={"surveillance": "yes"}, fear="yes"),
                                OTHER_CLERK, step="intimidation")
        audit_before = audit_rows(engine)

        with pytest.raises(StaleScreening) as exc:
            screenings.save(engine, mine, Answers(areas={"surveillance": "no"}, incidents="one"), CLERK,
                            step="pattern")
    finally:
        other_engine.dispose()

    message = str(exc.value)
    assert message.startswith(f"{OTHER_CLERK} saved this screening at ")
    assert "areas.surveillance: — → yes" in message
    assert "fear: unknown → yes" in message
    assert "Nothing of yours was saved" in message
    kept = screenings.get_screening(engine, case_id)
    assert kept == first
    assert kept.answers == Answers(areas={"surveillance": "yes"}, fear="yes")
    assert (kept.step, kept.version, kept.updated_by) == ("intimidation", 2, OTHER_CLERK)
    assert audit_rows(engine) == audit_before, "the refused save wrote audit rows"
    assert case_row(engine, case_id)["screening_status"] == "in_progress"


def test_a_stale_revision_of_a_completed_screening_is_refused(engine, db_url, cases):
    case_id = cases[CUSTODY]
    done = complete(engine, case_id)
    other_engine = make_engine(db_url)
    try:
        stale = screenings.get_screening(other_engine, case_id)
        screenings.save(engine, done, Answers.from_dict(dict(INDICATED, fear="no")), CLERK)
        with pytest.raises(StaleScreening, match=f"^{CLERK} saved .*fear: yes → no"):
            screenings.save(other_engine, stale, Answers.from_dict(dict(INDICATED, incidents="one")),
                            OTHER_CLERK, complete=True)
    finally:
        other_engine.dispose()
    record = screenings.get_screening(engine, case_id)
    assert (record.answers.fear, record.answers.incidents, record.result) == (
        "no", "two_or_more", ScreeningStatus.POSSIBLE)
    assert case_row(engine, case_id)["screening_status"] == "possible"
    assert OTHER_CLERK not in {r["user_name"] for r in audit_rows(engine)}


def test_simultaneous_saves_from_the_same_version_let_exactly_one_through(engine, db_url, cases):
    """Four sessions save at the same moment from the version they all read: one wins, the
    others are told who saved; no answers are mixed."""
    case_id = cases[CUSTODY]
    screenings.start_screening(engine, case_id, CLERK)
    start = screenings.get_screening(engine, case_id)
    engines = [make_engine(db_url) for _ in range(4)]
    users = [f"Clerk {name}" for name in ("Ashgrove", "Birchall", "Cobbold", "Dunmore")]
    barrier = threading.Barrier(len(engines))
    outcome: dict[str, object] = {}

    def session(i: int) -> None:
        answers = Answers(narrative=f"written by {users[i]}", areas={"surveillance": "yes"})
        barrier.wait()
        try:
            outcome[users[i]] = screenings.save(engines[i], start, answers, users[i], step="pattern")
        except Exception as exc:  # recorded and asserted below
            outcome[users[i]] = exc

    threads = [threading.Thread(target=session, args=(i,)) for i in range(len(engines))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for e in engines:
            e.dispose()

    winners = [u for u, r in outcome.items() if not isinstance(r, Exception)]
    losers = {u: r for u, r in outcome.items() if isinstance(r, Exception)}
    assert len(winners) == 1, outcome
    assert all(isinstance(r, StaleScreening) for r in losers.values()), losers
    (winner,) = winners
    assert all(str(r).startswith(f"{winner} saved this screening") for r in losers.values())
    kept = screenings.get_screening(engine, case_id)
    assert (kept.answers.narrative, kept.updated_by, kept.version) == (f"written by {winner}", winner, 2)
    saved_rows = [r for r in audit_rows(engine) if r["action"] == "saved"]
    assert {r["user_name"] for r in saved_rows} == {winner}
    assert len(saved_rows) == 2  # areas.surveillance and narrative, once


def test_two_sessions_opening_an_unscreened_case_at_once_both_get_the_screening(engine, db_url, cases,
                                                                                monkeypatch):
    """Both sessions look for a screening before either has created one (forced with a barrier)."""
    case_id = cases[CUSTODY]
    real_get = screenings.get_screening
    barrier = threading.Barrier(2)
    local = threading.local()

    def get_then_wait(eng, cid):
        found = real_get(eng, cid)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait(10)
        return found

    monkeypatch.setattr(screenings, "get_screening", get_then_wait)
    engines = [make_engine(db_url) for _ in range(2)]
    results: list[object] = [None, None]

    def session(i: int) -> None:
        try:
            results[i] = screenings.start_screening(engines[i], case_id, (CLERK, OTHER_CLERK)[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=session, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for e in engines:
            e.dispose()
    monkeypatch.undo()
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise errors[0]
    assert results[0].id == results[1].id
    assert db.count(engine, "screening") == 1


# --------------------------------------------------------------------------- catalogue version


def test_the_catalogue_version_is_stored_with_each_screening(engine, cases, monkeypatch):
    first = screenings.start_screening(engine, cases[CUSTODY], CLERK)
    newer = dataclasses.replace(load_catalogue(), version="2027.03")
    monkeypatch.setattr(screenings, "load_catalogue", lambda: newer)
    second = screenings.start_screening(engine, cases[PO], CLERK)
    # saving later keeps the version the screening was started with
    screenings.save(engine, first, Answers(fear="yes"), CLERK)

    assert (first.catalogue_version, second.catalogue_version) == ("2026.12", "2027.03")
    assert screening_row(engine, cases[CUSTODY])["catalogue_version"] == "2026.12"
    assert screening_row(engine, cases[PO])["catalogue_version"] == "2027.03"


# --------------------------------------------------------------------------- finding a case


@pytest.fixture
def twin_cases(engine, tmp_path) -> dict[tuple[str, str], int]:
    import_docket(engine, docket_csv(tmp_path / "twin.csv", [*GOOD_ROWS, TWIN_ROW]), ImportOptions(),
                  CaseTypeRules.load(), IMPORTER)
    return {(c["court"], c["case_number"]): c["id"] for c in db.select(engine, "court_case")}


def test_find_case_id_by_number_ignores_case_and_spaces(engine, twin_cases):
    po = twin_cases[(FAMILY, PO)]
    assert screenings.find_case_id(engine, PO) == po
    assert screenings.find_case_id(engine, f"  {PO.lower()} ") == po


def test_find_case_id_unknown_number(engine, twin_cases):
    with pytest.raises(ScreeningNotFound) as exc:
        screenings.find_case_id(engine, "2026-XX-99999")
    assert str(exc.value) == "no case numbered '2026-XX-99999' is in the database"
    with pytest.raises(ScreeningNotFound,
                       match=f"no case numbered '{PO}' in 'Nowhere Court' is in the database"):
        screenings.find_case_id(engine, PO, court="Nowhere Court")


def test_find_case_id_number_used_by_two_courts_needs_the_court(engine, twin_cases):
    with pytest.raises(ScreeningNotFound) as exc:
        screenings.find_case_id(engine, CUSTODY)
    message = str(exc.value)
    assert message.startswith(f"case number '{CUSTODY}' is used by several courts (")
    assert repr(FAMILY) in message and repr(SUPERIOR) in message
    assert message.endswith("name one with --court")

    assert screenings.find_case_id(engine, CUSTODY, court=FAMILY) == twin_cases[(FAMILY, CUSTODY)]
    assert screenings.find_case_id(engine, CUSTODY, court=SUPERIOR.upper()) == twin_cases[(SUPERIOR, CUSTODY)]
