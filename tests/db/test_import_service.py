"""Importing a docket into SQLite and PostgreSQL (courtscreen.importing.service.import_docket)."""

from __future__ import annotations

import hashlib
from datetime import date, time

import pytest
from helpers import db
from helpers.dockets import BAD_ROWS, FAMILY, GOOD_ROWS, HEADER, docket_csv, write_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportFailed, ImportOptions, import_docket

USER = "Test Clerk"


@pytest.fixture(scope="module")
def rules():
    return CaseTypeRules.load()


@pytest.fixture
def do_import(engine, rules):
    def run(path, **options):
        return import_docket(engine, path, ImportOptions(**options), rules, USER)

    return run


def counts(report):
    return (report.counts.added, report.counts.updated, report.counts.unchanged)


def test_first_import_adds_every_case(engine, do_import, tmp_path):
    path = docket_csv(tmp_path / "docket.csv")
    report = do_import(path)

    assert counts(report) == (5, 0, 0)
    assert report.rejected == [] and not report.changed_nothing
    assert db.count(engine, "court_case") == 5
    (batch,) = db.select(engine, "import_batch")
    assert batch["id"] == report.batch_id
    assert (batch["file_name"], batch["imported_by"]) == ("docket.csv", USER)
    assert batch["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == report.sha256
    assert (batch["rows_read"], batch["added"], batch["updated"], batch["unchanged"], batch["rejected"]) \
        == (5, 5, 0, 0, 0)

    dr = db.case_by_number(engine, "2026-DR-000101")
    assert dr["court"] == FAMILY
    assert (dr["case_type"], dr["nature"]) == ("divorce", "Contested dissolution")
    assert (dr["hearing_date"], dr["hearing_time"]) == (date(2026, 12, 1), time(9, 0))
    assert dr["judge"] == "Hon. Miriam Okafor"
    assert (dr["source_batch_id"], dr["source_row"]) == (report.batch_id, 2)
    types = {c["case_number"]: c["case_type"] for c in db.select(engine, "court_case")}
    assert types == {"2026-DR-000101": "divorce", "2026-PFA-00102": "protection_order",
                     "26-CADV-0103": "domestic_violence", "2026-CU-00104": "custody",
                     "2026-CV-00105": "civil"}
    cu = db.case_by_number(engine, "2026-CU-00104")
    assert cu["hearing_time"] == time(15, 0)  # "3:00 pm"
    assert db.case_by_number(engine, "26-CADV-0103")["hearing_date"] == date(2026, 12, 3)  # "Dec 3, 2026"


def test_reimporting_the_same_file_changes_nothing(engine, do_import, tmp_path):
    path = docket_csv(tmp_path / "docket.csv")
    do_import(path)
    before = db.snapshot(engine)

    report = do_import(path)

    assert counts(report) == (0, 0, 5)
    assert report.changed_nothing
    after = db.snapshot(engine)
    for t in ("court_case", "party", "case_party", "import_problem"):
        assert after[t] == before[t], f"{t} changed on an unchanged re-import"
    assert [b["unchanged"] for b in after["import_batch"]] == [0, 5]
    assert [b["added"] for b in after["import_batch"]] == [5, 0]


def test_changing_one_hearing_date_updates_exactly_that_case(engine, do_import, tmp_path):
    do_import(docket_csv(tmp_path / "docket.csv"))
    before = {c["case_number"]: c for c in db.select(engine, "court_case")}

    rows = [list(r) for r in GOOD_ROWS]
    rows[3][4] = "2026-12-11"  # 2026-CU-00104 moves from 4 to 11 December
    report = do_import(docket_csv(tmp_path / "docket-v2.csv", rows))

    assert counts(report) == (0, 1, 4)
    after = {c["case_number"]: c for c in db.select(engine, "court_case")}
    moved = after["2026-CU-00104"]
    assert moved["id"] == before["2026-CU-00104"]["id"]
    assert moved["hearing_date"] == date(2026, 12, 11)
    assert moved["source_batch_id"] == report.batch_id
    assert moved["updated_at"] > before["2026-CU-00104"]["updated_at"]
    assert moved["created_at"] == before["2026-CU-00104"]["created_at"]
    for number, case in after.items():
        if number != "2026-CU-00104":
            assert case == before[number], f"{number} changed although its row did not"
    assert db.parties_of(engine, moved["id"]) == [("petitioner", "Odette Marlowe"),
                                                  ("respondent", "Silas Marlowe")]


def test_changed_party_is_relinked(engine, do_import, tmp_path):
    do_import(docket_csv(tmp_path / "docket.csv"))
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][8] = "Pryce, Wren"  # the divorce respondent changes
    report = do_import(docket_csv(tmp_path / "docket-v2.csv", rows))

    assert counts(report) == (0, 1, 4)
    case = db.case_by_number(engine, "2026-DR-000101")
    assert db.parties_of(engine, case["id"]) == [("petitioner", "Anna Quill"), ("respondent", "Wren Pryce")]
    wrens = db.select(engine, "party", db.table("party").c.name_key == "pryce wren")
    assert len(wrens) == 2  # one row per case: the import never decides two cells are one person
    # The divorce's old respondent row is gone with its links; the civil case's Wren is untouched.
    assert not db.select(engine, "case_party", db.table("case_party").c.party_id.notin_(
        [r["id"] for r in db.select(engine, "party")]))


