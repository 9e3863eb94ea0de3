"""Read a docket file into rows of cells, whatever the court's system exported.

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with python-calamine, which is
about ten times faster than openpyxl on a 50,000-row docket; openpyxl is the
fallback when calamine cannot open a file. Text exports (.csv, .tsv, .txt) are
decoded by trying UTF-8 (with or without BOM) and then cp1252, which is what
Excel on a court desktop writes, and the delimiter is sniffed.

Row numbers are the ones the user sees in Excel: the first row is row 1.
"""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 60 * MB
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """The file cannot be read as a docket; the message names the file and what to do."""


@dataclass
class Sheet:
    path: Path
    name: str  # sheet name; "" for a text file
    rows: list[list]
    encoding: str = ""
    delimiter: str = ""
    sheet_names: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.path.name} [{self.name}]" if self.name else self.path.name


def check_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return 'workbook' or 'text', or raise ReadError explaining why not."""
    if not path.exists():
        raise ReadError(f"{path}: no such file. Check the path and try again.")
    if path.is_dir():
        raise ReadError(f"{path}: is a folder, not a docket file.")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(f"{path}: the file is empty (0 bytes). Export the docket again.")
    if size > max_bytes:
        raise ReadError(
            f"{path}: the file is {size / MB:.1f} MB, over the {max_bytes / MB:g} MB limit. "
            "Export a shorter date range, or raise the limit with --max-size MB."
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(f"{path}: cannot be opened ({exc.strerror}).") from exc
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return "workbook"
    if suffix in WORKBOOK_SUFFIXES:
        raise ReadError(
            f"{path}: the name says {suffix} but the content is not an Excel or OpenDocument "
            "workbook. Open it in Excel and save it again as .xlsx, or export CSV."
        )
    return "text"


def read_docket(path: Path, sheet: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Sheet:
    """Read the file, choosing the sheet that looks most like a docket unless `sheet` is given."""
    kind = check_file(path, max_bytes)
    if kind == "text":
        found = read_text(path)
    else:
        names = workbook_sheet_names(path)
        if not names:
            raise ReadError(f"{path}: the workbook has no sheets.")
        found = read_workbook(path, sheet if sheet else _pick_sheet(path, names))
    if not any(any(str(c).strip() for c in row if c is not None) for row in found.rows):
        raise ReadError(f"{found.label}: the sheet is empty. Check you exported the docket itself.")
    return found


def _pick_sheet(path: Path, names: list[str]) -> str:
    from courtscreen.importing.mapping import find_header_row

    if len(names) == 1:
        return names[0]
    best, best_score = names[0], -1.0
    for name in names:
        preview = read_workbook(path, name, nrows=25).rows
        header = find_header_row(preview)
        score = 0.0 if header is None else 10.0 + len([c for c in preview[header] if c])
        if score > best_score:
            best, best_score = name, score
    return best


class BackgroundRead:
    """Reads a docket on a thread while the caller gets on with its own start-up.

    The spreadsheet parser (Rust) releases the GIL, so the ~0.8 s read of a
    50,000-row workbook overlaps the ~0.6 s of loading the database code,
    checking the schema and admitting the user. result() waits, and raises
    whatever the read raised.
    """

    def __init__(self, path: Path, sheet: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path, self.sheet, self.max_bytes = Path(path), sheet, max_bytes
        self._result: Sheet | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="read-docket", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = read_docket(self.path, self.sheet, self.max_bytes)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> Sheet:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def workbook_sheet_names(path: Path) -> list[str]:
    return list(_open_workbook(path).sheet_names)


def read_workbook(path: Path, sheet: str, nrows: int | None = None) -> Sheet:
    """Read one sheet of a workbook; cells keep their types (dates stay dates)."""
    wb = _open_workbook(path)
    if sheet not in wb.sheet_names:
        raise ReadError(
            f"{path}: there is no sheet named {sheet!r}; the sheets are "
            + ", ".join(repr(s) for s in wb.sheet_names)
        )
    try:
        rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=nrows)
    except Exception as exc:  # calamine raises several types; fall back before giving up
        rows = _read_with_openpyxl(path, sheet, nrows, exc)
    return Sheet(path=path, name=sheet, rows=rows, sheet_names=list(wb.sheet_names))


def _open_workbook(path: Path):
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise ReadError(f"{path}: the workbook is password-protected. Save a copy without "
                        "a password and import that.") from exc
    except Exception as exc:
        raise ReadError(
            f"{path}: not a readable spreadsheet ({type(exc).__name__}: {exc}). "
            "Open it in Excel and save it again as .xlsx, or export CSV."
        ) from exc


def _read_with_openpyxl(path: Path, sheet: str, nrows: int | None, cause: Exception) -> list[list]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in wb[sheet].iter_rows(values_only=True, max_row=nrows)]
        wb.close()
        return rows
    except Exception as exc:
        raise ReadError(f"{path}: sheet {sheet!r} cannot be read ({cause}; openpyxl: {exc}).") from exc


def read_text(path: Path, delimiter: str | None = None) -> Sheet:
    """Read a CSV/TSV export, detecting its encoding and delimiter."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ReadError(
            f"{path}: contains binary data, so it is not a CSV/TSV text export. "
            "If it is a workbook, give it its .xlsx name."
        )
    text, encoding = _decode(data)
    sample = text[:65536]
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in reader]
    except csv.Error as exc:
        raise ReadError(f"{path}: line {reader.line_num}: {exc}. Fix the quoting there.") from exc
    return Sheet(path=path, name="", rows=rows, encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8 with BOM"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252 (Windows)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in ",\t;|"}
        return max(counts, key=counts.get)
