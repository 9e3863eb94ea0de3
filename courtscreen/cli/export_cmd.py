"""courtscreen export: the screened docket back to a spreadsheet (.xlsx or .csv).

Exit codes: 0 done; 2 bad usage (unknown type or status); 5 database problem;
6 the file could not be written (exists without --force, no such folder, open
in Excel, disk full); 7 the user's role does not allow exporting, or including
confidential details. On any failure no file is left behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    EXIT_NOT_ALLOWED,
    EXIT_USAGE,
    _engine,
    _fail,
    _require,
    _settings,
    cli,
)
from courtscreen.cli.docket_filter import build_filter, filter_options

EXIT_EXPORT_FAILED = 6


@cli.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), metavar="OUT.xlsx|OUT.csv")
@filter_options
@click.option("--include-confidential", is_flag=True,
              help="Include protected addresses and phone numbers, screening notes and confidential "
              "docket columns (recorded in the audit log). Left out by default.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.pass_context
def export_cmd(ctx, out, case_types, screening, search, court, flag_tier, judge, date_from, date_to,
               flagged, sort, include_confidential, force):
    """Write the docket, with screening results, to OUT (.xlsx with a summary sheet, or .csv)."""
    from courtscreen.domain.triage import TriageRules
    from courtscreen.exporting.service import ExportError, ExportOptions, check_target, export_docket
    from courtscreen.store.database import DatabaseError

    f = build_filter(case_types, screening, search, court, flag_tier, judge, date_from, date_to,
                     flagged, sort)
    try:
        check_target(out.expanduser().absolute(), force)  # before touching the database
    except ExportError as exc:
        _fail(str(exc), EXIT_EXPORT_FAILED)
    settings = _settings(ctx)
    try:
        triage = TriageRules.load(settings.triage_rules)
    except ValueError as exc:
        _fail(f"config: {exc}", EXIT_USAGE)
    try:
        engine = _engine(ctx)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    _require(ctx, "export", "export the docket")
    if include_confidential:
        _require(ctx, "include_confidential", "export confidential details")
    options = ExportOptions(filter=f, include_confidential=include_confidential, overwrite=force,
                            triage=triage, access=ctx.obj.get("access"))
    if not options.allowed(settings.user):
        from courtscreen.exporting.redaction import not_allowed_message

        _fail(not_allowed_message(settings.user), EXIT_NOT_ALLOWED)
    show = sys.stderr.isatty()

    def progress(stage: str, done: int, total: int) -> None:
        if show and stage == "Writing":
            click.echo(f"\rWriting {done:,} of {total:,} cases", err=True, nl=False)

    try:
        result = export_docket(engine, out, options, settings.user, progress)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    except ExportError as exc:
        if show:
            click.echo(err=True)
        _fail(str(exc), EXIT_EXPORT_FAILED)
    if show:
        click.echo("\r" + " " * 40 + "\r", err=True, nl=False)
    for line in result.lines():
        click.echo(line)
