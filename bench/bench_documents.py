"""Benchmark: generating 200 protection-order addenda against bare docxtpl on the same template.

Machines here are shared and noisy, so the figure is a ratio against a baseline
measured in the same run, never an absolute time:

  courtscreen batch   >= 0.8 x  the throughput of bare docxtpl rendering of the same template
                                (DocxTemplate(path).render(context) + save, contexts prepared beforehand)

The courtscreen side is the whole service: for each case it reads the case, its
findings and screening from SQLite, chooses the supported provisions, builds the
view model, renders in a fresh sandboxed environment with autoescape and
StrictUndefined, writes a new file, hashes it, and records it (document row and
audit entry) in its own transaction.

Usage:  .venv/bin/python bench/bench_documents.py [--cases 200] [--repeat 3] [--court] [--check]
With --check the exit status is 1 when the target is missed. With --court the same template is
loaded as a court's own form, so every document is filled in the template worker process under
its time and size limit (documents.isolation), as a court template is.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORM = "protection_addendum"


def setup(folder: Path, n: int):
    from courtscreen.config import Jurisdiction, Settings
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.findings import Conclusion, parse_incident
    from courtscreen.importing.service import ImportOptions, import_docket
    from courtscreen.store import findings as store
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite'}")
    upgrade(engine)
    import_docket(engine, ROOT / "fixtures" / "sample_docket.csv", ImportOptions(), CaseTypeRules.load(),
                  "bench")
    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql(f"select id from court_case order by id limit {n}")]
    today = date(2026, 11, 23)
    for i, cid in enumerate(ids):
        store.add_incidents(engine, cid, [
            parse_incident({"when": "2026-03-02", "description": f"sent {10 + i % 30} texts in one night",
                            "finding": "proven", "methods": ["text"], "areas": ["life_invasion"],
                            "reactions": ["fear"]}, today),
            parse_incident({"when": "2026-03-09", "description": "waited outside the petitioner's home",
                            "finding": "proven", "methods": ["in_person"], "areas": ["surveillance"],
                            "behaviours": ["showing_up"], "location": "12 Example Row",
                            "location_confidential": True}, today),
            parse_incident({"when": "2026-04-01", "description": "posted the petitioner's photographs online",
                            "finding": "alleged", "methods": ["social_media"],
                            "areas": ["life_invasion"]}, today),
        ], "bench")
        store.save_conclusion(engine, cid, Conclusion(), Conclusion("the petitioner", "yes", "threats"),
                              "bench")
        store.add_protected(engine, cid, "home", "12 Example Row", "bench")
    settings = Settings(database_url="", user="bench", data_dir=folder / "data",
                        jurisdiction=Jurisdiction(state="State of Franklin"))
    return engine, settings, ids


def contexts(engine, settings, form, ids) -> list[dict]:
    """The very contexts courtscreen builds, prepared before the baseline is timed."""
    from courtscreen.documents.case_record import load_case_record
    from courtscreen.documents.context import build_context, choose

    out = []
    for cid in ids:
        record = load_case_record(engine, cid)
        provisions = choose(form.manifest, record, None)
        out.append(build_context(form.manifest, record, provisions, settings.jurisdiction, user="bench",
                                 version=1))
    return out


def bare_docxtpl(template: Path, ctxs: list[dict], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir()
    t = time.perf_counter()
    for i, ctx in enumerate(ctxs):
        doc = DocxTemplate(template)
        doc.render(ctx)  # docxtpl's defaults: a plain Jinja environment, no autoescape
        doc.save(out / f"{i}.docx")
    return time.perf_counter() - t


def courtscreen_batch(engine, settings, form, ids, out: Path) -> float:
    from courtscreen.documents.service import generate_batch

    t = time.perf_counter()
    outcomes = generate_batch(engine, settings, form, ids, out_dir=out)
    elapsed = time.perf_counter() - t
    bad = [o for o in outcomes if not o.ok]
    if bad:
        raise SystemExit(f"{len(bad)} case(s) failed, e.g. {bad[0].case_number}: {bad[0].error}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--court", action="store_true", help="fill it as a court form, in the worker")
    args = parser.parse_args()
    from courtscreen.documents.registry import load_registry

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="courtscreen-bench-") as tmp:
        folder = Path(tmp)
        engine, settings, ids = setup(folder, args.cases)
        court = None
        if args.court:
            import shutil

            court = folder / "court_forms"
            court.mkdir()
            for suffix in (".toml", ".docx"):
                shutil.copy(ROOT / "forms" / f"{FORM}{suffix}", court / f"{FORM}{suffix}")
        form = load_registry(court).get(FORM)
        assert form.origin == ("court" if args.court else "bundled")
        ctxs = contexts(engine, settings, form, ids)
        template = form.manifest.template_path
        bare, ours = [], []
        for r in range(args.repeat):  # alternate, so drift on a shared machine hits both
            bare.append(bare_docxtpl(template, ctxs, folder / f"bare{r}"))
            ours.append(courtscreen_batch(engine, settings, form, ids, folder / f"ours{r}"))
        engine.dispose()
    b, o = statistics.median(bare), statistics.median(ours)
    ratio = (args.cases / o) / (args.cases / b)
    print(f"{args.cases} x {FORM} as a {form.origin} form (median of {args.repeat}):")
    print(f"  bare docxtpl render + save       {b:6.2f} s   {args.cases / b:6.1f} documents/s")
    print(f"  courtscreen batch (full service) {o:6.2f} s   {args.cases / o:6.1f} documents/s")
    ok = ratio >= 0.8
    print(f"  throughput ratio                 {ratio:6.2f} x  (target >= 0.8)  {'ok' if ok else 'MISSED'}")
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
