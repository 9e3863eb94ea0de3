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

from courtscreen.importing.workbook_guard import LimitExceeded, ReadLimits, check_workbook

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 60 * MB
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """The file cannot be read as a docket; the message names the file and what to do.

    `code` is stable ('too_large', 'over_limit', 'unreadable', 'empty', ...); for a limit,
    `limit` names which one ('bytes', 'cells', 'columns', 'unpacked') so that each front end
    can say how to raise it in its own words.
    """

    def __init__(self, message: str, code: str = "unreadable", limit: str = ""):
        super().__init__(message)
        self.code, self.limit = code, limit


@dataclass
class Sheet:
    path: Path
    name: str  # sheet name; "" for a text file
    rows: list[list]
    encoding: str = ""
    delimiter: str = ""
    sheet_names: list[str] = field(default_factory=list)
    # text files: 1-based rows that held NUL bytes (removed) / were decoded as cp1252 while
    # the rest of the file is UTF-8
    nul_rows: list[int] = field(default_factory=list)
    recoded_rows: list[int] = field(default_factory=list)
    # workbooks: (row, column), 1-based row and 0-based column, of cells that held NUL bytes
    nul_cells: list[tuple[int, int]] = field(default_factory=list)

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
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(f"{path}: cannot be opened ({exc.strerror}).") from exc
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        # Text streams, so only a workbook (read whole by the parser) has a size in MB limit.
        if size > max_bytes:
            raise ReadError(
                f"{path}: the workbook is {size / MB:.1f} MB, over the limit of "
                f"{max_bytes / MB:g} MB for a workbook. Export a shorter date range, or save "
                "it as CSV (text files are read row by row and have no size limit).",
                "too_large", "bytes")
        return "workbook"
    if suffix in WORKBOOK_SUFFIXES:
        raise ReadError(
            f"{path}: the name says {suffix} but the content is not an Excel or OpenDocument "
            "workbook. Open it in Excel and save it again as .xlsx, or export CSV."
        )
    return "text"


def read_docket(path: Path, sheet: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                limits: ReadLimits | None = None) -> Sheet:
    """Read the file, choosing the sheet that looks most like a docket unless `sheet` is given.

    Nothing here trusts what a file declares about itself: a workbook's sheets are checked
    for their real extent and unpacked size before the parser sizes them (workbook_guard),
    and text is read row by row within the cell and column limits.
    """
    limits = limits or ReadLimits()
    kind = check_file(path, max_bytes)
    if kind == "text":
        found = read_text(path, limits=limits)
    else:
        from courtscreen.importing.old_workbooks import Unchecked

        try:
            check_workbook(path, sheet or None, limits)
        except LimitExceeded as exc:
            raise ReadError(f"{exc}. Nothing was read.", "over_limit", exc.limit) from exc
        except Unchecked as exc:
            raise ReadError(f"{path}: not a readable spreadsheet: {exc}. Open it in a "
                            "spreadsheet program and save it again, or export CSV.") from exc
        names = workbook_sheet_names(path)
        if not names:
            raise ReadError(f"{path}: the workbook has no sheets.", "empty")
        found = read_workbook(path, sheet if sheet else _pick_sheet(path, names))
        _check_width(found, limits)
    if not any(any(str(c).strip() for c in row if c is not None) for row in found.rows):
        raise ReadError(f"{found.label}: the sheet is empty. Check you exported the docket "
                        "itself.", "empty")
    return found


def _check_width(sheet: Sheet, limits: ReadLimits) -> None:
    """Refuse a sheet wider than the column limit (.xls and .ods are not checked beforehand)."""
    width = max((len(r) for r in sheet.rows), default=0)
    if width > limits.max_columns:
        raise ReadError(f"{sheet.label}: {width:,} columns, over the limit of "
                        f"{limits.max_columns:,} columns (a docket has a few dozen).",
                        "over_limit", "columns")


