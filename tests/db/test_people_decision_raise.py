"""A clerk's decision refreshes triage's linked-case raise (issue 20) for the cases of the
people it regrouped only (issue 15), on SQLite and PostgreSQL. Every case must come out as a
refresh of the whole docket would leave it: the other cases of a confirmed person are raised,
and a rejected person's cases lose the raise, including a case whose party keeps its person id
(the smallest party id of the group) and so is not itself regrouped."""

from __future__ import annotations

from helpers.db import select
from helpers.dockets import FAMILY, HEADER, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.triage import PRIORITY_LINKED
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people, triage_links
from courtscreen.store.linking import refresh_repeat_flags

ROWS = [["2026-CU-00001", FAMILY, "Custody", "Parenting time", "2026-11-02", "", "",
         "Pellworth, Tobin", "Marlowe, Greta"],
        ["2026-CU-00002", FAMILY, "Custody", "Parenting time", "2026-11-03", "", "",
         "Tannehill, Leland", "Vosberg, Odette"],
        ["2026-CU-00003", FAMILY, "Custody", "Parenting time", "2026-11-04", "", "",
         "Castellano, Wren", "Ferrante, Bastian"],
        ["2026-PFA-00004", FAMILY, "", "Relief from abuse", "2026-12-02", "", "",
         "Okonjo, Imani", "Halvorsen, Silas"]]
FIELDS = ("case_number", "repeat_party", "cross_case", "priority")


def _cases(engine) -> dict[str, tuple]:
    return {r["case_number"]: tuple(r[f] for f in FIELDS) for r in select(engine, "court_case")}


def _as_a_full_refresh_leaves_them(engine) -> dict[str, tuple]:
    with engine.begin() as conn:
        refresh_repeat_flags(engine, conn, None)
        triage_links.refresh_cross_case(conn)
    return _cases(engine)


def _party(engine, name: str) -> int:
    return next(r["id"] for r in select(engine, "party") if r["full_name"] == name)


def test_a_decision_raises_and_lowers_every_case_of_the_people_it_regroups(engine, tmp_path):
    import_docket(engine, docket_csv(tmp_path / "a.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    tobin, leland, imani = (_party(engine, n) for n in ("Tobin Pellworth", "Leland Tannehill",
                                                          "Imani Okonjo"))
    assert tobin < leland < imani
    start = _cases(engine)
    assert not any(c[2] for c in start.values())  # nobody is in two cases yet

    people.decide_pair(engine, tobin, leland, people.CONFIRMED, "clerk")  # two custody cases
    one = _cases(engine)
    assert one["2026-CU-00001"][1] and one["2026-CU-00002"][1]  # a repeat party, not raised
    assert not one["2026-CU-00001"][2] and not one["2026-CU-00002"][2]
    assert one == _as_a_full_refresh_leaves_them(engine)

    # Tobin is the person in the PO case too: both custody cases are raised, the second one
    # although Leland's person id (Tobin's party id) does not change.
    people.decide_pair(engine, tobin, imani, people.CONFIRMED, "clerk")
    two = _cases(engine)
    for number in ("2026-CU-00001", "2026-CU-00002"):
        rank = next(r["triage_rank"] for r in select(engine, "court_case")
                    if r["case_number"] == number)
        assert two[number][2] and two[number][3] == min(rank, PRIORITY_LINKED)
    assert two["2026-CU-00003"] == start["2026-CU-00003"]
    assert two == _as_a_full_refresh_leaves_them(engine)

    # Rejected: Imani is someone else. Both custody cases lose the raise and their priority
    # is what it was before; Tobin and Leland stay one person.
    people.decide_pair(engine, tobin, imani, people.REJECTED, "clerk")
    three = _cases(engine)
    assert three == one
    assert three == _as_a_full_refresh_leaves_them(engine)

    # The link between the two custody parties is rejected: two people again, as at the start.
    people.decide_pair(engine, tobin, leland, people.REJECTED, "clerk")
    assert _cases(engine) == start == _as_a_full_refresh_leaves_them(engine)
