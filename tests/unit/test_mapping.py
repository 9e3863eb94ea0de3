"""Which column holds which field (courtscreen.importing.mapping)."""

from __future__ import annotations

import pytest

from courtscreen.importing.mapping import (
    MappingError,
    build_mapping,
    column_letter,
    find_header_row,
    normalise_header,
    parse_map_spec,
    resolve_column,
    score_header,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Case No.", "case_number"),
        ("Case Number", "case_number"),
        ("Docket #", "case_number"),
        ("CaseNumber", "case_number"),
        ("case_number", "case_number"),
        ("Case #", "case_number"),
        ("docket", "case_number"),
        ("Petitioner/Plaintiff", "petitioner"),
        ("Plaintiff", "petitioner"),
        ("Defendant", "respondent"),
        ("Respondent/Defendant", "respondent"),
        ("Hearing Date", "hearing_date"),
        ("Hearing Time", "hearing_time"),
        ("Courtroom", "courtroom"),
        ("court_room", "courtroom"),
        ("Nature of Action", "nature"),
        ("hearing_type", "nature"),
        ("Case Type", "case_type"),
        ("Filed", "filing_date"),
        ("Judge", "judge"),
        ("Hearing Date (mm/dd/yyyy)", "hearing_date"),
    ],
)
def test_header_variants_are_recognised_exactly(header, field):
    assert score_header(header) == (field, 1.0)


def test_near_miss_header_is_matched_with_lower_confidence():
    field, confidence = score_header("Case Numbr")
    assert field == "case_number"
    assert 0.86 <= confidence < 1.0


@pytest.mark.parametrize("header", ["Foo bar", "day", "month", "am_pm", "", None])
def test_unknown_headers_map_to_nothing(header):
    assert score_header(header)[0] is None


def test_normalise_header():
    assert normalise_header("Case No.") == "case number"
    assert normalise_header("Docket #") == "docket number"
    assert normalise_header("CaseNumber") == "case number"
    assert normalise_header("hearing_date (mm/dd)") == "hearing date"
    assert normalise_header("Parental Rights & Duties") == "parental rights and duties"


def test_column_letters():
    letters = [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)]
    assert letters == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


# --------------------------------------------------------------------------- finding the header


def test_title_rows_above_the_header_are_skipped():
    rows = [
        ["Bexley County Superior Court"],
        ["Calendar for the week of 23 November 2026", ""],
        [],
        ["Case No.", "Hearing Date", "Courtroom", "Petitioner", "Respondent"],
        ["2026-DR-000101", "2026-12-01", "Dept. 14", "Quill, Anna", "Quill, Robert"],
    ]
    assert find_header_row(rows) == 3
    m = build_mapping(rows)
    assert m.header_row == 4
    assert m.data_start == 4
    assert m.fields == {"case_number": [0], "hearing_date": [1], "courtroom": [2], "petitioner": [3],
                        "respondent": [4]}
    assert all(m.confidence[f] == 1.0 for f in m.fields)


def test_typical_export_header_maps_every_column():
    header = ["Case No.", "Court", "Case Type", "Nature of Action", "Filed", "Hearing Date",
              "Hearing Time", "Judge", "Courtroom", "Petitioner/Plaintiff", "Respondent/Defendant", "Status"]
    m = build_mapping([header, ["2026-DR-1"] + [""] * 11])
    assert m.header_row == 1
    assert m.fields == {
        "case_number": [0], "court": [1], "case_type": [2], "nature": [3], "filing_date": [4],
        "hearing_date": [5], "hearing_time": [6], "judge": [7], "courtroom": [8], "petitioner": [9],
        "respondent": [10], "status": [11],
    }
    assert m.describe("petitioner") == "J 'Petitioner/Plaintiff'"


def test_duplicate_headers_warn_naming_both_columns():
    rows = [["Case No.", "Hearing Date", "Case No.", "Respondent"],
            ["2026-DR-1", "2026-12-01", "2026-DR-3", "Quill"]]
    m = build_mapping(rows)
    assert m.fields["case_number"] == [0]
    assert m.warnings == ["columns A and C are both headed 'Case No.'; using A. "
                          "Map the field to C if that is the right one."]


def test_no_case_number_column_raises_with_advice():
    rows = [["Hearing Date", "Judge", "Courtroom"], ["2026-12-01", "Hon. Miriam Okafor", "2A"]]
    with pytest.raises(MappingError) as err:
        build_mapping(rows)
    message = str(err.value)
    assert err.value.code == "no_case_numbers"
    assert "no column holds case numbers: looked for a column of mostly distinct values" in message
    assert "'Hearing Date', 'Judge', 'Courtroom'" in message
    assert "--" not in message  # the front ends say how to name a column, each in its own words


