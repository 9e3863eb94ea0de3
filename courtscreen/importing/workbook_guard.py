"""Check a workbook before the spreadsheet parser sizes a sheet from it.

python-calamine sizes a sheet from its cells' positions: a 5 KB .xlsx with one
cell at XFD1048576 asks for hundreds of gigabytes and the process aborts. Its
declared `<dimension>` cannot be trusted either (a file may declare A1:B2 and
hold a cell far away). So, before calamine reads an .xlsx/.xlsm sheet, the
sheet's XML is streamed once and every row and cell position (` r="…"`) is
scanned for the real extent; a workbook whose parts unpack to more than the
limit (a zip bomb) is refused before anything is unpacked.

The check names the limit that was hit; each front end says how to raise it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

MB = 1024 * 1024
DEFAULT_MAX_CELLS = 6_000_000  # rows x columns of the used area; ~50 bytes a cell in memory
DEFAULT_MAX_COLUMNS = 1_000  # a docket has a few dozen columns
DEFAULT_MAX_UNPACKED = 600 * MB  # what the parts of one workbook may unpack to
_REF = re.compile(rb' r="([A-Z]{0,4})([0-9]{1,9})"')
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_SMALL_PART = 8 * MB  # workbook.xml and its relationships are a few KB


@dataclass(frozen=True)
class ReadLimits:
    """How much a file may hold before it is refused (each raisable by the user)."""

    max_cells: int = DEFAULT_MAX_CELLS
    max_columns: int = DEFAULT_MAX_COLUMNS
    max_unpacked: int = DEFAULT_MAX_UNPACKED


class LimitExceeded(Exception):
    """A file is over one of the ReadLimits. `limit` is 'cells', 'columns' or 'unpacked'."""

    def __init__(self, message: str, limit: str, value: int, allowed: int):
        super().__init__(message)
        self.limit, self.value, self.allowed = limit, value, allowed


def column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def check_workbook(path: Path, sheet: str | None, limits: ReadLimits) -> None:
    """Raise LimitExceeded if the workbook (or `sheet` of it; None: every sheet) is over a limit.

    .xls (an OLE compound file) and .ods are checked by old_workbooks, from their cells.
    """
    from courtscreen.importing import old_workbooks

    if old_workbooks.is_ole(path):
        for name, max_row, max_col in old_workbooks.xls_extents(path, sheet):
            _within(path, name, max_row, max_col, limits)
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip, or broken: the parser reports it
    with zf:
        unpacked = sum(i.file_size for i in zf.infolist())
        if unpacked > limits.max_unpacked:
            raise LimitExceeded(
                f"{path.name}: the workbook unpacks to {unpacked / MB:,.0f} MB, over the limit "
                f"of {limits.max_unpacked / MB:,.0f} MB for the unpacked size of a workbook (a "
                "file that small unpacking that far is often a 'zip bomb')",
                "unpacked", unpacked, limits.max_unpacked)
        if "content.xml" in zf.namelist() and "xl/workbook.xml" not in zf.namelist():
            for name, max_row, max_col in old_workbooks.ods_extents(zf, sheet):
                _within(path, name, max_row, max_col, limits)
            return
        for name, member in _sheet_parts(zf).items():
            if sheet is None or name == sheet:
                _check_extent(path, zf, name, member, limits)


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part in the zip, from workbook.xml and its relationships."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    try:
        if any(zf.getinfo(n).file_size > _SMALL_PART
               for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if n in names):
            return {f"part {n}": n for n in names if n.startswith("xl/worksheets/")
                    and n.endswith(".xml")}
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {f"part {n}": n for n in names if n.startswith("xl/worksheets/")
                and n.endswith(".xml")}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    out = {}
    for s in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(s.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(
            PurePosixPath("xl") / target)
        if part in names:
            out[s.get("name", "")] = part
    return out


def _check_extent(path: Path, zf: zipfile.ZipFile, name: str, member: str,
                  limits: ReadLimits) -> None:
    """The sheet's furthest row and column, checked against the limits.

    Fast path: the declared `<dimension>` is within the limits, and one regular-expression
    pass finds no position past it (past its last column, or with more row digits). Else
    every position is read (slower, only for files that need it).
    """
    with zf.open(member) as fh:
        head = fh.read(64 * 1024)
    declared = _DIMENSION.search(head)
    if declared:
        col, row = column_index(declared.group(3)), int(declared.group(4))
        _within(path, name, row, col, limits)
        past, digits = _letters_after(declared.group(3)), len(declared.group(4))
    else:  # no dimension (written in streaming mode): try "one letter, five digits" first
        col, past, digits = 26, rb"[A-Z]{2,}", 5
    if (10 ** digits - 1) * max(col, 1) <= limits.max_cells:
        beyond = re.compile(rb' r="(?:' + past + rb')[0-9]| r="[A-Z]*[0-9]{%d,}"' % (digits + 1))
        if not _any_match(zf, member, beyond):
            return
    _within(path, name, *_exact_extent(zf, member), limits)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:([A-Z]+)([0-9]+):)?([A-Z]+)([0-9]+)"')


def _letters_after(letters: bytes) -> bytes:
    """A pattern for column letters after `letters` ('L' -> longer, or M..Z)."""
    alts = [rb"[A-Z]{%d,}" % (len(letters) + 1)]
    for i, ch in enumerate(letters):
        if ch < ord("Z"):
            rest = rb"[A-Z]{%d}" % (len(letters) - i - 1) if i < len(letters) - 1 else b""
            alts.append(letters[:i] + rb"[%c-Z]" % (ch + 1) + rest)
    return b"|".join(alts)


def _blocks(zf: zipfile.ZipFile, member: str):
    """The part's text in blocks that never split a tag (each ends before a '<')."""
    tail = b""
    with zf.open(member) as fh:
        while True:
            block = fh.read(8 * MB)
            if not block:
                break
            chunk = tail + block
            cut = chunk.rfind(b"<")
            body, tail = (chunk[:cut], chunk[cut:]) if cut > 0 else (chunk, b"")
            yield body
    yield tail


def _any_match(zf: zipfile.ZipFile, member: str, pattern: re.Pattern) -> bool:
    return any(pattern.search(body) for body in _blocks(zf, member))


def _exact_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    max_row = max_col = 0
    for body in _blocks(zf, member):
        refs = _REF.findall(body)
        if refs:
            max_row = max(max_row, max(int(r) for _, r in refs))
            letters = max((c for c, _ in refs), key=lambda c: (len(c), c))
            max_col = max(max_col, column_index(letters))
    return max_row, max_col


def _within(path: Path, name: str, max_row: int, max_col: int, limits: ReadLimits) -> None:
    if max_col > limits.max_columns:
        raise LimitExceeded(
            f"{path.name} [{name}]: a cell in column {max_col:,} is past the limit of "
            f"{limits.max_columns:,} columns (a docket has a few dozen)",
            "columns", max_col, limits.max_columns)
    cells = max_row * max(max_col, 1)
    if cells > limits.max_cells:
        raise LimitExceeded(
            f"{path.name} [{name}]: the sheet's cells reach row {max_row:,} and column "
            f"{max_col:,}, {cells:,} cells, over the limit of {limits.max_cells:,} cells",
            "cells", cells, limits.max_cells)
