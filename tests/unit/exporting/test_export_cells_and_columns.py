"""Cell safety, column order and redaction rules of the export (no database, no files)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from courtscreen.exporting.cells import EXCEL_MAX_TEXT, csv_text, is_dangerous, xlsx_text
from courtscreen.exporting.columns import MAX_WIDTH, MIN_WIDTH, merge_orders, width_for
from courtscreen.exporting.redaction import CONFIDENTIAL, Scrubber, confidential_header
from courtscreen.exporting.service import ExportOptions


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formula_starts_are_dangerous_and_csv_gets_a_quote(text):
    assert is_dangerous(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Quill, Anna", "2026-DR-000101", " =not first", "a=b", "'quoted"])
def test_ordinary_text_is_left_alone(text):
    assert not is_dangerous(text)
    assert csv_text(text) == text


def test_xlsx_text_drops_control_characters_and_cuts_at_excels_limit():
    assert xlsx_text("a\x00b\x07c\td\ne") == "a b c\td\ne"
    long = xlsx_text("x" * (EXCEL_MAX_TEXT + 10))
    assert len(long) == EXCEL_MAX_TEXT and long.endswith("32,767 characters in a cell]")


def test_column_order_fills_gaps_from_other_rows():
    # Row 1 had an empty "B" (not stored), row 2 had it.
    assert merge_orders([("A", "C", "D"), ("A", "B", "C"), ("B", "D")]) == ["A", "B", "C", "D"]


def test_columns_of_a_second_file_go_where_first_seen():
    first = ("Case No.", "Judge", "Hearing")
    second = ("Case No.", "Division", "Judge", "Hearing", "Room")
    assert merge_orders([first, second]) == ["Case No.", "Division", "Judge", "Hearing", "Room"]
    assert merge_orders([first, ("X", "Y")]) == ["Case No.", "Judge", "Hearing", "X", "Y"]


def test_contradictory_orders_still_give_every_column_once():
    order = merge_orders([("A", "B", "C"), ("C", "B", "A")])
    assert sorted(order) == ["A", "B", "C"] and order[0] == "A"
    assert merge_orders([]) == []


def test_widths_fit_content_within_bounds():
    assert width_for("Id", 0) == MIN_WIDTH
    assert width_for("Case No.", 14) == 16
    assert width_for("Notes", 5000) == MAX_WIDTH


@pytest.mark.parametrize("header", ["Petitioner Address", "Victim phone", "E-mail", "email_address",
                                    "Child's School", "Shelter", "Employer", "Home Addr", "Zip Code",
                                    "Cell"])
def test_contact_columns_are_confidential(header):
    assert confidential_header(header)


@pytest.mark.parametrize("header", ["Case No.", "Courtroom", "Judge", "Hearing Date", "Nature of Action",
                                    "Petitioner/Plaintiff", "Status", "Notes", "Respondent DOB"])
def test_docket_columns_are_not_confidential(header):
    assert not confidential_header(header)


def test_scrubber_replaces_values_ignoring_case_longest_first():
    scrub = Scrubber(["12 Elm Street", "12 Elm Street, Apt 4", "  ", "ab"])
    assert scrub("moved to 12 ELM STREET, apt 4 last week") == f"moved to {CONFIDENTIAL} last week"
    assert scrub("lives at 12 elm street") == f"lives at {CONFIDENTIAL}"
    assert scrub("nothing here ab") == "nothing here ab"  # under 3 characters: never scrubbed
    assert not Scrubber([])


def test_permission_is_asked_only_for_confidential_exports():
    no = ExportOptions(include_confidential=True, permission=lambda user: user == "judge")
    assert not no.allowed("clerk") and no.allowed("judge")
    assert ExportOptions(permission=lambda user: False).allowed("clerk")
    assert ExportOptions(include_confidential=True).allowed("anyone")  # no roles yet


def test_the_exporter_loads_no_textual():
    code = ("import sys, courtscreen.exporting.service, courtscreen.exporting.xlsx_writer, "
            "courtscreen.exporting.csv_writer; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
