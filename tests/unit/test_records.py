"""Docket rows -> case records and problems, before any database (courtscreen.importing.records)."""

from __future__ import annotations

from datetime import date, time

from courtscreen.domain.case_types import CaseType, CaseTypeRules
from courtscreen.importing.mapping import build_mapping, parse_map_spec
from courtscreen.importing.normalise import YearPolicy
from courtscreen.importing.records import RowConverter


def convert(rows, map_spec="", year=2026, court=""):
    mapping = build_mapping(rows, parse_map_spec(map_spec) if map_spec else None)
    return RowConverter(mapping, CaseTypeRules.load(), YearPolicy(year=year), court).convert(rows)


def roles(record):
    return [(p.role, p.name.full) for p in record.parties]


def test_row_becomes_a_record_with_clean_values():
    rows = [["Case No.", "Court", "Hearing Date", "Hearing Time", "Judge", "Petitioner", "Respondent"],
            [" 2026-DR-000101 ", "Harlan County Family Court", "Dec 1, 2026", "9:00 AM",
             "Hon.  Miriam Okafor", "QUILL, ANNA", "Quill, Robert J."]]
    conv = convert(rows)
    assert conv.problems == []
    (rec,) = conv.records
    assert rec.row == 2
    assert (rec.court, rec.case_number) == ("Harlan County Family Court", "2026-DR-000101")
    assert (rec.hearing_date, rec.hearing_time) == (date(2026, 12, 1), time(9, 0))
    assert rec.judge == "Hon. Miriam Okafor"
    assert rec.case_type is CaseType.DIVORCE
    assert roles(rec) == [("petitioner", "Anna Quill"), ("respondent", "Robert J. Quill")]
    assert rec.source["Petitioner"] == "QUILL, ANNA"


def test_default_court_fills_an_empty_court():
    rows = [["Case No.", "Hearing Date"], ["2026-DR-1", "2026-12-01"]]
    assert convert(rows, court="Harlan County Family Court").records[0].court == "Harlan County Family Court"


def test_date_and_time_from_joined_columns():
    rows = [["docket", "day", "month", "time", "am_pm"], ["2026-DR-1", "12", "jul", "3:00", "pm"]]
    (rec,) = convert(rows, "hearing_date=day+month,hearing_time=time+am_pm", year=2026).records
    assert (rec.hearing_date, rec.hearing_time) == (date(2026, 7, 12), time(15, 0))


def test_criminal_case_respondent_becomes_defendant():
    rows = [["Case No.", "Case Type", "Nature", "Petitioner", "Respondent"],
            ["26-CADV-0103", "Criminal", "Domestic assault", "State of Franklin", "Quill, Robert"],
            ["2026-DR-1", "Divorce", "", "Quill, Anna", "Quill, Robert"]]
    crim, div = convert(rows).records
    assert roles(crim) == [("petitioner", "State of Franklin"), ("defendant", "Robert Quill")]
    assert crim.parties[0].name.is_organisation
    assert roles(div) == [("petitioner", "Anna Quill"), ("respondent", "Robert Quill")]


def test_case_title_gives_both_parties():
    rows = [["Case No.", "Case Title"], ["2026-DR-1", "ANNA QUILL VS. ROBERT QUILL"]]
    (rec,) = convert(rows).records
    assert roles(rec) == [("petitioner", "Anna Quill"), ("respondent", "Robert Quill")]


def test_several_parties_in_one_cell():
    rows = [["Case No.", "Petitioner", "Respondent"],
            ["2026-CU-1", "Quill, Anna", "Quill, Robert; Pryce, Wren"]]
    (rec,) = convert(rows).records
    assert roles(rec) == [("petitioner", "Anna Quill"), ("respondent", "Robert Quill"),
                          ("respondent", "Wren Pryce")]


def test_middle_initial_v_is_not_a_versus():
    rows = [["Case No.", "Petitioner", "Respondent"], ["2026-PFA-1", "Vivian V. Vance", ""]]
    (rec,) = convert(rows).records
    assert roles(rec) == [("petitioner", "Vivian V. Vance")]