def test_each_party_of_each_case_is_its_own_row(engine, do_import, tmp_path):
    """The import never merges parties by name: identity is the linker's (on evidence) or a
    person's to decide. The same name in three cases is three rows, linked afterwards."""
    do_import(docket_csv(tmp_path / "docket.csv"))

    party = db.table("party")
    roberts = db.select(engine, "party", party.c.name_key == "quill robert")
    assert len(roberts) == 3
    assert {(r["full_name"], r["first_name"], r["middle_name"], r["last_name"]) for r in roberts} \
        == {("Robert J. Quill", "Robert", "J.", "Quill")}
    links = db.select(engine, "case_party", db.table("case_party").c.party_id.in_(
        [r["id"] for r in roberts]))
    cases = {c["id"]: c["case_number"] for c in db.select(engine, "court_case")}
    assert sorted((cases[link["case_id"]], link["role"]) for link in links) == [
        ("2026-DR-000101", "respondent"),
        ("2026-PFA-00102", "respondent"),
        ("26-CADV-0103", "defendant"),
    ]
    (state,) = db.select(engine, "party", party.c.name_key == "state of franklin")
    assert state["is_organisation"] is True
    assert db.count(engine, "party") == db.count(engine, "case_party") == 10


def test_criminal_cases_name_a_defendant_not_a_respondent(engine, do_import, tmp_path):
    rows = [["26-CADV-0201", FAMILY, "Criminal", "Violation of protective order", "2026-12-01", "", "",
             "State of Franklin", "Hartmore, Ezra T."],
            ["2026-CR-00202", FAMILY, "Criminal", "Retail theft", "2026-12-01", "", "",
             "State of Franklin", "Lindqvist, Petra"]]
    do_import(docket_csv(tmp_path / "crim.csv", rows))
    for number, defendant in (("26-CADV-0201", "Ezra T. Hartmore"), ("2026-CR-00202", "Petra Lindqvist")):
        case = db.case_by_number(engine, number)
        assert db.parties_of(engine, case["id"]) == [("defendant", defendant),
                                                     ("petitioner", "State of Franklin")]
    roles = {link["role"] for link in db.select(engine, "case_party")}
    assert "respondent" not in roles


def test_rejected_rows_are_reported_and_stored(engine, do_import, tmp_path):
    report = do_import(docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS))

    assert counts(report) == (5, 0, 0)
    assert [(p.row, p.column) for p in report.rejected] == [
        (7, "A 'Case No.'"), (8, "E 'Hearing Date'"), (9, "E 'Hearing Date'")]
    assert "no case number" in report.rejected[0].message
    assert "February has no day 30" in report.rejected[1].message
    assert "'next week' is not a date" in report.rejected[2].message

    stored = db.select(engine, "import_problem", order_by=[db.table("import_problem").c.row_number])
    assert [(p["batch_id"], p["row_number"], p["severity"], p["column_name"]) for p in stored] == [
        (report.batch_id, 7, "rejected", "A 'Case No.'"),
        (report.batch_id, 8, "rejected", "E 'Hearing Date'"),
        (report.batch_id, 9, "rejected", "E 'Hearing Date'"),
    ]
    assert [p["message"] for p in stored] == [p.message for p in report.rejected]
    (batch,) = db.select(engine, "import_batch")
    assert (batch["rows_read"], batch["rejected"]) == (8, 3)
    numbers = {c["case_number"] for c in db.select(engine, "court_case")}
    assert numbers.isdisjoint({"2026-CV-00107", "26-CADV-0108"})