def test_no_header_at_all_is_mapped_by_content():
    m = build_mapping([["2026-DR-1", "Quill v. Pryce"], ["2026-DR-2", "Pryce vs Quill"]])
    assert m.header_row is None
    assert m.fields == {"case_number": [0], "case_title": [1]}
    assert m.confidence["case_number"] == 1.0


# --------------------------------------------------------------------------- --map


def test_parse_map_spec_with_joins():
    assert parse_map_spec("case_number=docket, hearing_date=day+month,hearing_time = time + am_pm,") == {
        "case_number": ["docket"], "hearing_date": ["day", "month"], "hearing_time": ["time", "am_pm"]}


def test_parse_map_spec_field_names_are_forgiving():
    assert parse_map_spec("Case Number=B,hearing-date=C") == {"case_number": ["B"], "hearing_date": ["C"]}


def test_parse_map_spec_unknown_field_lists_the_fields():
    with pytest.raises(MappingError) as err:
        parse_map_spec("casenumber=A")
    message = str(err.value)
    assert message.startswith("mapping 'casenumber=A': unknown field 'casenumber'; fields are case_number, ")
    assert "hearing_date" in message and "respondent" in message


@pytest.mark.parametrize("spec", ["case_number", "case_number=", "case_number=  ", "hearing_date=C,judge"])
def test_parse_map_spec_missing_equals_or_column(spec):
    with pytest.raises(MappingError) as err:
        parse_map_spec(spec)
    assert "write FIELD=COLUMN, e.g. case_number=B" in str(err.value)


def test_parse_map_spec_refuses_a_join_of_nothing():
    with pytest.raises(MappingError):
        parse_map_spec("case_number=+")


def test_map_by_header_letter_and_position_with_joins():
    rows = [["Docket", "Day", "Month", "Judge", "Time", "AM/PM"],
            ["2026-DR-1", "12", "jul", "Hon. Miriam Okafor", "9:00", "am"]]
    m = build_mapping(rows, parse_map_spec("case_number=A,hearing_date=day+month,hearing_time=5+F"))
    assert m.header_row == 1
    assert m.fields["case_number"] == [0]
    assert m.fields["hearing_date"] == [1, 2]
    assert m.fields["hearing_time"] == [4, 5]
    assert m.fields["judge"] == [3]  # proposed automatically, untouched
    assert m.confidence["hearing_date"] == 1.0
    assert m.describe("hearing_date") == "B 'Day' + C 'Month'"
    assert m.to_profile_map()["hearing_time"] == ["Time", "AM/PM"]


def test_explicit_map_takes_a_column_away_from_a_proposed_field():
    rows = [["Docket", "Judge", "Day", "Month"], ["2026-DR-1", "Quill, Anna", "12", "jul"]]
    m = build_mapping(rows, {"petitioner": ["2"]})
    assert m.fields["petitioner"] == [1]
    assert "judge" not in m.fields and "judge" not in m.confidence


def test_header_text_wins_over_a_letter_of_the_same_spelling():
    assert resolve_column("a", ["b", "a"], has_header=True) == 1
    assert resolve_column("A", ["b", "a"], has_header=False) == 0


def test_no_header_maps_by_position_and_letter():
    rows = [["2026-DR-7", "12", "jul", "9:00", "am", "Quill, Anna"]]
    m = build_mapping(rows, parse_map_spec("case_number=1,hearing_date=B+C,hearing_time=4+5,petitioner=F"),
                      has_header=False)
    assert m.header_row is None and m.data_start == 0
    assert m.headers == [f"column {i}" for i in range(1, 7)]
    assert m.fields == {"case_number": [0], "hearing_date": [1, 2], "hearing_time": [3, 4], "petitioner": [5]}
    assert m.to_profile_map() == {"case_number": ["1"], "hearing_date": ["2", "3"],
                                  "hearing_time": ["4", "5"], "petitioner": ["6"]}


@pytest.mark.parametrize(
    ("ref", "message"),
    [("9", "column 9 does not exist: the file has 2 columns"),
     ("Z", "no column 'Z' in the file; columns are 'Docket', 'Party'"),
     ("nope", "no column 'nope' in the file; columns are 'Docket', 'Party'")],
)
def test_unknown_column_reference(ref, message):
    with pytest.raises(MappingError) as err:
        resolve_column(ref, ["Docket", "Party"], has_header=True)
    assert str(err.value) == message


def test_header_with_only_a_case_number_column_is_still_a_header_when_map_names_columns():
    rows = [["Docket", "Day", "Month"], ["2026-DR-1", "12", "jul"]]
    m = build_mapping(rows, parse_map_spec("case_number=docket,hearing_date=day+month"))
    assert m.header_row == 1
    assert m.fields["hearing_date"] == [1, 2]
