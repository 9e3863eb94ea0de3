"""courtscreen cases: list the docket headless."""

from __future__ import annotations

import csv
import sys

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    EXIT_USAGE,
    _engine,
    _fail,
    cli,
)


@cli.command("cases")
@click.option("--type", "case_type", metavar="TYPE",
              help="custody, divorce, protection_order (po), domestic_violence (dv), "
              "other_criminal, civil, other")
@click.option("--search", default="", help="Part of a case number or party name.")
@click.option("--screening", metavar="STATUS",
              help="not_screened, in_progress, indicated, possible, not_indicated")
@click.option("--limit", default=50, show_default=True, help="How many cases to list (0: all).")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@click.pass_context
def cases_cmd(ctx, case_type, search, screening, limit, as_csv):
    """List the cases in the database, nearest hearing first."""
    from courtscreen.domain.case_types import parse_case_type
    from courtscreen.domain.screening_status import ScreeningStatus
    from courtscreen.store.cases import CaseFilter, count_cases, list_cases
    from courtscreen.store.database import DatabaseError

    try:
        f = CaseFilter(case_type=parse_case_type(case_type) if case_type else None, search=search,
                       screening=ScreeningStatus(screening) if screening else None)
    except ValueError as exc:
        if screening and "ScreeningStatus" in str(exc):
            exc = ValueError(f"unknown screening status {screening!r}; use one of: "
                             + ", ".join(s.value for s in ScreeningStatus))
        _fail(str(exc), EXIT_USAGE)
    try:
        engine = _engine(ctx)
        total = count_cases(engine, f)
        rows = list_cases(engine, f, limit=limit or max(total, 1))
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if as_csv:
        w = csv.writer(sys.stdout)
        w.writerow(["court", "case_number", "case_type", "hearing_date", "hearing_time", "judge",
                    "petitioner", "respondent", "screening"])
        for r in rows:
            w.writerow([r.court, r.case_number, r.case_type.value, r.hearing_date or "",
                        r.hearing_time or "", r.judge, r.names("petitioner"),
                        r.names("respondent", "defendant"), r.screening.value])
        return
    if not rows:
        click.echo("No cases match." if total == 0 and (case_type or search or screening) else
                   "No cases yet. Import a docket: courtscreen import FILE")
        return
    for r in rows:
        when = f"{r.hearing_date:%Y-%m-%d}" if r.hearing_date else "no date   "
        when += f" {r.hearing_time:%H:%M}" if r.hearing_time else "      "
        parties = " v. ".join(x for x in (r.names("petitioner"), r.names("respondent", "defendant")) if x)
        click.echo(f"{when}  {r.case_type.short:<4}  {r.case_number:<18} {r.screening.short:<9} "
                   f"{parties[:50]}")
    click.echo(f"{len(rows)} of {total} cases" + (" (use --limit 0 for all)" if len(rows) < total else ""))