def test_rejected_rows_name_row_column_and_fix():
    rows = [["Case No.", "Hearing Date", "Hearing Time"],
            ["", "2026-12-01", ""],
            ["2026-CV-2", "02/30/2026", ""],
            ["2026-CV-3", "next week", ""],
            ["2026-CV-4", "2026-12-01", "after lunch"],
            ["2026-CV-5", "2026-12-01", "9:00 AM"]]
    conv = convert(rows)
    assert [r.case_number for r in conv.records] == ["2026-CV-5"]
    assert [str(p) for p in conv.problems] == [
        "row 2, column A 'Case No.': no case number; fill it in or delete the row, then import again",
        "row 3, column B 'Hearing Date': Hearing date: '02/30/2026' is not a real date (February has no "
        "day 30); correct it and import again",
        "row 4, column B 'Hearing Date': Hearing date: 'next week' is not a date courtscreen understands "
        "(use e.g. 2026-12-01 or 12/01/2026); correct it and import again",
        "row 5, column C 'Hearing Time': Hearing time: 'after lunch' is not a time of day (use e.g. "
        "9:30 AM or 14:00); correct it and import again",
    ]
    assert {p.severity for p in conv.problems} == {"rejected"}


def test_bad_date_of_birth_is_only_a_warning():
    rows = [["Case No.", "Respondent", "Respondent DOB"], ["2026-DR-1", "Quill, Robert", "yesterday"]]
    conv = convert(rows)
    assert len(conv.records) == 1 and conv.records[0].parties[0].dob is None
    (problem,) = conv.problems
    assert problem.severity == "warning" and problem.row == 2
    assert "date of birth ignored" in problem.message


def test_repeated_case_rows_merge_keeping_the_earliest_hearing():
    rows = [["Case No.", "Nature", "Hearing Date", "Hearing Time", "Judge", "Respondent"],
            ["2026-DR-1", "Status conference", "2026-12-09", "9:00 AM", "Hon. A", "Quill, Robert"],
            ["2026-dr-1", "Contested dissolution", "2026-12-02", "1:30 PM", "Hon. B", "Pryce, Wren"],
            ["2026-DR-1", "status conference", "2026-12-02", "9:00 AM", "", ""]]
    conv = convert(rows)
    (rec,) = conv.records
    assert conv.merged_rows == [3, 4]
    assert (rec.hearing_date, rec.hearing_time) == (date(2026, 12, 2), time(9, 0))
    assert rec.nature == "Status conference; Contested dissolution"
    assert rec.case_type is CaseType.DIVORCE
    assert [p.name.full for p in rec.parties] == ["Robert Quill", "Wren Pryce"]


def test_blank_rows_and_repeated_header_rows_are_skipped():
    rows = [["Case No.", "Hearing Date"], ["2026-DR-1", "2026-12-01"], ["", ""],
            ["Case No.", "Hearing Date"], ["2026-DR-2", "2026-12-02"]]
    conv = convert(rows)
    assert [r.case_number for r in conv.records] == ["2026-DR-1", "2026-DR-2"]
    assert conv.blank_rows == 1
    assert [(p.row, p.severity, p.message) for p in conv.problems] == [
        (4, "warning", "repeats the header row (a page break?); skipped")]


def test_hearing_type_that_is_a_docket_number_is_flagged():
    rows = [["docket", "hearing_type", "division"], ["574-12-18", "574-12-18 cnfa", "family"]]
    conv = convert(rows)
    (problem,) = conv.problems
    assert problem.row == 2 and problem.severity == "warning"
    assert problem.message.startswith("the hearing type '574-12-18 cnfa' is a docket number")


def test_content_hash_changes_with_content_only():
    rows = [["Case No.", "Hearing Date", "Respondent"], ["2026-DR-1", "2026-12-01", "Quill, Robert"]]
    same = [["Case No.", "Hearing Date", "Respondent"], ["2026-DR-1", "12/01/2026", "QUILL, ROBERT"]]
    moved = [["Case No.", "Hearing Date", "Respondent"], ["2026-DR-1", "2026-12-02", "Quill, Robert"]]
    a, b, c = (convert(r).records[0].content_hash() for r in (rows, same, moved))
    assert a == b
    assert a != c


def test_clean_cells_trims_pads_and_keeps_true_apart_from_one():
    from courtscreen.importing.records import clean_cells

    rows = [["  2026-DR-1 ", date(2026, 12, 1), 1.0, True],
            ["2026-DR-2", date(2026, 12, 1), 1, 1],
            ["2026-DR-3\n", None, "a  b\tc"],  # a short row: padded
            ["2026-DR-4"]]
    assert clean_cells(rows) == [
        ["2026-DR-1", "2026-12-01", "1", "True"],
        ["2026-DR-2", "2026-12-01", "1", "1"],
        ["2026-DR-3", "", "a b c", ""],
        ["2026-DR-4", "", "", ""],
    ]