def _pick_sheet(path: Path, names: list[str]) -> str:
    """The sheet whose first rows hold a column of case numbers (the most header cells
    recognised wins); a workbook where no sheet does is refused, naming the sheets tried."""
    from courtscreen.importing.content_mapping import LOOKED_FOR
    from courtscreen.importing.mapping import MappingError, build_mapping, find_header_row

    if len(names) == 1:
        return names[0]
    best, best_score = None, -1.0
    for name in names:
        preview = read_workbook(path, name, nrows=40).rows
        try:
            build_mapping(preview)
        except MappingError:
            continue
        header = find_header_row(preview)
        score = 0.0 if header is None else 10.0 + len([c for c in preview[header] if c])
        if score > best_score:
            best, best_score = name, score
    if best is None:
        raise ReadError(
            f"{path}: none of its {len(names)} sheets holds a column of case numbers in its "
            f"first rows (tried {', '.join(map(repr, names))}); looked for {LOOKED_FOR}. "
            "A workbook of summaries or counts is not a docket: export the docket itself.",
            "no_case_numbers")
    return best


class BackgroundRead:
    """Reads a docket on a thread while the caller gets on with its own start-up.

    The spreadsheet parser (Rust) releases the GIL, so the ~0.8 s read of a
    50,000-row workbook overlaps the ~0.6 s of loading the database code,
    checking the schema and admitting the user. result() waits, and raises
    whatever the read raised.
    """

    def __init__(self, path: Path, sheet: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 limits: ReadLimits | None = None):
        self.path, self.sheet, self.max_bytes = Path(path), sheet, max_bytes
        self.limits = limits or ReadLimits()
        self._result: Sheet | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="read-docket", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = read_docket(self.path, self.sheet, self.max_bytes, self.limits)
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
    return Sheet(path=path, name=sheet, rows=rows, sheet_names=list(wb.sheet_names),
                 nul_cells=_remove_nul_bytes(rows))


def _remove_nul_bytes(rows: list[list]) -> list[tuple[int, int]]:
    """Remove NUL bytes from text cells (PostgreSQL refuses them, SQLite would keep them
    inside a case number); the cells they were in, as (1-based row, column)."""
    found = []
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if type(value) is str and "\x00" in value:
                row[c] = value.replace("\x00", "")
                found.append((r, c))
    return found


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


def read_text(path: Path, delimiter: str | None = None, limits: ReadLimits | None = None) -> Sheet:
    """Read a CSV/TSV export row by row, detecting its encoding and delimiter.

    The file is never held whole in memory: lines are decoded one at a time (UTF-8, else
    cp1252, which is what Excel on a court desktop writes; UTF-16 when it starts with a
    byte-order mark), NUL bytes are removed and their rows remembered, and repeated cell
    values (dates, judges, hearing types) share one string.
    """
    limits = limits or ReadLimits()
    with path.open("rb") as fh:
        head = fh.read(65536)
    source = _TextSource(path, head)
    sample = source.sample()
    if delimiter is None:
        delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(sample)
    rows: list[list[str]] = []
    memo: list[dict[str, str]] = []
    cells = 0
    nul_rows, recoded_rows = [], []
    with source.lines() as lines:
        reader = csv.reader(lines, delimiter=delimiter)
        last_line = 0
        nul_lines, recoded = source.nul_lines, source.recoded_lines  # filled while reading
        try:
            for row in reader:
                if len(row) > len(memo):
                    if len(row) > limits.max_columns and any(row[limits.max_columns:]):
                        raise ReadError(
                            f"{path}: line {reader.line_num} has {len(row):,} cells, over the "
                            f"limit of {limits.max_columns:,} columns (a docket has a few dozen).",
                            "over_limit", "columns")
                    memo += [{} for _ in range(len(row) - len(memo))]
                cells += len(row)
                if cells > limits.max_cells:
                    raise ReadError(
                        f"{path}: more than {limits.max_cells:,} cells by line "
                        f"{reader.line_num}, over the limit of {limits.max_cells:,} cells.",
                        "over_limit", "cells")
                rows.append([m.setdefault(c, c) for m, c in zip(memo, row, strict=False)])
                # (most files have neither: two empty-list tests instead of two calls a row)
                if nul_lines and source.flagged_upto(last_line, reader.line_num, nul_lines):
                    nul_rows.append(len(rows))
                if recoded and source.flagged_upto(last_line, reader.line_num, recoded):
                    recoded_rows.append(len(rows))
                last_line = reader.line_num
        except csv.Error as exc:
            raise ReadError(f"{path}: line {reader.line_num}: {exc}. Fix the quoting there.") from exc
    return Sheet(path=path, name="", rows=rows, encoding=source.describe(), delimiter=delimiter,
                 nul_rows=nul_rows, recoded_rows=recoded_rows if source.mixed else [])


