"""Triage on a real-shaped charge file (issue 20): one row per charge, every row kept,
stalking and order-violation cases first, electronic harassment next; search, the case's
entries, the export's Charges sheet and the court filter, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import openpyxl
import pytest
import sqlalchemy as sa
from helpers.charge_file import write_charge_file

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.triage import Tier
from courtscreen.exporting.service import ExportOptions, export_docket
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import worklist
from courtscreen.store.docket_entries import entries_for
from courtscreen.store.worklist import WorklistFilter

USER = "Test Clerk"
CASES, ROWS = 1500, 3300


@pytest.fixture
def charged(engine, tmp_path):
    path = tmp_path / "charges.csv"
    keys = write_charge_file(path, cases=CASES, rows=ROWS, stalking=6, order_violation=14,
                             e_harassment=60)
    report = import_docket(engine, path, ImportOptions(explicit_map={"case_type": ["DV_at_Disposition"]}),
                           CaseTypeRules.load(), USER)
    ids = {}
    with engine.connect() as conn:
        for cid, court, number in conn.execute(sa.text("SELECT id, court, case_number FROM court_case")):
            ids[(court, number)] = cid
    return report, keys, ids


def _all(engine, f):
    rows, offset = [], 0
    while True:
        page = worklist.page(engine, f, offset, 500)
        if not page:
            return rows
        rows += page
        offset += 500


def test_every_charge_row_is_kept(engine, charged):
    report, keys, ids = charged
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM court_case")).scalar_one() == CASES
        assert conn.execute(sa.text("SELECT count(*) FROM docket_entry")).scalar_one() == ROWS
        kinds = {k for (k,) in conn.execute(sa.text("SELECT DISTINCT kind FROM docket_entry"))}
    assert kinds == {"charge"}
    assert any(f"{ROWS:,} charge rows for {CASES:,} cases" in n for n in report.notes), report.notes
    assert not any("further hearings" in n for n in report.notes)


def test_stalking_and_order_violations_fill_the_first_page_then_electronic_harassment(engine, charged):
    _, keys, ids = charged
    top = {ids[k] for k in keys["top"]}
    harassment = {ids[k] for k in keys["e_harassment"]}
    first_page = [r.case.id for r in worklist.page(engine, WorklistFilter(), 0, 100)]
    assert len(top) == 20
    assert top <= set(first_page[:len(top)])  # every one of them, ahead of everything else
    after = first_page[len(top):]
    assert set(after[:len(harassment)]) == harassment  # electronic harassment next, all of it
    assert all(worklist.page(engine, WorklistFilter(), i, 1)[0].tier is Tier.STALKING
               for i in (0, len(top) - 1))


def test_not_dv_at_disposition_is_not_domestic_violence(engine, charged):
    """The case-type column says "Not DV at Disposition": never DV because of that column."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT source_json, case_type, case_type_reason "
                                    "FROM court_case")).all()
    import json

    not_dv = [(t, why) for raw, t, why in rows
              if json.loads(raw).get("DV_at_Disposition") == "Not DV at Disposition"]
    dv = [(t, why) for raw, t, why in rows
          if json.loads(raw).get("DV_at_Disposition") == "DV at Disposition"]
    assert not_dv and dv
    assert not any("case-type column" in why for _, why in not_dv)
    assert {t for t, _ in not_dv} >= {"other_criminal"}
    assert {t for t, _ in dv} == {"domestic_violence"}


def test_search_finds_charge_text_and_percent_is_literal(engine, charged):
    _, keys, ids = charged
    found = {r.case.id for r in _all(engine, WorklistFilter(search="STALKING"))}
    stalking = {cid for cid in (ids[k] for k in keys["top"])
                if any(e.text == "STALKING" for e in entries_for(engine, cid))}
    assert stalking and stalking <= found
    assert worklist.count(engine, WorklistFilter(search="%")) == 0
    assert worklist.count(engine, WorklistFilter(search="_")) == 0
    assert worklist.count(engine, WorklistFilter(search="42.072")) >= len(stalking)  # statute