def test_clean_cells_pads_every_row_to_the_header_width():
    from courtscreen.importing.records import clean_cells

    assert clean_cells([["2026-DR-1"], ["2026-DR-2", "Quill"]], width=3) == [
        ["2026-DR-1", "", ""], ["2026-DR-2", "Quill", ""]]


def test_clean_cells_caches_carry_over_between_chunks_without_mixing_true_and_one():
    from courtscreen.importing.records import clean_cells

    caches: list[dict] = []
    assert clean_cells([[" Hon. A ", 1]], caches=caches) == [["Hon. A", "1"]]
    assert clean_cells([[" Hon. A ", True]], caches=caches) == [["Hon. A", "True"]]
    assert clean_cells([["Hon. B", 1]], caches=caches) == [["Hon. B", "1"]]
    assert caches[0][" Hon. A "] == "Hon. A"  # cleaned once, looked up after


def stream(rows, chunk_rows):
    mapping = build_mapping(rows)
    return RowConverter(mapping, CaseTypeRules.load(), YearPolicy(year=2026)).stream(
        rows, chunk_rows=chunk_rows)


STREAM_ROWS = [
    ["Case No.", "Case Type", "Nature", "Hearing Date", "Judge", "Petitioner", "Respondent"],
    ["26-CR-7", "Criminal", "Assault", "2026-12-09", "Hon. A", "State of Franklin", "Quill, Robert"],
    ["2026-DR-1", "Divorce", "Status conference", "2026-12-09", "Hon. A", "Quill, Anna", "Quill, Robert"],
    ["2026-CU-2", "Custody", "Parenting plan", "2026-12-10", "Hon. B", "Marlowe, Odette", "Marlowe, Silas"],
    ["", "Custody", "Parenting plan", "2026-12-10", "Hon. B", "Ashdown, Celeste", ""],
    # further hearings of cases yielded in the first chunk
    ["2026-DR-1", "", "Temporary orders", "2026-12-02", "Hon. B", "Quill, Anna", "Quill, Robert"],
    ["26-CR-7", "Criminal", "Bail review", "2026-12-01", "Hon. C", "State of Franklin", "Quill, Robert"],
]


def test_stream_yields_each_case_once_in_the_chunk_of_its_last_row():
    """A case whose later row comes chunks after its first is yielded finished, at its last
    row, never half-done first (the writer lets each chunk go and never revises a case)."""
    conv = stream(STREAM_ROWS, chunk_rows=2)
    chunks = [[r.case_number for r in chunk] for chunk in conv]
    # rows 2-3 (CR-7, DR-1) both come back at rows 6-7: nothing to yield after the first chunk
    assert chunks == [["2026-CU-2"], ["2026-DR-1"], ["26-CR-7"]]
    result = conv.result()
    assert result.merged_rows == [6, 7]
    assert [(p.row, p.column) for p in result.problems] == [(5, "A 'Case No.'")]
    assert (result.cases, result.hearing_rows, result.charge_rows) == (3, 5, 0)
    dr = next(r for r in result.records if r.case_number == "2026-DR-1")
    assert (dr.hearing_date, dr.judge, dr.nature) == (date(2026, 12, 2), "Hon. B",
                                                      "Status conference; Temporary orders")
    assert [e.row for e in dr.entries] == [3, 6]


def test_a_stream_that_does_not_keep_records_still_counts_them():
    conv = stream(STREAM_ROWS, chunk_rows=2)
    conv.keep_records = False
    yielded = [r.case_number for chunk in conv for r in chunk]
    result = conv.result()
    assert sorted(yielded) == ["2026-CU-2", "2026-DR-1", "26-CR-7"]
    assert result.records == [] and result.cases == 3 and result.merged_rows == [6, 7]


def test_stream_in_chunks_gives_the_records_of_a_single_chunk():
    """Revised cases are classified again, and a criminal case's respondent merged after it
    became a defendant is not added twice."""
    def view(conv):
        return [(r.case_number, r.case_type, r.nature, r.hearing_date, r.judge,
                 [(p.role, p.name.full) for p in r.parties], r.flags_text, r.content_hash())
                for r in conv.records]

    chunked = stream(STREAM_ROWS, chunk_rows=2)
    for _ in chunked:
        pass
    whole = convert(STREAM_ROWS)
    assert view(chunked.result()) == view(whole)
    cr = next(r for r in whole.records if r.case_number == "26-CR-7")
    assert [(p.role, p.name.full) for p in cr.parties] == [
        ("petitioner", "State of Franklin"), ("defendant", "Robert Quill")]


