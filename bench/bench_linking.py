#!/usr/bin/env python3
"""Benchmark: linking the same people across a 50,000-case docket (~100,000 party rows).

    .venv/bin/python bench/bench_linking.py [--rows 50000] [--check]

Measured in one run, on a fresh SQLite file:
  baseline   the import of the docket with linking switched off (read, map, write)
  linking    link_batch over every party of that import (blocking, scoring, links,
             person groups, repeat-party flags), as the import runs it after committing
  again      an incremental import of 1,000 more cases and its linking
Target: linking under 60 s. Prints the ratio linking / baseline import.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))

TARGET_SECONDS = 60.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = ap.parse_args()

    import sqlalchemy as sa
    from make_docket import write_docket

    import courtscreen.importing.service as service
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade
    from courtscreen.store.people import link_batch

    work = Path(tempfile.mkdtemp(prefix="cs-bench-link-"))
    docket = write_docket(work / f"docket_{args.rows}.csv", rows=args.rows, seed=7, messy=False)
    more = write_docket(work / "more_1000.csv", rows=1000, seed=8, messy=False)
    engine = make_engine(f"sqlite:///{work / 'bench.sqlite'}")
    upgrade(engine)
    rules = CaseTypeRules.load()
    hook = service._link_people
    service._link_people = lambda engine, batch_id: "linking skipped for the baseline"
    try:
        t0 = time.perf_counter()
        report = service.import_docket(engine, docket, service.ImportOptions(), rules, "bench")
        baseline = time.perf_counter() - t0
        t0 = time.perf_counter()
        linked = link_batch(engine, report.batch_id)
        linking = time.perf_counter() - t0
        t0 = time.perf_counter()
        report2 = service.import_docket(engine, more, service.ImportOptions(), rules, "bench")
        import_more = time.perf_counter() - t0
        t0 = time.perf_counter()
        linked2 = link_batch(engine, report2.batch_id)
        linking_more = time.perf_counter() - t0
    finally:
        service._link_people = hook
    with engine.connect() as conn:
        parties = conn.scalar(sa.text("SELECT count(*) FROM party"))
        links = conn.scalar(sa.text("SELECT count(*) FROM case_party"))
    print(f"docket: {args.rows} cases, {parties} party rows, {links} case-party links (SQLite)")
    print(f"  import without linking (baseline)   {baseline:6.2f} s")
    print(f"  linking every party of it           {linking:6.2f} s   {linked.summary()}")
    print(f"  import of 1,000 more cases          {import_more:6.2f} s")
    print(f"  linking those (incremental)         {linking_more:6.2f} s   {linked2.summary()}")
    ratio = linking / baseline
    ok = linking < TARGET_SECONDS
    print(f"  linking / baseline import           {ratio:6.2f}")
    print(f"  linking time {linking:.1f} s (target < {TARGET_SECONDS:.0f} s)  {'ok' if ok else 'MISSED'}")
    engine.dispose()
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
    sys.exit(code)
