"""The worklist queries the TUI pages through, on SQLite (FTS5) and PostgreSQL (pg_trgm / LIKE)."""

from __future__ import annotations

from datetime import date

from helpers.dockets import docket_csv

from courtscreen.domain.case_types import CaseType, CaseTypeRules
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import worklist
from courtscreen.store.worklist import WorklistFilter

TODAY = date(2026, 11, 23)


def _load(engine, tmp_path):
    import_docket(engine, docket_csv(tmp_path / "d.csv"), ImportOptions(), CaseTypeRules.load(), "clerk")


def _numbers(rows):
    return [r.case.case_number for r in rows]


def test_search_finds_party_names_and_case_numbers(engine, tmp_path):
    _load(engine, tmp_path)
    f = WorklistFilter(today=TODAY)
    quill = worklist.page(engine, f.with_(search="quill"))
    assert sorted(_numbers(quill)) == ["2026-DR-000101", "2026-PFA-00102", "26-CADV-0103"]
    assert worklist.count(engine, f.with_(search="QUILL")) == 3
    assert _numbers(worklist.page(engine, f.with_(search="cu-001"))) == ["2026-CU-00104"]
    assert worklist.count(engine, f.with_(search="qu")) >= 3  # short: the LIKE fallback
    assert worklist.count(engine, f.with_(search='"ab OR x*')) == 0  # no query syntax leaks through
    assert worklist.count(engine, f.with_(search="100%_")) == 0  # LIKE wildcards are literal


def test_filters_and_priority_order(engine, tmp_path):
    _load(engine, tmp_path)
    f = WorklistFilter(today=TODAY)
    assert worklist.count(engine, f) == 5
    po = worklist.page(engine, f.with_(case_types=frozenset({CaseType.PROTECTION_ORDER})))
    assert _numbers(po) == ["2026-PFA-00102"]
    assert worklist.count(engine, f.with_(judge="Hon. Miriam Okafor")) == 2
    assert worklist.count(engine, f.with_(date_from=date(2026, 12, 3))) == 3
    assert worklist.count(engine, f.with_(date_to=date(2026, 12, 2))) == 2
    assert worklist.count(engine, f.with_(screening=ScreeningStatus.NOT_SCREENED)) == 5
    flagged = worklist.page(engine, f.with_(flagged_only=True))
    assert "2026-CV-00105" not in _numbers(flagged)  # a contract case with no shared party
    by_priority = _numbers(worklist.page(engine, f))
    assert by_priority[-1] == "2026-CV-00105"  # unflagged last
    assert _numbers(worklist.page(engine, f.with_(sort="hearing")))[0] == "2026-DR-000101"


def test_summary_and_case_detail_show_the_shared_respondent(engine, tmp_path):
    _load(engine, tmp_path)
    s = worklist.summary(engine)
    assert s.total == 5 and s.by_type[CaseType.DIVORCE] == 1
    assert s.by_screening[ScreeningStatus.NOT_SCREENED] == 5
    row = worklist.page(engine, WorklistFilter(today=TODAY, search="000101"))[0]
    detail = worklist.case_detail(engine, row.case.id)
    assert detail.source_file == "d.csv" and detail.source_row == 2
    related = {number for others in detail.related.values() for _, number, _ in others}
    assert related == {"2026-PFA-00102", "26-CADV-0103"}
    assert row.repeat_party
    assert worklist.case_detail(engine, 999_999) is None