def test_stream_result_before_its_end_is_refused():
    import pytest

    conv = stream(STREAM_ROWS, chunk_rows=2)
    next(iter(conv))
    with pytest.raises(RuntimeError, match="before the stream was read to its end"):
        conv.result()


def test_text_fields_joined_from_several_columns_and_unmapped_fields_are_empty():
    rows = [["Case No.", "Hearing", "Detail", "First", "Last", "Other party"],
            ["2026-DR-1", "Motion", "to modify", "Anna", "Quill", "Quill, Robert"],
            ["2026-DR-2", "Status", "", "", "Pryce", "Marlowe, Silas", "a cell past the header"]]
    conv = convert(rows, "nature=Hearing+Detail,petitioner=First+Last,respondent=Other party")
    first, second = conv.records
    assert first.nature == "Motion to modify" and second.nature == "Status"
    assert roles(first) == [("petitioner", "Anna Quill"), ("respondent", "Robert Quill")]
    assert roles(second) == [("petitioner", "Pryce"), ("respondent", "Silas Marlowe")]
    assert (first.judge, first.courtroom, first.notes, first.division) == ("", "", "", "")


def test_a_row_longer_than_the_header_does_not_leak_into_unmapped_fields():
    rows = [["Case No.", "Judge"], ["2026-DR-1", "Hon. A", "stray", "more stray"]]
    (rec,) = convert(rows).records
    assert (rec.judge, rec.notes, rec.courtroom, rec.nature) == ("Hon. A", "", "", "")


def test_content_hash_keeps_the_text_earlier_versions_hashed():
    """Rows imported by an earlier version must still count as unchanged: the hashed text is
    the fields joined by \\x1f (None and dates as str()), the sorted parties, then the flags."""
    import hashlib

    rows = [["Case No.", "Court", "Nature", "Hearing Date", "Judge", "Petitioner", "Respondent"],
            ["2026-DR-1", "Harlan County Family Court", "Contested dissolution", "2026-12-01",
             "Hon. A", "Quill, Anna", "Quill, Robert J."]]
    (rec,) = convert(rows).records
    parts = [rec.court, rec.case_number, rec.case_type.value, rec.case_type_reason, rec.division,
             rec.nature, rec.case_title, str(rec.filing_date), str(rec.hearing_date),
             str(rec.hearing_time), rec.judge, rec.courtroom, rec.status, rec.notes]
    parts += sorted(f"{p.role}|{p.name.full}|{p.name.key}|{p.dob}" for p in rec.parties)
    parts.append(rec.flags_text)
    assert rec.filing_date is None and rec.hearing_time is None and len(rec.parties) == 2
    assert rec.content_hash() == hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def test_party_records_compare_by_role_name_and_birth_date():
    from courtscreen.domain.names import parse_person_name
    from courtscreen.importing.records import PartyRecord

    anna = parse_person_name("Quill, Anna")
    assert PartyRecord("petitioner", anna) == PartyRecord("petitioner", parse_person_name("ANNA QUILL"))
    assert PartyRecord("petitioner", anna) != PartyRecord("respondent", anna)
    assert PartyRecord("petitioner", anna, date(1990, 1, 2)).identity == (anna.identity, date(1990, 1, 2))
    assert len({PartyRecord("child", anna), PartyRecord("child", anna)}) == 1


def test_a_case_whose_last_row_is_missed_is_still_yielded_at_the_end(monkeypatch):
    """A safety net: if the first look at the rows keyed a row differently, the case parked
    for a later row is finished at the end of the stream, never lost."""
    from courtscreen.importing import stream as stream_module

    monkeypatch.setattr(stream_module.ConversionStream, "_last_rows",
                        lambda self, data: bytearray(len(data)))  # no row is anyone's last
    conv = stream(STREAM_ROWS, chunk_rows=2)
    yielded = sorted(r.case_number for chunk in conv for r in chunk)
    assert yielded == ["2026-CU-2", "2026-DR-1", "26-CR-7"]
    dr = next(r for r in conv.result().records if r.case_number == "2026-DR-1")
    assert [e.row for e in dr.entries] == [3, 6]
