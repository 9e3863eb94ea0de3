"""Benchmark: importing a charge-level CSV (one row per charge), as whole processes.

A generated file in the shape of a real statewide DV charge file (tests/helpers/charge_file.py):
130,000 rows for 61,000 cases, 11 columns. Ratios against a baseline measured in the same run:

  courtscreen import (end to end)   <= 3.0 x  pandas.read_csv + DataFrame.to_sql into SQLite
  peak memory                        <  400 MB for the import process
  every charge row kept              docket_entry holds one row per data row of the file

`courtscreen import --no-link` (read to commit, without linking people) is printed and checked
against the same targets too, so that the import's own share and linking's can be told apart.

Usage:  .venv/bin/python bench/bench_charge_import.py [--rows 130000] [--cases 61000] [--repeat 1]
With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

import harness

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers.charge_file import write_charge_file  # noqa: E402

PY = sys.executable
PANDAS_IMPORT = """
import sys, pandas, sqlalchemy
df = pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
engine = sqlalchemy.create_engine("sqlite:///" + sys.argv[2])
df.to_sql("docket", engine, index=False)
print(len(df))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=130_000)
    ap.add_argument("--cases", type=int, default=61_000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cs-bench-charges-"))
    path = work / f"charges_{args.rows}.csv"
    write_charge_file(path, cases=args.cases, rows=args.rows)
    env = dict(os.environ, COURTSCREEN_DATA_DIR=str(work / "data"), COURTSCREEN_USER="bench",
               PYTHONPATH=str(ROOT))
    courtscreen = [PY, "-m", "courtscreen"]
    mapping = ["--map", "case_type=DV_at_Disposition"]
    pandas_t, plain, no_link, peak, peak_no_link = [], [], [], 0.0, 0.0
    kept = None
    for i in range(args.repeat):
        pandas_t.append(harness.run([PY, "-c", PANDAS_IMPORT, str(path),
                                     str(work / f"pandas{i}.sqlite")])[0])
        db = work / f"run{i}.sqlite"
        t, rss = harness.run([*courtscreen, "--db", f"sqlite:///{db}", "import", *mapping, str(path)],
                             env, ok_codes=(0, 3))
        plain.append(t)
        peak = max(peak, rss)
        with sqlite3.connect(db) as conn:
            kept = conn.execute("SELECT count(*) FROM docket_entry").fetchone()[0]
            cases = conn.execute("SELECT count(*) FROM court_case").fetchone()[0]
        t, rss = harness.run([*courtscreen, "--db", f"sqlite:///{work / f'nolink{i}.sqlite'}",
                              "import", "--no-link", *mapping, str(path)], env, ok_codes=(0, 3))
        no_link.append(t)
        peak_no_link = max(peak_no_link, rss)
    med = statistics.median
    print(f"charge file: {args.rows:,} rows, {args.cases:,} cases ({path.stat().st_size / 1e6:.1f} MB "
          f"CSV); medians of {args.repeat} run(s)")
    print(f"  pandas read_csv + to_sql          {med(pandas_t):6.2f} s")
    print(f"  courtscreen import (end to end)   {med(plain):6.2f} s")
    print(f"  courtscreen import --no-link      {med(no_link):6.2f} s   "
          f"({med(no_link) / med(pandas_t):.1f} x pandas; for information)")
    print(f"  cases {cases:,}, docket rows kept {kept:,} of {args.rows:,}")
    print(f"  peak memory of the import --no-link {peak_no_link:6.0f} MB   (read to commit; the "
          "rest of the end-to-end figures is linking people)")
    failed = harness.check_targets([
        ("import / pandas read_csv+to_sql", med(plain) / med(pandas_t), "<=", 3.0),
        ("import --no-link / pandas", med(no_link) / med(pandas_t), "<=", 3.0),
        ("peak memory MB (end to end)", peak, "<", 400.0),
        ("peak memory MB (--no-link)", peak_no_link, "<", 400.0),
        ("charge rows kept", float(kept), ">=", float(args.rows)),
    ])
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    harness.main_timed(main)
