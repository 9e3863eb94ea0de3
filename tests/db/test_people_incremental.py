"""Incremental linking (issue 15) reads only its parties' blocks from the index, on SQLite and
PostgreSQL: a small import after a big one never loads every party, yet links on evidence
(the same co-party), keeps namesakes apart, and the export shows one person id."""

from __future__ import annotations

import csv

from helpers.db import select
from helpers.dockets import FAMILY, HEADER, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import link_index, people
from courtscreen.store.people_report import export_people

FIRSTS = ["Tobin", "Greta", "Leland", "Odette", "Casimir", "Wren", "Harriet", "Bastian", "Imani", "Silas"]
LASTS = ["Pellworth", "Marlowe", "Tannehill", "Vosberg", "Okonjo", "Halvorsen", "Castellano", "Ferrante"]
EARLIER = [[f"2026-CU-{i:05d}", FAMILY, "Custody", "Parenting time", "2026-11-02", "", "",
            f"{LASTS[i % 8]}, {FIRSTS[i % 10]}", f"{LASTS[(i + 3) % 8]}{i}, {FIRSTS[(i + 5) % 10]}"]
           for i in range(40)]
EARLIER.append(["2026-CU-00900", FAMILY, "Custody", "Parenting time", "2026-11-03", "", "",
                "Quill, Anna", "Quill, Robert J."])
LATER = [["2026-PFA-00901", FAMILY, "", "Relief from abuse", "2026-12-02", "", "",
          "QUILL, ANNA", "Bob J. Quill"],  # the same pair: one person each
         ["2026-PFA-00902", FAMILY, "", "Relief from abuse", "2026-12-02", "", "",
          "Ellery, Tamsin", "Quill, Robert K."]]  # another middle initial: another person


def test_a_small_import_is_linked_from_its_blocks_only(engine, tmp_path, monkeypatch):
    rules = CaseTypeRules.load()
    import_docket(engine, docket_csv(tmp_path / "a.csv", EARLIER, HEADER), ImportOptions(), rules, "clerk")
    with engine.connect() as conn:
        assert link_index.count(engine, conn) == 82  # every person indexed by the first linking

    def no_full_load(*args):
        raise AssertionError("an incremental link loaded every party")

    monkeypatch.setattr(link_index, "load_all", no_full_load)
    report = import_docket(engine, docket_csv(tmp_path / "b.csv", LATER, HEADER), ImportOptions(),
                           rules, "clerk")
    assert "people:" in " ".join(report.notes) and people.linking_owed(engine) == []
    path = tmp_path / "people.csv"
    export_people(engine, path)
    with path.open(encoding="utf-8") as f:
        rows = {(r["case_number"], r["name"]): r for r in csv.DictReader(f)}
    robert = rows[("2026-CU-00900", "Robert J. Quill")]
    bob = rows[("2026-PFA-00901", "Bob J. Quill")]
    k = rows[("2026-PFA-00902", "Robert K. Quill")]
    assert robert["person_id"] == bob["person_id"] and bob["link_status"] == "linked"
    anna = [rows[(n, "Anna Quill")]["person_id"] for n in ("2026-CU-00900", "2026-PFA-00901")]
    assert anna[0] == anna[1]
    assert k["person_id"] not in (robert["person_id"], bob["person_id"])
    link = next(r for r in select(engine, "party_link") if {r["party_a"], r["party_b"]}
                == {int(robert["party_id"]), int(bob["party_id"])})
    assert "same co-party in both cases (Anna Quill)" in link["reasons"]
    with engine.connect() as conn:
        assert link_index.count(engine, conn) == 86


def test_an_incremental_link_raises_the_earlier_case_of_a_person_now_in_a_po_case(engine, tmp_path):
    """The linked-case raise after an incremental linking is refreshed for the cases of the
    people it regrouped only: the earlier custody case whose people are now in a PO case is
    raised; the custody cases no new case links to are not."""
    from courtscreen.domain.triage import PRIORITY_LINKED

    rules = CaseTypeRules.load()
    import_docket(engine, docket_csv(tmp_path / "a.csv", EARLIER, HEADER), ImportOptions(), rules, "clerk")
    before = {r["case_number"]: r for r in select(engine, "court_case")}
    assert not before["2026-CU-00900"]["cross_case"]
    import_docket(engine, docket_csv(tmp_path / "b.csv", LATER, HEADER), ImportOptions(), rules, "clerk")
    cases = {r["case_number"]: r for r in select(engine, "court_case")}
    assert cases["2026-PFA-00901"]["case_type"] == "protection_order"
    custody = cases["2026-CU-00900"]
    assert custody["cross_case"] and custody["repeat_party"]
    assert custody["priority"] == min(PRIORITY_LINKED, custody["triage_rank"])
    others = [r for n, r in cases.items() if n.startswith("2026-CU-") and n != "2026-CU-00900"]
    assert len(others) == 40 and not any(r["cross_case"] for r in others)
    assert all(r["priority"] == before[r["case_number"]]["priority"] for r in others)