def test_strict_import_with_a_bad_row_writes_nothing(engine, do_import, tmp_path):
    with pytest.raises(ImportFailed) as err:
        do_import(docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS), strict=True)
    assert ("3 rows have problems and the import was to refuse the file if any row has one, so "
            "nothing was imported") in str(err.value)
    assert err.value.code == "strict" and "--" not in str(err.value)  # the CLI names its flag
    assert "row 7" in str(err.value)
    assert db.counts(engine) == dict.fromkeys(db.TABLES, 0)


def test_file_with_no_importable_rows_writes_nothing(engine, do_import, tmp_path):
    with pytest.raises(ImportFailed, match="none of the 3 rows could be imported"):
        do_import(docket_csv(tmp_path / "bad.csv", BAD_ROWS))
    assert db.counts(engine) == dict.fromkeys(db.TABLES, 0)


def test_case_number_capitalisation_change_updates_the_same_case(engine, do_import, tmp_path):
    do_import(docket_csv(tmp_path / "a.csv", GOOD_ROWS[:1]))
    (first,) = db.select(engine, "court_case")
    rows = [list(GOOD_ROWS[0])]
    rows[0][0] = "2026-dr-000101"
    report = do_import(docket_csv(tmp_path / "b.csv", rows))
    assert counts(report) == (0, 1, 0)
    (after,) = db.select(engine, "court_case")
    assert after["id"] == first["id"]


def test_court_capitalisation_change_does_not_duplicate_the_case(engine, do_import, tmp_path):
    do_import(docket_csv(tmp_path / "a.csv", GOOD_ROWS[:1]))
    rows = [list(GOOD_ROWS[0])]
    rows[0][1] = FAMILY.upper()
    do_import(docket_csv(tmp_path / "b.csv", rows))
    assert db.count(engine, "court_case") == 1


def test_large_import_crosses_the_bulk_chunk_sizes(engine, do_import, tmp_path):
    """More distinct parties than one IN-list chunk (900) and more cases than one insert chunk."""
    n = 2400
    rows = [HEADER] + [[f"2026-CV-{i:05d}", FAMILY, "Civil", "Collection", "2026-12-01", "9:00 AM", "",
                        f"Creditor{i}, Ansel", f"Debtor{i}, Petra"] for i in range(n)]
    path = write_csv(tmp_path / "big.csv", rows)
    assert counts(do_import(path)) == (n, 0, 0)
    assert db.count(engine, "party") == 2 * n
    assert db.count(engine, "case_party") == 2 * n
    assert counts(do_import(path)) == (0, 0, n)
    assert db.count(engine, "party") == 2 * n


def _flagged(engine) -> set[str]:
    return {r["case_number"] for r in db.select(engine, "court_case") if r["repeat_party"]}


def test_repeat_party_flags_cases_of_an_earlier_import_too(engine, rules, tmp_path):
    """The flag follows the people linked across cases: a case imported last week that shares
    a person with today's docket must be flagged as well."""
    def run(path):
        return import_docket(engine, path, ImportOptions(), rules, USER)

    divorce, custody = GOOD_ROWS[0], GOOD_ROWS[3]
    run(write_csv(tmp_path / "week1.csv", [HEADER, divorce, custody]))
    assert _flagged(engine) == set()

    po = ["2026-PFA-00900", FAMILY, "", "Relief from abuse", "2026-12-09", "", "",
          "Quill, Anna", "Quill, Robert J."]
    run(write_csv(tmp_path / "week2.csv", [HEADER, po]))
    assert _flagged(engine) == {"2026-DR-000101", "2026-PFA-00900"}

    # The PO is corrected to another respondent: it no longer shares him, and Anna Quill's
    # name alone (no birth date, no shared co-party, another Quill on file) is only a
    # suggestion: the flag follows real links, so the PO is flagged once someone confirms it.
    po_other = [*po[:8], "Pryce, Wren"]
    run(write_csv(tmp_path / "week3.csv", [HEADER, po_other]))
    assert "2026-PFA-00900" not in _flagged(engine)
    from courtscreen.store import people
    [anna] = [s for s in people.suggestions(engine) if s.name_a == s.name_b == "Anna Quill"]
    people.decide(engine, anna.id, "confirmed", USER)
    assert "2026-PFA-00900" in _flagged(engine)
    run(write_csv(tmp_path / "week4.csv", [HEADER, [*po[:7], "Ashdown, Celeste", "Pryce, Wren"]]))
    assert "2026-PFA-00900" not in _flagged(engine)
    assert "2026-CU-00104" not in _flagged(engine)