class _TextSource:
    """The lines of a text file, decoded one at a time, remembering which needed help."""

    def __init__(self, path: Path, head: bytes):
        self.path, self.head = path, head
        self.utf16 = ""
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            self.utf16 = "utf-16"
        elif len(head) >= 64 and head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
            self.utf16 = "utf-16-le"  # Excel's "Unicode Text" written without a byte-order mark
        elif len(head) >= 64 and head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
            self.utf16 = "utf-16-be"
        elif head.count(0) > len(head) // 10 or _looks_binary(head):
            raise ReadError(
                f"{path}: contains binary data, so it is not a CSV/TSV text export. "
                "If it is a workbook, give it its .xlsx name.", "binary")
        self.bom = head.startswith(b"\xef\xbb\xbf")
        self.nul_lines: list[int] = []
        self.recoded_lines: list[int] = []
        self.utf8_lines = 0  # lines with non-ASCII text that were valid UTF-8
        self._flag_pos = {}

    def sample(self) -> str:
        if self.utf16:
            return self.head.decode(self.utf16, errors="replace").lstrip("\ufeff")
        return self.head.decode("utf-8", errors="replace").lstrip("\ufeff")

    def lines(self):
        import contextlib

        @contextlib.contextmanager
        def opened():
            with self.path.open("rb") as fh:
                if self.utf16:
                    text = io.TextIOWrapper(fh, encoding=self.utf16, newline="")
                    yield self._clean_text(text)
                else:
                    yield self._decode(fh)
        return opened()

    def _clean_text(self, text):
        for number, line in enumerate(text, start=1):
            if number == 1:
                line = line.lstrip("\ufeff")
            if "\x00" in line:
                self.nul_lines.append(number)
                line = line.replace("\x00", "")
            yield line

    def _decode(self, fh):
        for number, raw in enumerate(fh, start=1):
            if number == 1 and self.bom:
                raw = raw[3:]
            if b"\x00" in raw:
                self.nul_lines.append(number)
                raw = raw.replace(b"\x00", b"")
            if raw.isascii():
                yield raw.decode("ascii")
                continue
            try:
                line = raw.decode("utf-8")
                self.utf8_lines += 1
            except UnicodeDecodeError:
                self.recoded_lines.append(number)
                try:
                    line = raw.decode("cp1252")
                except UnicodeDecodeError:
                    line = raw.decode("latin-1")
            yield line

    def flagged_upto(self, after: int, upto: int, lines: list[int]) -> bool:
        """Whether any of `lines` (ascending) falls in after+1..upto; lines are met in order."""
        key = id(lines)
        i = self._flag_pos.get(key, 0)
        found = False
        while i < len(lines) and lines[i] <= upto:
            found = found or lines[i] > after
            i += 1
        self._flag_pos[key] = i
        return found

    @property
    def mixed(self) -> bool:
        return bool(self.recoded_lines) and self.utf8_lines > 0

    def describe(self) -> str:
        if self.utf16:
            return "UTF-16 (Unicode Text)"
        if self.mixed:
            return (f"mixed UTF-8 and cp1252 (Windows): {len(self.recoded_lines)} lines were "
                    "cp1252")
        if self.recoded_lines:
            return "cp1252 (Windows)"
        return "utf-8 with BOM" if self.bom else "utf-8"


def _looks_binary(head: bytes) -> bool:
    """Control characters other than tab, CR, LF, form feed and NUL: not a text export."""
    controls = sum(head.count(bytes([b])) for b in range(1, 32) if b not in (9, 10, 12, 13))
    return controls > max(len(head) // 100, 8)


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in ",\t;|"}
        return max(counts, key=counts.get)
