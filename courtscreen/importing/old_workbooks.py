"""The real extent of .xls and .ods sheets, found before the spreadsheet parser sizes them.

python-calamine makes a sheet as large as its furthest cell: a 5 KB .xls with one cell at
row 65,536 and column 256 took 25 s and 1.2 GB to read, and an .ods row of content
repeated (`table:number-rows-repeated`) makes as many rows as it says. So the cells
themselves are looked at first, the same way as for .xlsx (workbook_guard):

- .xls: the sheet's records in the OLE compound file's Workbook stream (BIFF8), read with
  olefile; every cell record gives its row and column (the declared DIMENSIONS record is
  not what calamine goes by, so it is not what is checked).
- .ods: content.xml streamed with iterparse; repeated rows and cells count as often as
  they are repeated when they hold something (the empty area LibreOffice writes after
  the data, repeated a million times, is not part of the sheet).
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

_BOF, _EOF, _BOUNDSHEET, _ROW = 0x0809, 0x000A, 0x0085, 0x0208
# records that start with the cell's row and column (u16, u16)
_CELLS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0201, 0x0204, 0x00D6}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, ..., last column (u16)


def is_ole(path: Path) -> bool:
    import olefile

    try:
        return olefile.isOleFile(str(path))
    except OSError:
        return False


def xls_extents(path: Path, sheet: str | None) -> Iterator[tuple[str, int, int]]:
    """(sheet name, rows, columns) of each sheet (or of `sheet`), from its cell records.
    A file that cannot be parsed yields nothing: the spreadsheet parser reports it."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return
            data = ole.openstream(name).read()
    except (OSError, ValueError, struct.error):  # olefile raises these for broken files
        return
    for title, offset in _sheets(data):
        if sheet is None or title == sheet:
            yield (title, *_extent(data, offset))


def _records(data: bytes, offset: int) -> Iterator[tuple[int, int, int]]:
    """(type, body offset, body length) from `offset` to the end of the substream (EOF)."""
    end = len(data)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", data, offset)
        yield kind, offset + 4, length
        if kind == _EOF:
            return
        offset += 4 + length


def _sheets(data: bytes) -> list[tuple[str, int]]:
    out = []
    for kind, at, length in _records(data, 0):
        if kind == _BOUNDSHEET and length >= 8:
            offset, _state, _type, count, high = struct.unpack_from("<IBBBB", data, at)
            raw = data[at + 8: at + 8 + (count * 2 if high & 1 else count)]
            title = raw.decode("utf-16-le" if high & 1 else "latin-1", errors="replace")
            out.append((title, offset))
    return out


def _extent(data: bytes, offset: int) -> tuple[int, int]:
    max_row = max_col = 0
    for kind, at, length in _records(data, offset):
        if kind in _CELLS and length >= 4:
            row, col = struct.unpack_from("<HH", data, at)
        elif kind in _MULTI and length >= 6:
            row = struct.unpack_from("<H", data, at)[0]
            col = struct.unpack_from("<H", data, at + length - 2)[0]
        else:
            continue
        max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
    return max_row, max_col


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELL_TAGS = {f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"}


class Unchecked(Exception):
    """The workbook's cells cannot be looked at, so its extent is unknown: it is not read."""


class _Filtered:
    """content.xml without the control characters XML forbids (a NUL byte, say): the
    spreadsheet parser reads past them, so the check must too (NUL cells are reported by
    the reader)."""

    _DROP = bytes(range(0, 9)) + b"\x0b\x0c" + bytes(range(14, 32))

    def __init__(self, fh):
        self.fh = fh

    def read(self, size: int = -1) -> bytes:
        return self.fh.read(size).translate(None, self._DROP)


def ods_extents(zf: zipfile.ZipFile, sheet: str | None) -> Iterator[tuple[str, int, int]]:
    """(sheet name, rows, columns) of each sheet (or of `sheet`) of an .ods: the furthest
    cell that holds something, counting repeated rows and cells. Unchecked if content.xml
    cannot be parsed (a sheet of unknown size is not handed to the parser)."""
    stack: list[ElementTree.Element] = []
    title, row, max_row, max_col = "", 0, 0, 0
    col, filled = 0, False
    try:
        with zf.open("content.xml") as fh:
            for event, elem in ElementTree.iterparse(_Filtered(fh), events=("start", "end")):
                tag = elem.tag
                if event == "start":
                    stack.append(elem)
                    if tag == f"{_TABLE}table":
                        title, row, max_row, max_col = elem.get(f"{_TABLE}name", ""), 0, 0, 0
                    elif tag == f"{_TABLE}table-row":
                        col, filled = 0, False
                    continue
                stack.pop()
                if tag in _CELL_TAGS:
                    repeat = _repeat(elem, "number-columns-repeated")
                    if len(elem) or elem.get(f"{_OFFICE}value-type") is not None:
                        max_col, filled = max(max_col, col + repeat), True
                    col += repeat
                elif tag == f"{_TABLE}table-row":
                    repeat = _repeat(elem, "number-rows-repeated")
                    if filled:
                        max_row = row + repeat
                    row += repeat
                elif tag == f"{_TABLE}table" and (sheet is None or title == sheet):
                    yield title, max_row, max_col
                if stack and tag in (*_CELL_TAGS, f"{_TABLE}table-row"):
                    elem.clear()
                    stack[-1].remove(elem)  # let each finished row go: memory stays small
    except KeyError:
        return  # no content.xml: the spreadsheet parser reports a broken file
    except (ElementTree.ParseError, ValueError) as exc:
        raise Unchecked(f"its content.xml is not well-formed ({exc})") from exc


def _repeat(elem: ElementTree.Element, name: str) -> int:
    try:
        return max(int(elem.get(f"{_TABLE}{name}", "1")), 1)
    except ValueError:
        return 1
