"""Benchmark: importing a charge-level CSV (one row per charge), as whole processes.

A generated file in the shape of a real statewide DV charge file (tests/helpers/charge_file.py):
130,000 rows for 61,000 cases, 11 columns. Ratios against a baseline measured in the same run:

  courtscreen import (end to end)   <= 3.0 x  pandas.read_csv + DataFrame.to_sql into SQLite
  peak memory                        <  400 MB for the import process
  every charge row kept              docket_entry holds one row per data row of the file

`courtscreen import --no-link` (read to commit, without linking people) is printed and checked
against the same targets too, so that the import's own share and linking's can be told apart;
the difference of the two is printed as linking's share. CPU seconds (user + system) are
printed too: on a shared machine they move less than wall time.

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
    runs: dict[str, list[tuple[float, float, float]]] = {"pandas": [], "plain": [], "no_link": []}
    kept = cases = None
    for i in range(args.repeat):
        runs["pandas"].append(harness.run_cpu([PY, "-c", PANDAS_IMPORT, str(path),
                                               str(work / f"pandas{i}.sqlite")]))
        nolink_db = work / f"nolink{i}.sqlite"
        runs["no_link"].append(harness.run_cpu(
            [*courtscreen, "--db", f"sqlite:///{nolink_db}", "import", "--no-link", *mapping,
             str(path)], env, ok_codes=(0, 3)))
        db = work / f"run{i}.sqlite"
        runs["plain"].append(harness.run_cpu(
            [*courtscreen, "--db", f"sqlite:///{db}", "import", *mapping, str(path)], env,
            ok_codes=(0, 3)))
        for one in (db, nolink_db):
            with sqlite3.connect(one) as conn:
                got = conn.execute("SELECT count(*) FROM docket_entry").fetchone()[0]
                kept = got if kept is None else min(kept, got)
                cases = conn.execute("SELECT count(*) FROM court_case").fetchone()[0]
    med = statistics.median

    def wall(name: str) -> float:
        return med(r[0] for r in runs[name])

    def cpu(name: str) -> float:
        return med(r[2] for r in runs[name])

    def peak(name: str) -> float:
        return max(r[1] for r in runs[name])

    print(f"charge file: {args.rows:,} rows, {args.cases:,} cases ({path.stat().st_size / 1e6:.1f} MB "
          f"CSV); medians of {args.repeat} run(s); wall s, CPU s (user + system), peak MB")
    for label, name in (("pandas read_csv + to_sql", "pandas"),
                        ("courtscreen import --no-link", "no_link"),
                        ("courtscreen import (end to end)", "plain")):
        print(f"  {label:<34} {wall(name):7.2f} s  {cpu(name):7.2f} s CPU  {peak(name):5.0f} MB"
              f"  ({wall(name) / wall('pandas'):.1f} x pandas wall, "
              f"{cpu(name) / cpu('pandas'):.1f} x CPU)")
    print("  --no-link is the import itself: reading, converting, classifying, writing cases, "
          "parties,\n  docket entries, search text / FTS, flags and priority, commit.")
    print(f"  linking people (end to end minus --no-link)  {wall('plain') - wall('no_link'):7.2f} s"
          f"  {cpu('plain') - cpu('no_link'):7.2f} s CPU  (store.people / store.linking)")
    print(f"  cases {cases:,}, docket rows kept {kept:,} of {args.rows:,}")
    failed = harness.check_targets([
        ("import --no-link / pandas (wall)", wall("no_link") / wall("pandas"), "<=", 3.0),
        ("import end to end / pandas (wall)", wall("plain") / wall("pandas"), "<=", 3.0),
        ("peak memory MB (--no-link)", peak("no_link"), "<", 400.0),
        ("peak memory MB (end to end)", peak("plain"), "<", 400.0),
        ("charge rows kept", float(kept), ">=", float(args.rows)),
    ])
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    harness.main_timed(main)
