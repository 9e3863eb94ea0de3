"""courtscreen cases: list the docket headless, in the app's worklist order.

The same filter and the same query as the app's worklist and the export
(store.worklist; options in cli.docket_filter).
"""

from __future__ import annotations

import csv
import sys

import click

from courtscreen.cli.base import EXIT_DATABASE, EXIT_USAGE, _engine, _fail, _settings, cli
from courtscreen.cli.docket_filter import build_filter, filter_options

CSV_COLUMNS = ["court", "case_number", "case_type", "hearing_date", "hearing_time", "judge",
               "petitioner", "respondent", "screening", "priority", "why_here", "charges"]


@cli.command("cases")
@filter_options
@click.option("--limit", default=50, show_default=True, help="How many cases to list (0: all).")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@click.pass_context
def cases_cmd(ctx, case_types, screening, search, court, flag_tier, judge, date_from, date_to,
              flagged, sort, limit, as_csv):
    """List the cases in the database: by default in the app's priority order (strongest
    triage flag first, then nearest hearing)."""
    from courtscreen.domain.triage import TriageRules, why_here
    from courtscreen.store import worklist
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.docket_entries import charges_for

    f = build_filter(case_types, screening, search, court, flag_tier, judge, date_from, date_to,
                     flagged, sort)
    try:
        rules = TriageRules.load(_settings(ctx).triage_rules)
    except ValueError as exc:
        _fail(f"config: {exc}", EXIT_USAGE)
    try:
        engine = _engine(ctx)
        total = worklist.count(engine, f)
        rows = []
        want = limit or total
        while len(rows) < want:
            page = worklist.page(engine, f, offset=len(rows), limit=min(1000, want - len(rows)))
            if not page:
                break
            rows += page
        court_names = worklist.courts(engine)
        charges = charges_for(engine, [r.case.id for r in rows]) if as_csv else {}
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(CSV_COLUMNS)
        for row in rows:
            r = row.case
            w.writerow([r.court, r.case_number, r.case_type.value, r.hearing_date or "",
                        r.hearing_time or "", r.judge, r.names("petitioner"),
                        r.names("respondent", "defendant"), r.screening.value, row.tier.words,
                        why_here(rules, row.flags, row.priority), "; ".join(charges.get(r.id, ()))])
        return
    filtered = any((case_types, screening, search, court, flag_tier, judge, date_from, date_to,
                    flagged))
    if not rows:
        click.echo("No cases match." if total == 0 and filtered else
                   "No cases yet. Import a docket: courtscreen import FILE")
        return
    width = min(28, max(map(len, court_names))) if len(court_names) > 1 else 0
    for row in rows:
        r = row.case
        when = f"{r.hearing_date:%Y-%m-%d}" if r.hearing_date else "no date   "
        when += f" {r.hearing_time:%H:%M}" if r.hearing_time else "      "
        parties = " v. ".join(x for x in (r.names("petitioner"), r.names("respondent", "defendant")) if x)
        where = f"{r.court[:width]:<{width}} " if width else ""
        click.echo(f"{when}  {r.case_type.short:<4}  {where}{r.case_number:<18} "
                   f"{r.screening.short:<9} {row.tier.words:<17} {parties[:50]}")
    click.echo(f"{len(rows)} of {total} cases" + (" (use --limit 0 for all)" if len(rows) < total else ""))
