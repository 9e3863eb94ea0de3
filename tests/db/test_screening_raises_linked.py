"""A screening result reaches the linked cases at once (issue 20's cross-case raise), on SQLite
and PostgreSQL: when a clerk completes a custody case's screening as stalking indicated, the
divorce case of the same two people moves up to "raised by a linked case"; revising the result
away from "indicated" takes the raise back. Cases that share nobody are untouched."""

from __future__ import annotations

from helpers import db
from helpers.dockets import FAMILY, HEADER, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.screening import Answers
from courtscreen.domain.triage import PRIORITY_LINKED
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import screenings

CLERK = "Imogen Thistlewood"
ROWS = [
    ["2026-CU-00310", FAMILY, "Custody", "Parenting time", "2026-12-09", "", "",
     "Marchbank, Odile R.", "Marchbank, Lucan T."],
    ["2026-DR-00311", FAMILY, "Divorce", "Dissolution of marriage", "2027-01-14", "", "",
     "Marchbank, Odile R.", "Marchbank, Lucan T."],
    ["2026-DR-00312", FAMILY, "Divorce", "Dissolution of marriage", "2027-01-15", "", "",
     "Fennimore, Alys", "Fennimore, Dorian"],
]
INDICATED = {
    "info_sources": ["petition"], "screener_role": "clerk",
    "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "no", "interference": "no"},
    "behaviours": {"surveillance": ["showing_up"]},
    "questions": {"exchanges_used": "yes"}, "incidents": "two_or_more", "fear": "yes",
    "narrative": "Waited outside the school at three exchanges.", "risk_markers": ["intimate_partner"],
}
NOT_INDICATED = dict(INDICATED, areas={a: "no" for a in INDICATED["areas"]}, behaviours={},
                     incidents="none", fear="no", narrative="No conduct of the kind described.")


def _cases(engine) -> dict[str, dict]:
    return {c["case_number"]: c for c in db.select(engine, "court_case")}


def test_an_indicated_screening_raises_the_linked_case_and_a_revision_lowers_it(engine, tmp_path):
    import_docket(engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    before = _cases(engine)
    divorce, other = before["2026-DR-00311"], before["2026-DR-00312"]
    assert divorce["repeat_party"] and not divorce["cross_case"]  # linked, but no evidence yet
    assert divorce["priority"] > PRIORITY_LINKED

    custody_id = before["2026-CU-00310"]["id"]
    record = screenings.start_screening(engine, custody_id, CLERK)
    record = screenings.save(engine, record, Answers.from_dict(INDICATED), CLERK, step="result",
                             complete=True)
    assert record.result.value == "indicated"

    after = _cases(engine)
    assert after["2026-DR-00311"]["cross_case"]
    assert after["2026-DR-00311"]["priority"] == PRIORITY_LINKED
    assert after["2026-CU-00310"]["screening_status"] == "indicated"
    assert not after["2026-DR-00312"]["cross_case"]
    assert after["2026-DR-00312"]["priority"] == other["priority"]

    screenings.save(engine, record, Answers.from_dict(NOT_INDICATED), CLERK, step="result")
    revised = _cases(engine)
    assert revised["2026-CU-00310"]["screening_status"] != "indicated"
    assert not revised["2026-DR-00311"]["cross_case"]
    assert revised["2026-DR-00311"]["priority"] == divorce["priority"]
