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
