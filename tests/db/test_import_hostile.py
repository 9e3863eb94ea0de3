"""Hostile text on both databases: a NUL byte never reaches SQLite or PostgreSQL, and
look-alike case numbers key one case (issue 16)."""

from __future__ import annotations

from helpers import db

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket


def test_nul_bytes_are_reported_by_row_and_never_stored(engine, tmp_path):
    lines = ["Case No.,Petitioner,Respondent"] + [
        f"2026-DR-{i:06d},Ada Lune{i},Bo Kay{i}" for i in range(3000)]
    lines[2500] = "2026-DR-00\x009999,Cy\x00 Dee,Di Eve"  # past the first 64 KB
    (path := tmp_path / "nul.csv").write_text("\n".join(lines) + "\n")
    report = import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "Test Clerk",
                           link=False)
    assert report.counts.added == 3000
    assert [(p.row, p.code) for p in report.problems] == [(2501, "nul_bytes")]
    cases = {c["case_number"] for c in db.select(engine, "court_case")}
    assert "2026-DR-009999" in cases and not any("\x00" in c for c in cases)


def test_look_alike_case_numbers_are_one_case_in_the_database(engine, tmp_path):
    (path := tmp_path / "look.csv").write_text(
        "Case No.,Petitioner\n2026-PFA-00009,Ada Lune\n2026\u2011\u0420FA\u201100009,Ada Lune\n"
        "\uff12\uff10\uff12\uff16-PFA-00009\u200b,Ada Lune\n", encoding="utf-8")
    import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "Test Clerk", link=False)
    assert [c["case_number"] for c in db.select(engine, "court_case")] == ["2026-PFA-00009"]


def _import(engine, path):
    return import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "Test Clerk",
                         link=False)


def test_a_look_alike_of_a_case_already_in_the_database_is_that_case_and_reported(engine,
                                                                                  tmp_path):
    (first := tmp_path / "first.csv").write_text(
        "Case No.,Court,Petitioner\n2026-PFA-00009,Harlan Family Court,Ada Lune\n"
        "2026-PFA-00010,Harlan Family Court,Bo Kay\n", encoding="utf-8")
    _import(engine, first)
    # A later file: a Cyrillic "Р", a non-breaking hyphen and a zero-width space in the same
    # case number, in the same court; and one in another court, which is another case.
    (later := tmp_path / "later.csv").write_text(
        "Case No.,Court,Petitioner\n2026\u2011\u0420FA-00009\u200b,Harlan Family Court,Ada Lune\n"
        "2026-\u0420FA-00010,Oakridge Family Court,Bo Kay\n", encoding="utf-8")
    report = _import(engine, later)
    cases = sorted((c["court"], c["case_number"]) for c in db.select(engine, "court_case"))
    assert cases == [("Harlan Family Court", "2026-PFA-00009"),
                     ("Harlan Family Court", "2026-PFA-00010"),
                     ("Oakridge Family Court", "2026-\u0420FA-00010")]
    assert (report.counts.added, report.counts.unchanged) == (1, 1)
    said = {p.row: p.message for p in report.problems if p.code == "lookalike_case_number"}
    assert said[2] == ("the case number '2026-\u0420FA-00009' has Cyrillic letters that look "
                       "like Latin ones; it was taken as '2026-PFA-00009', a case already in "
                       "the database")
    assert "like '2026-PFA-00010', a case already in the database (court 'Harlan Family " \
           "Court', not this row's)" in said[3]
    stored = db.select(engine, "import_problem")
    assert any(p["row_number"] == 2 and "'2026-PFA-00009'" in p["message"] for p in stored)


def test_a_plain_number_like_a_stored_look_alike_is_reported_and_kept_apart(engine, tmp_path):
    (first := tmp_path / "first.csv").write_text(
        "Case No.,Petitioner\n2026-\u0420FA-00011,Ada Lune\n", encoding="utf-8")
    _import(engine, first)
    (later := tmp_path / "later.csv").write_text(
        "Case No.,Petitioner\n2026-DR-00001,Cy Dee\n2026-pfa-00011,Ada Lune\n", encoding="utf-8")
    report = _import(engine, later)
    assert report.counts.added == 2
    (problem,) = [p for p in report.problems if p.code == "lookalike_case_number"]
    assert problem.row == 3
    assert problem.message.startswith("the case number '2026-pfa-00011' looks like "
                                      "'2026-\u0420FA-00011', a case already in the database")
    assert db.count(engine, "court_case") == 3
