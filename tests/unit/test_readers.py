"""Reading docket files: encodings, delimiters, workbooks and files that are not dockets."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from helpers.dockets import write_csv, write_xlsx

from courtscreen.importing.readers import ReadError, check_file, read_text, read_workbook
from courtscreen.importing.service import ImportOptions, read_docket

HEADER = ["Case No.", "Petitioner", "Hearing Date"]


def read(path, **options):
    return read_docket(path, ImportOptions(**options))


# --------------------------------------------------------------------------- text files


def test_csv_utf8(tmp_path):
    path = write_csv(tmp_path / "d.csv", [HEADER, ["2026-DR-1", "Zoë Ångström", "2026-12-01"]])
    sheet = read(path)
    assert sheet.rows == [HEADER, ["2026-DR-1", "Zoë Ångström", "2026-12-01"]]
    assert (sheet.encoding, sheet.delimiter, sheet.name) == ("utf-8", ",", "")
    assert sheet.label == "d.csv"


def test_csv_utf8_with_bom_does_not_leak_into_the_first_header(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffCase No.,Petitioner\r\n2026-DR-1,Chloé Marlowe\r\n".encode())
    sheet = read(path)
    assert sheet.rows[0][0] == "Case No."
    assert sheet.rows[1] == ["2026-DR-1", "Chloé Marlowe"]
    assert sheet.encoding == "utf-8 with BOM"


def test_csv_cp1252_from_excel_on_windows(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes("Case No.,Petitioner,Notes\r\n2026-DR-1,José Núñez,“urgent” – 5€\r\n".encode("cp1252"))
    sheet = read(path)
    assert sheet.rows[1] == ["2026-DR-1", "José Núñez", "“urgent” – 5€"]
    assert sheet.encoding == "cp1252 (Windows)"


def test_semicolon_delimiter_is_sniffed(tmp_path):
    path = write_csv(tmp_path / "eu.csv", [HEADER, ["2026-DR-1", "Quill, Anna", "01.12.2026"]], delimiter=";")
    sheet = read(path)
    assert sheet.delimiter == ";"
    assert sheet.rows[1] == ["2026-DR-1", "Quill, Anna", "01.12.2026"]


def test_tab_delimiter_is_sniffed_in_a_csv_named_file(tmp_path):
    rows = [HEADER, ["2026-DR-1", "Quill, Anna", "2026-12-01"]]
    path = write_csv(tmp_path / "tabs.csv", rows, delimiter="\t")
    sheet = read(path)
    assert sheet.delimiter == "\t"
    assert sheet.rows[1] == ["2026-DR-1", "Quill, Anna", "2026-12-01"]


def test_tsv_suffix_means_tab_even_when_commas_dominate(tmp_path):
    path = tmp_path / "d.tsv"
    path.write_text("Case No.\tPetitioner\n2026-DR-1\tQuill, Anna, Jr., Esq.\n", encoding="utf-8")
    sheet = read(path)
    assert sheet.delimiter == "\t"
    assert sheet.rows == [["Case No.", "Petitioner"], ["2026-DR-1", "Quill, Anna, Jr., Esq."]]


def test_quoted_fields_with_newlines(tmp_path):
    rows = [["Case No.", "Respondent"], ["2026-DR-1", "Quill, Robert\nQuill, Anna"]]
    path = write_csv(tmp_path / "q.csv", rows)
    assert read_text(path).rows[1] == ["2026-DR-1", "Quill, Robert\nQuill, Anna"]


# --------------------------------------------------------------------------- workbooks


def test_xlsx_keeps_real_date_and_time_cells(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", {"Docket": [
        ["Case No.", "Hearing Date", "Hearing Time", "Petitioner"],
        ["2026-DR-1", dt.datetime(2026, 12, 1), dt.time(9, 30), "Quill, Anna"],
        ["2026-DR-2", dt.date(2027, 1, 4), dt.time(14, 0), "Pryce, Wren"],
    ]})
    sheet = read(path)
    assert sheet.name == "Docket"
    assert sheet.rows[1][0] == "2026-DR-1"
    assert sheet.rows[1][1] in (dt.date(2026, 12, 1), dt.datetime(2026, 12, 1))
    assert sheet.rows[1][2] == dt.time(9, 30)
    assert sheet.rows[2][1] in (dt.date(2027, 1, 4), dt.datetime(2027, 1, 4))
    assert sheet.label == "d.xlsx [Docket]"


def _two_sheet_workbook(tmp_path):
    return write_xlsx(tmp_path / "book.xlsx", {
        "About": [["Exported from the case-management system"], ["Generated", dt.datetime(2026, 11, 20)]],
        "Hearings": [["Case No.", "Hearing Date", "Judge", "Respondent"],
                     ["2026-DR-1", dt.datetime(2026, 12, 1), "Hon. Miriam Okafor", "Quill, Robert"]],
    })


def test_docket_sheet_is_picked_over_an_about_sheet(tmp_path):
    sheet = read(_two_sheet_workbook(tmp_path))
    assert sheet.name == "Hearings"
    assert sheet.sheet_names == ["About", "Hearings"]
    assert sheet.rows[0] == ["Case No.", "Hearing Date", "Judge", "Respondent"]


def test_sheet_option_chooses_the_sheet(tmp_path):
    sheet = read(_two_sheet_workbook(tmp_path), sheet="About")
    assert sheet.name == "About"
    assert sheet.rows[0][0] == "Exported from the case-management system"


def test_unknown_sheet_lists_the_sheets(tmp_path):
    with pytest.raises(ReadError) as err:
        read(_two_sheet_workbook(tmp_path), sheet="Calendar")
    assert str(err.value).endswith("there is no sheet named 'Calendar'; the sheets are 'About', 'Hearings'")


def test_read_workbook_nrows(tmp_path):
    path = write_xlsx(tmp_path / "n.xlsx", {"S": [["Case No."], *[[f"2026-DR-{i}"] for i in range(10)]]})
    assert len(read_workbook(path, "S", nrows=3).rows) == 3


# --------------------------------------------------------------------------- not dockets


def test_binary_garbage_named_csv(tmp_path):
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReadError) as err:
        read(path)
    assert "contains binary data, so it is not a CSV/TSV text export" in str(err.value)
    assert str(err.value).startswith(str(path))


def test_text_named_xlsx(tmp_path):
    path = tmp_path / "docket.xlsx"
    path.write_text("Case No.,Petitioner\n2026-DR-1,Quill\n")
    with pytest.raises(ReadError) as err:
        read(path)
    assert "the name says .xlsx but the content is not an Excel or OpenDocument workbook" in str(err.value)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "docket.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    with pytest.raises(ReadError) as err:
        read(path)
    assert "not a readable spreadsheet" in str(err.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read(path)
    assert str(err.value) == f"{path}: the file is empty (0 bytes). Export the docket again."


def test_file_of_blank_lines_is_an_empty_sheet(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n , \n")
    with pytest.raises(ReadError, match="the sheet is empty"):
        read(path)


def test_folder(tmp_path):
    folder = tmp_path / "docket.csv"
    folder.mkdir()
    with pytest.raises(ReadError) as err:
        read(folder)
    assert str(err.value) == f"{folder}: is a folder, not a docket file."


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "nope.csv")


def test_size_limit_is_for_workbooks_text_streams(tmp_path):
    """Text is read row by row, so the MB limit is for workbooks only; the message names it
    and never a command-line flag (each front end says how to raise it)."""
    path = tmp_path / "big.csv"
    path.write_text("Case No.,Petitioner\n" + "2026-DR-1,Quill\n" * 200_000)  # ~3.2 MB
    assert check_file(path, max_bytes=1024 * 1024) == "text"
    book = tmp_path / "big.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(ReadError) as err:
        check_file(book, max_bytes=1024 * 1024)
    message = str(err.value)
    assert "the workbook is 2.0 MB, over the limit of 1 MB for a workbook" in message
    assert "--" not in message
    assert (err.value.code, err.value.limit) == ("too_large", "bytes")


def test_a_background_read_gives_the_sheet_or_the_read_error(tmp_path):
    from courtscreen.importing.readers import BackgroundRead

    path = write_csv(tmp_path / "d.csv", [["Case No.", "Petitioner"], ["2026-DR-1", "Odette Marlowe"]])
    sheet = BackgroundRead(path).result()
    assert sheet.rows == [["Case No.", "Petitioner"], ["2026-DR-1", "Odette Marlowe"]]

    missing = BackgroundRead(tmp_path / "nowhere.xlsx")
    with pytest.raises(ReadError, match="nowhere.xlsx: no such file"):
        missing.result()
