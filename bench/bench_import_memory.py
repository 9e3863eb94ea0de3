"""Benchmark: peak memory of importing hostile and very large files, as whole processes.

  dimension bomb   a 5 KB .xlsx with one cell at XFD1048576 (calamine alone would ask for
                   ~550 GB and abort): refused, peak memory < 150 MB
  zip bomb         an .xlsx of a few hundred KB that unpacks to 1 GB: refused, < 150 MB
  100 MB CSV       a docket exported as CSV (12 columns, ~500,000 rows), imported with the
                   cell limit raised to fit it: peak memory, target < 400 MB
  100 MB CSV read  the same file read and checked only (--preview would also convert):
                   the reader streams, so this is the rows in memory

Each figure is a ratio against nothing but its target: memory does not depend on how busy
the machine is. Run with the repository's venv:

    .venv/bin/python bench/bench_import_memory.py [--mb 100] [--check]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import zipfile
from pathlib import Path

import harness

PY = sys.executable
READ_ONLY = """
import sys
from pathlib import Path
from courtscreen.importing.readers import read_docket
from courtscreen.importing.workbook_guard import ReadLimits
sheet = read_docket(Path(sys.argv[1]), limits=ReadLimits(max_cells=int(sys.argv[2])))
print(len(sheet.rows))
"""
HEADER = ["Case No.", "Court", "Case Type", "Nature of Action", "Filed", "Hearing Date",
          "Hearing Time", "Judge", "Courtroom", "Petitioner/Plaintiff", "Respondent/Defendant",
          "Status"]
FIRST = ["Odette", "Felix", "Ines", "Robert", "Wren", "Silas", "Petra", "Ansel", "Mireille"]
LAST = ["Marlowe", "Quill", "Pryce", "Ashdown", "Lindqvist", "Oberlin", "Oakcombe", "Whitwick"]
TYPES = [("DR", "Divorce", "Contested dissolution"), ("CU", "Custody", "Modify parenting time"),
         ("PFA", "Protection Order", "Relief from abuse - emergency"),
         ("CV", "Civil", "Breach of contract"), ("CR", "Criminal", "Retail theft")]


def big_csv(path: Path, megabytes: int) -> int:
    """A fictional docket CSV of about `megabytes` MB; returns its number of data rows."""
    rng = random.Random(16)
    target, rows = megabytes * 1_000_000, 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        while fh.tell() < target:
            code, label, nature = rng.choice(TYPES)
            pet = f'"{rng.choice(LAST)}, {rng.choice(FIRST)}"'
            resp = f'"{rng.choice(LAST)}, {rng.choice(FIRST)} {chr(65 + rows % 26)}."'
            fh.write(f"2026-{code}-{rows:07d},Harlan County Family Court,{label},{nature},"
                     f"2026-0{1 + rows % 9}-{1 + rows % 28:02d},2026-12-{1 + rows % 28:02d},"
                     f"{1 + rows % 11}:{rows % 4 * 15:02d} AM,Hon. Miriam Okafor,Courtroom 2A,"
                     f"{pet},{resp},Open\n")
            rows += 1
    return rows


def dimension_bomb(path: Path) -> Path:
    body = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
            b'formats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>Case No.</t></is></c></row>'
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData></worksheet>")
    return _workbook(path, body)


def zip_bomb(path: Path) -> Path:
    body = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
            b'formats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
            b't="inlineStr"><is><t>Case No.</t></is></c></row></sheetData></worksheet>')
    _workbook(path, body)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (1024 * 1024 * 1024))
    return path


def _workbook(path: Path, sheet: bytes) -> Path:
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Docket" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=int, default=100, help="size of the large CSV in MB")
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cs-bench-mem-"))
    env = dict(os.environ, COURTSCREEN_DATA_DIR=str(work / "data"), COURTSCREEN_USER="bench")
    courtscreen = [PY, "-m", "courtscreen", "--db", f"sqlite:///{work / 'b.sqlite'}", "import",
                   "--no-link"]
    refused = (4,)

    bomb = dimension_bomb(work / "bomb.xlsx")
    t_bomb, rss_bomb = harness.run([*courtscreen, str(bomb)], env, ok_codes=refused)
    zbomb = zip_bomb(work / "zipbomb.xlsx")
    t_zip, rss_zip = harness.run([*courtscreen, str(zbomb)], env, ok_codes=refused)
    csv_path = work / "big.csv"
    rows = big_csv(csv_path, args.mb)
    cells = str((rows + 1) * len(HEADER) + 1)
    t_read, rss_read = harness.run([PY, "-c", READ_ONLY, str(csv_path), cells], env)
    t_csv, rss_csv = harness.run([*courtscreen, "--max-cells", cells, str(csv_path)], env,
                                 ok_codes=(0, 3))
    print(f"dimension bomb: {bomb.stat().st_size:,} bytes, refused in {t_bomb:.1f} s")
    print(f"zip bomb: {zbomb.stat().st_size:,} bytes unpacking to 1 GB, refused in {t_zip:.1f} s")
    print(f"CSV: {csv_path.stat().st_size / 1e6:.0f} MB, {rows:,} rows; read {t_read:.0f} s, "
          f"import {t_csv:.0f} s")
    failed = harness.check_targets([
        ("peak MB, dimension bomb", rss_bomb, "<", 150.0),
        ("peak MB, zip bomb", rss_zip, "<", 150.0),
        (f"peak MB, {args.mb} MB CSV read", rss_read, "<", 400.0),
        (f"peak MB, {args.mb} MB CSV import", rss_csv, "<", 400.0),
    ])
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    harness.main_timed(main)