def test_a_case_lists_every_charge_with_its_own_fields(engine, charged, tmp_path):
    _, keys, ids = charged
    with engine.connect() as conn:
        cid, n = conn.execute(sa.text("SELECT case_id, count(*) FROM docket_entry GROUP BY case_id "
                                      "ORDER BY 2 DESC, 1 LIMIT 1")).one()
    assert n >= 3
    entries = entries_for(engine, cid)
    assert [e.seq for e in entries] == list(range(1, n + 1))
    rows = [e.source_row for e in entries]
    assert rows == sorted(rows) and len(set(rows)) == n
    assert all(e.code and e.severity and e.disposition and e.disposition_date for e in entries)
    detail = worklist.case_detail(engine, cid)
    assert [e.text for e in detail.entries] == [e.text for e in entries]


def test_export_has_a_charges_sheet_and_the_charges_in_one_cell(engine, charged, tmp_path):
    _, keys, ids = charged
    out = tmp_path / "out.xlsx"
    court = sorted(k[0] for k in keys["top"])[0]
    result = export_docket(engine, out, ExportOptions(filter=WorklistFilter(court=court)), USER)
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["Docket", "Summary", "Charges"]
    docket = list(wb["Docket"].values)
    header = list(docket[0])
    charges = list(wb["Charges"].values)
    with engine.connect() as conn:
        expected = conn.execute(sa.text(
            "SELECT count(*) FROM docket_entry e JOIN court_case c ON c.id = e.case_id "
            "WHERE c.court = :c"), {"c": court}).scalar_one()
    assert len(charges) - 1 == expected  # one row per charge
    assert result.cases == len(docket) - 1
    assert {r[header.index("Court (courtscreen)")] for r in docket[1:]} == {court}
    first = docket[1]
    assert first[header.index("Priority tier")] == "stalking-specific"
    number = first[header.index("Case ID")]
    mine = [r for r in charges[1:] if r[1] == number]
    cell = first[header.index("Charges and hearings")]
    assert len(mine) >= 1 and all(r[4] in cell for r in mine)


def test_court_filter_and_the_same_case_id_in_two_courts(engine, charged):
    _, keys, ids = charged
    numbers: dict[str, set[str]] = {}
    for court, number in ids:
        numbers.setdefault(number, set()).add(court)
    twice = sorted(n for n, courts in numbers.items() if len(courts) > 1)
    assert twice
    number = twice[0]
    both = _all(engine, WorklistFilter(search=number))
    assert len({r.case.court for r in both if r.case.case_number == number}) == 2
    one = sorted(numbers[number])[0]
    only = _all(engine, WorklistFilter(search=number, court=one.lower()))
    assert {r.case.court for r in only} == {one}
    assert len(worklist.courts(engine)) == 4


def test_a_further_row_keeps_its_own_cells(engine, charged):
    with engine.connect() as conn:
        cid = conn.execute(sa.text("SELECT case_id FROM docket_entry WHERE seq = 2 ORDER BY case_id "
                                   "LIMIT 1")).scalar_one()
    first, second = entries_for(engine, cid)[:2]
    row = second.full_source(first)
    assert row["Charge Description"] == second.text and row["Statute"] == second.code
    assert row["Case ID"] == first.source["Case ID"] and row["Court"] == first.source["Court"]
    assert set(second.source) <= set(first.source) | {"Charge Description", "Statute"}


def test_a_cases_own_row_is_stored_once_and_read_back_whole(engine, charged):
    # The first entry is the case's own source row: the import does not write those cells a
    # second time (docket_entry.source_json ""), and reading the entry gives them all.
    with engine.connect() as conn:
        cid, case_json, own = conn.execute(sa.text(
            "SELECT c.id, c.source_json, e.source_json FROM court_case c JOIN docket_entry e "
            "ON e.case_id = c.id AND e.seq = 1 ORDER BY c.id LIMIT 1")).one()
        stored_twice = conn.execute(sa.text(
            "SELECT count(*) FROM docket_entry e JOIN court_case c ON c.id = e.case_id "
            "WHERE e.source_json = c.source_json")).scalar_one()
    assert own == "" and stored_twice == 0
    first = entries_for(engine, cid)[0]
    assert first.source == json.loads(case_json) and first.source["Case ID"]
