"""Benchmark: exporting a 50,000-case docket to .xlsx and CSV, as whole processes.

Machines here are shared and noisy, so every figure is a ratio against a
baseline measured in the same run, on the same rows (the docket's own columns
plus nine screening columns, read from the same database):

  xlsx export time    <= 1.5 x  a bare openpyxl script writing those rows with a normal
                                (in-memory) Workbook, no redaction, no counts, no summary
  xlsx export memory  <= 0.5 x  that script's peak memory (RSS)
  heap, 50k vs ~7k    <= 1.2 x  peak Python heap (tracemalloc) exporting all cases vs only
                                the custody cases: memory does not grow with the docket.
                                (RSS does grow somewhat: SQLite's own page cache, 64 MB per
                                connection, and its in-memory sort fill up on a bigger docket.)
  csv export time     <= 4.0 x  a bare csv.writer script over the same rows

Usage:  .venv/bin/python bench/bench_export.py [--rows 50000] [--repeat 3] [--check]
With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import check_targets, main_timed, run

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# The same rows the export writes: original columns in order, then nine screening columns.
ROWS = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
q = ("SELECT c.source_json, c.case_type, c.screening_status, c.screening_result, c.flags, "
     "c.hearing_date, s.updated_by, s.completed_at FROM court_case c "
     "LEFT JOIN screening s ON s.case_id = c.id ORDER BY c.hearing_date, c.case_number")
rows = conn.execute(q).fetchall()
headers = []
for r in rows:
    for k in json.loads(r[0]):
        if k not in headers:
            headers.append(k)
def each():
    for src, ctype, status, result, flags, day, by, done in rows:
        d = json.loads(src)
        yield [d.get(h) for h in headers] + [ctype, status, result, flags, 0, 0, 0, by, done]
header = headers + ["type", "status", "result", "flags", "related", "findings", "docs", "by", "on"]
"""
OPENPYXL_NORMAL = ROWS + """
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(header)
for row in each():
    ws.append(row)
wb.save(sys.argv[2])
"""
HEAP = """
import sys, tracemalloc
from pathlib import Path
from courtscreen.domain.case_types import CaseType
from courtscreen.exporting.service import ExportOptions, export_docket
from courtscreen.store.database import make_engine
from courtscreen.store.worklist import WorklistFilter
engine = make_engine(sys.argv[1])
f = WorklistFilter(case_types=frozenset({CaseType.CUSTODY}) if sys.argv[3] == "custody" else frozenset())
tracemalloc.start()
export_docket(engine, Path(sys.argv[2]), ExportOptions(filter=f, overwrite=True), "bench")
print(tracemalloc.get_traced_memory()[1] / 1e6)
"""
PLAIN_CSV = ROWS + """
import csv
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as fh:
    w = csv.writer(fh)
    w.writerow(header)
    w.writerows(each())
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cs-bench-export-"))
    docket = work / f"docket_{args.rows}.xlsx"
    subprocess.run([PY, str(ROOT / "fixtures" / "make_docket.py"), "--rows", str(args.rows),
                    "--out", str(docket), "--clean"], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, COURTSCREEN_DATA_DIR=str(work / "data"), COURTSCREEN_USER="bench",
               COURTSCREEN_CONFIG=str(work / "none.toml"))
    db_file = work / "docket.sqlite"
    cs = [PY, "-m", "courtscreen", "--db", f"sqlite:///{db_file}"]
    subprocess.run([*cs, "import", str(docket)], check=True, env=env, stdout=subprocess.DEVNULL)

    xlsx, csv_, normal, plain, subset = [], [], [], [], []
    xlsx_rss, normal_rss, subset_rss = [], [], []
    for i in range(args.repeat):
        t, rss = run([*cs, "export", str(work / f"e{i}.xlsx"), "--sort", "hearing"], env)
        xlsx.append(t)
        xlsx_rss.append(rss)
        t, rss = run([*cs, "export", str(work / f"c{i}.xlsx"), "--type", "custody"], env)
        subset.append(t)
        subset_rss.append(rss)
        csv_.append(run([*cs, "export", str(work / f"e{i}.csv"), "--sort", "hearing"], env)[0])
        t, rss = run([PY, "-c", OPENPYXL_NORMAL, str(db_file), str(work / f"n{i}.xlsx")])
        normal.append(t)
        normal_rss.append(rss)
        plain.append(run([PY, "-c", PLAIN_CSV, str(db_file), str(work / f"p{i}.csv")])[0])
    heap = {}
    for which in ("all", "custody"):
        out = subprocess.run([PY, "-c", HEAP, f"sqlite:///{db_file}", str(work / f"h-{which}.xlsx"), which],
                             capture_output=True, text=True, env=env, check=True).stdout
        heap[which] = float(out.split()[-1])
    med = statistics.median
    import openpyxl

    ws = openpyxl.load_workbook(work / "c0.xlsx", read_only=True)["Docket"]
    custody = sum(1 for _ in ws.iter_rows(min_row=2, values_only=True))
    print(f"docket: {args.rows} cases (12 original columns + 9 screening columns); "
          f"medians of {args.repeat} runs")
    print(f"  courtscreen export .xlsx          {med(xlsx):6.2f} s  peak {max(xlsx_rss):6.0f} MB")
    print(f"  courtscreen export .xlsx custody  {med(subset):6.2f} s  peak {max(subset_rss):6.0f} MB"
          f"  ({custody} cases)")
    print(f"  courtscreen export .csv           {med(csv_):6.2f} s")
    print(f"  openpyxl normal Workbook script   {med(normal):6.2f} s  peak {max(normal_rss):6.0f} MB")
    print(f"  plain csv.writer script           {med(plain):6.2f} s")
    print(f"  Python heap peak: all cases {heap['all']:.1f} MB, custody cases {heap['custody']:.1f} MB")
    results = [
        ("xlsx time / openpyxl normal", med(xlsx) / med(normal), "<=", 1.5),
        ("xlsx memory / openpyxl normal", max(xlsx_rss) / max(normal_rss), "<=", 0.5),
        (f"heap {args.rows:,} / {custody:,} cases", heap["all"] / heap["custody"], "<=", 1.2),
        ("csv time / plain csv", med(csv_) / med(plain), "<=", 4.0),
    ]
    failed = check_targets(results)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    main_timed(main)
