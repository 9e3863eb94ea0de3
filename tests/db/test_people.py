"""Linking people across cases, on SQLite and PostgreSQL: after imports, decisions kept on re-import,
repeat-party flags, related cases with screening and incident counts, and a failed linking that
does not lose the import."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from helpers.db import case_by_number, count
from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Incident, parse_when
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people, worklist
from courtscreen.store.findings import add_incident

FIRST = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "9:00 AM", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-CV-00105", SUPERIOR, "Civil", "Breach of contract", "2026-12-07", "", "",
     "Ridgeview Property Management LLC", "Pryce, Wren"],
]
SECOND = [  # a later docket: the same people written other ways
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "ANNA QUILL", "Bob J. Quill"],
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "2026-12-03", "2:00 PM", "",
     "State of Franklin", "Quill, R. J."],
    ["2026-CV-00106", SUPERIOR, "Civil", "Collection", "2026-12-08", "", "",
     "Ridgeview Property Management LLC", "Oberlin, Ansel"],
]


def load(engine, tmp_path, rows, name):
    return import_docket(engine, docket_csv(tmp_path / name, rows, HEADER), ImportOptions(),
                         CaseTypeRules.load(), "clerk")


def test_linking_after_each_import_and_repeat_flags(engine, tmp_path):
    load(engine, tmp_path, FIRST, "a.csv")
    report = load(engine, tmp_path, SECOND, "b.csv")
    # Each party is its own row: Anna Quill of the divorce and of the PFA are linked on
    # evidence (same name, the same co-party), as are Robert J. and Bob J. Quill.
    assert any("people: 2 new links" in n for n in report.notes)
    flags = {n: case_by_number(engine, n)["repeat_party"] for n in
             ("2026-DR-000101", "2026-PFA-00102", "26-CADV-0103", "2026-CV-00105", "2026-CV-00106")}
    # Bob J. Quill is Robert J. Quill (a short form); R. J. Quill is only suggested;
    # the company in two cases connects nobody.
    assert flags == {"2026-DR-000101": True, "2026-PFA-00102": True, "26-CADV-0103": False,
                     "2026-CV-00105": False, "2026-CV-00106": False}
    divorce = case_by_number(engine, "2026-DR-000101")["id"]
    detail = worklist.case_detail(engine, divorce)
    assert [[c[1] for c in v] for v in detail.related.values()] == [["2026-PFA-00102"]] * 2
    related = people.related_cases(engine, divorce)
    assert [(r.case_number, r.relation, r.best.status) for r in related] == [
        ("2026-PFA-00102", "same pair of parties", "linked"),
        ("26-CADV-0103", "same respondent", "suggested")]


def test_decisions_are_kept_when_the_docket_is_imported_again(engine, tmp_path):
    load(engine, tmp_path, FIRST, "a.csv")
    load(engine, tmp_path, SECOND, "b.csv")
    [suggestion] = [s for s in people.suggestions(engine) if s.name_b == "R. J. Quill"][:1]
    people.decide(engine, suggestion.id, "confirmed", "clerk")
    assert case_by_number(engine, "26-CADV-0103")["repeat_party"]
    wrong = people.people_in_several_cases(engine)
    robert = next(p for p in wrong if p.name == "Robert J. Quill")
    anna = next(p for p in wrong if p.name == "Anna Quill")
    people.decide_pair(engine, robert.party_ids[0], robert.party_ids[1], "rejected", "clerk")
    changed = [r[:] for r in SECOND]
    changed[0][4] = "2026-12-09"  # the PFA hearing moves: the case is updated, its parties re-linked
    load(engine, tmp_path, changed, "c.csv")
    people.link_all(engine)
    t = sa.table("party_link", sa.column("status"), sa.column("decided_by"))
    with engine.connect() as conn:
        decided = conn.execute(sa.select(t.c.status, sa.func.count()).where(t.c.decided_by == "clerk")
                               .group_by(t.c.status)).all()
    assert dict(decided) == {"confirmed": 1, "rejected": 1}
    names = {p.name: len(p.cases) for p in people.people_in_several_cases(engine)}
    assert names.get("Anna Quill") == len(anna.cases) == 2
    assert "Robert J. Quill" not in names or names["Robert J. Quill"] < 3


def test_related_screenings_and_incident_counts(engine, tmp_path):
    load(engine, tmp_path, FIRST, "a.csv")
    load(engine, tmp_path, SECOND, "b.csv")
    pfa = case_by_number(engine, "2026-PFA-00102")["id"]
    add_incident(engine, pfa, Incident(when=parse_when("2026-11-01", date(2026, 11, 23)),
                                       description="texts at night"), "clerk")
    divorce = case_by_number(engine, "2026-DR-000101")["id"]
    [rc] = [r for r in people.related_cases(engine, divorce) if r.case_id == pfa]
    assert rc.incidents == 1 and rc.screening.value == "not_screened"
    patterns = people.related_screenings(engine, divorce)
    assert [p.case.case_number for p in patterns] == ["2026-PFA-00102"]  # suggestions left out
    assert patterns[0].screening is None and len(patterns[0].incidents) == 1


def test_a_failed_linking_keeps_the_import_and_says_so(engine, tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(people, "link_batch", broken)
    report = load(engine, tmp_path, FIRST, "a.csv")
    assert report.counts.added == 2 and count(engine, "court_case") == 2
    assert any("linking people across cases failed (RuntimeError: disk full)" in n and
               "courtscreen people link" in n for n in report.notes)
