"""Tiny .xls (BIFF8 in an OLE compound file) and .ods workbooks, built byte by byte.

No writer for these formats is installed (LibreOffice here has no Calc), and a hostile
file needs exact control anyway: a cell at the last row and column, a sheet that declares
one extent and holds another, a row repeated a million times.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# ------------------------------------------------------------------------------------ .xls

END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(dt: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 6))


def _label(row: int, col: int, value: str) -> bytes:
    return _record(0x0204, struct.pack("<HHHHB", row, col, 15, len(value), 0)
                   + value.encode("latin-1"))


def xls(path: Path, rows: list[list[str]], far: tuple[int, int] | None = None,
        declared: tuple[int, int] | None = None, sheet: str = "Docket") -> Path:
    """A one-sheet .xls of text cells; `far`: one more cell at (row, col), 0-based;
    `declared`: the (rows, columns) its DIMENSIONS record claims (default: the real ones)."""
    cells = [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row)]
    if far:
        cells.append((*far, "x"))
    n_rows = max(r for r, _, _ in cells) + 1
    n_cols = max(c for _, c, _ in cells) + 1
    d_rows, d_cols = declared or (n_rows, n_cols)
    body = (_bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, d_rows, 0, d_cols, 0))
            + b"".join(_label(r, c, v) for r, c, v in cells) + _record(0x000A, b""))
    name = sheet.encode("latin-1")
    boundsheet_len = 4 + 8 + len(name)
    globals_len = len(_bof(0x0005)) + boundsheet_len + 4
    glob = (_bof(0x0005)
            + _record(0x0085, struct.pack("<IBBBB", globals_len, 0, 0, len(name), 0) + name)
            + _record(0x000A, b""))
    stream = glob + body
    stream += b"\0" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))  # no mini stream
    path.write_bytes(_compound_file(stream))
    return path


def _compound_file(stream: bytes) -> bytes:
    """An OLE compound file holding one stream named Workbook (sectors of 512 bytes)."""
    n = len(stream) // 512
    fat = [FATSECT, END] + [3 + i for i in range(n - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16
                + struct.pack("<IQQ", 0, 0, 0) + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, END, 0) + entry("Workbook", 2, NOSTREAM, 2, len(stream))
                 + entry("", 0, NOSTREAM, 0, 0) * 2)
    return header + struct.pack("<128I", *fat) + directory + stream


# ------------------------------------------------------------------------------------ .ods

_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet>')


def ods_cell(value: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if not value:
        return f"<table:table-cell{rep}/>"
    return (f'<table:table-cell office:value-type="string"{rep}><text:p>{escape(value)}'
            "</text:p></table:table-cell>")


def ods_row(cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def ods(path: Path, rows_xml: str, sheet: str = "Docket") -> Path:
    """An .ods with one sheet whose rows are `rows_xml` (see ods_row, ods_cell)."""
    content = (_ODS_HEAD + f'<table:table table:name="{sheet}">{rows_xml}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path
