"""courtscreen import: a docket file into the database, with a progress bar and a report."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    EXIT_IMPORT_FAILED,
    EXIT_ROWS_REJECTED,
    EXIT_USAGE,
    _engine,
    _fail,
    _require,
    _settings,
    cli,
)
from courtscreen.importing.workbook_guard import (
    DEFAULT_MAX_CELLS,
    DEFAULT_MAX_COLUMNS,
    DEFAULT_MAX_UNPACKED,
)


def _positive(ctx, param, value):
    """--max-size and the other limits: positive finite numbers only (nan, inf, -1 are not)."""
    import math

    if value is None or not math.isfinite(value) or value <= 0:
        raise click.BadParameter(f"{value!r}: give a positive number", ctx=ctx, param=param)
    return value


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--sheet", help="Workbook sheet to read (default: the one that looks like a docket).")
@click.option("--map", "map_spec", metavar="FIELD=COL,…",
              help="Map fields to columns by header, letter or position; join columns with '+'. "
              "E.g. case_number=docket,hearing_date=day+month,hearing_time=time+am_pm")
@click.option("--profile", metavar="NAME|FILE.toml", help="Use a saved mapping profile.")
@click.option("--save-profile", metavar="NAME", help="Save the mapping used as a profile.")
@click.option("--no-header", is_flag=True, help="Row 1 is data: map columns by position.")
@click.option("--year", type=int, help="Year for dates printed without one.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Date the docket was printed; dates without a year are placed after it.")
@click.option("--court", default="", help="Court name when the file has no court column.")
@click.option("--preview", is_flag=True, help="Show the mapping and first rows; change nothing.")
@click.option("--strict", is_flag=True, help="Import nothing if any row has a problem.")
@click.option("--max-size", type=float, default=60, show_default=True, callback=_positive,
              help="Largest workbook in MB (CSV/TSV are read row by row: see --max-cells).")
@click.option("--max-cells", type=int, default=DEFAULT_MAX_CELLS, show_default=True,
              callback=_positive, help="Most cells (rows x columns) a sheet or text file may hold.")
@click.option("--max-columns", type=int, default=DEFAULT_MAX_COLUMNS, show_default=True,
              callback=_positive, help="Most columns a sheet or text file may have.")
@click.option("--max-unpacked", type=float, default=DEFAULT_MAX_UNPACKED / (1024 * 1024),
              show_default=True, callback=_positive,
              help="Most MB a workbook may unpack to (refuses 'zip bombs').")
@click.option("--problems-csv", type=click.Path(path_type=Path),
              help="Write every problem (code, row, column, message and the row's values) to "
              "this CSV file: fix the rows in Excel and import that file.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link the same people across cases after the import. --no-link suits loading "
              "several files in a row: run `courtscreen people link` once after the last.")
@click.pass_context
def import_cmd(ctx, path, sheet, map_spec, profile, save_profile, no_header, year, as_of, court,
               preview, strict, max_size, max_cells, max_columns, max_unpacked, problems_csv,
               link):
    """Import a docket (.xlsx .xlsm .xls .ods .csv .tsv) into the database."""
    from courtscreen.importing.mapping import MappingError, parse_map_spec
    from courtscreen.importing.profiles import Profile, load_profile
    from courtscreen.importing.profiles import save_profile as save
    from courtscreen.importing.readers import MB, BackgroundRead
    from courtscreen.importing.workbook_guard import ReadLimits

    settings = _settings(ctx)
    try:
        explicit_map = parse_map_spec(map_spec) if map_spec else {}
        chosen = load_profile(profile, settings.profiles_dir) if profile else None
    except (MappingError, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    # Start reading the file now, so that the read overlaps loading the database code and
    # opening the database below (a 50,000-row workbook takes most of a second to parse).
    limits = ReadLimits(max_cells=max_cells, max_columns=max_columns,
                        max_unpacked=int(max_unpacked * MB))
    reading = BackgroundRead(path, sheet or (chosen.sheet if chosen else None) or None,
                             int(max_size * MB), limits)

    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.triage import TriageRules
    from courtscreen.importing.report import preview_lines, report_lines
    from courtscreen.importing.service import ImportFailed, ImportOptions, import_docket, prepare
    from courtscreen.store.cases import last_batch_with_hash
    from courtscreen.store.database import DatabaseError

    try:
        options = ImportOptions(
            sheet=sheet, explicit_map=explicit_map,
            has_header=False if no_header else None, year=year,
            as_of=as_of.date() if as_of else None, court=court or settings.default_court,
            max_bytes=int(max_size * MB), strict=strict, limits=limits,
        )
        if chosen:
            options = options.with_profile(chosen)
        rules = CaseTypeRules.load(settings.case_type_rules)
        triage = TriageRules.load(settings.triage_rules)
    except (MappingError, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    try:
        with _progress() as progress:
            if preview:
                report = prepare(path, options, rules, progress, triage, reading)
            else:
                engine = _engine(ctx)
                _require(ctx, "import", "import dockets")
                report = import_docket(engine, path, options, rules, settings.user, progress,
                                       triage, link=link, reading=reading)
    except ImportFailed as exc:
        if problems_csv and exc.report is not None:
            _write_problems(problems_csv, exc.report)
            click.echo(f"Every problem is listed in {problems_csv}", err=True)
        _fail(f"{exc}{_hint(exc)}\nNothing was imported.", EXIT_IMPORT_FAILED)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if not (preview or link) and report.counts and (report.counts.added or report.counts.updated):
        report.notes.append("people were not linked across cases (--no-link): run "
                            "`courtscreen people link` after the last file")
    lines = preview_lines(report) if preview else report_lines(report)
    if not preview:
        previous = last_batch_with_hash(_engine(ctx), report.sha256, before_id=report.batch_id)
        if previous:
            lines.insert(1, f"This same file was imported before (import #{previous.id}, "
                            f"{previous.imported_at:%Y-%m-%d %H:%M} UTC by {previous.imported_by}).")
    for line in lines:
        click.echo(line)
    if problems_csv:
        _write_problems(problems_csv, report)
        click.echo(f"Every problem is listed in {problems_csv}")
    if save_profile:
        saved = save(Profile(name=save_profile, description=f"saved from {path.name}",
                             map=report.mapping.to_profile_map(),
                             has_header=report.mapping.header_row is not None,
                             court=options.court, year=options.year), settings.profiles_dir)
        click.echo(f"Mapping saved as profile {save_profile!r} ({saved}); reuse it with "
                   f"--profile {save_profile}")
    if report.rejected and not preview:
        sys.exit(EXIT_ROWS_REJECTED)


_LIMIT_FLAGS = {"bytes": "--max-size MB", "cells": "--max-cells N", "columns": "--max-columns N",
                "unpacked": "--max-unpacked MB"}


def _hint(exc) -> str:
    """What to type next, in this front end's words (the core names no flags)."""
    if exc.limit in _LIMIT_FLAGS:
        return (f"\nIf the file is a real docket, raise the limit with {_LIMIT_FLAGS[exc.limit]}.")
    if exc.code in ("no_case_numbers", "bad_column"):
        return ("\nName the case-number column with --map case_number=COLUMN (a header, letter "
                "or position; add --no-header if row 1 is data); --preview shows the mapping.")
    if exc.code == "strict":
        return "\n(--strict was given: drop it to import the good rows.)"
    return ""


def _write_problems(path: Path, report) -> None:
    """One line per problem: where it is, its stable code and message, then the row's values
    as read under the file's own headers, so that a clerk can fix the rows in Excel and
    import just this file (the problem columns are not mapped to anything)."""
    from courtscreen.importing.report import problem_code

    headers = list(report.mapping.headers)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        # "problem_…": plain "file" would be read as a filing-date column on the way back in
        w.writerow(["problem_file", "problem_row", "problem_column", "problem_severity",
                    "problem_code", "problem_message", *headers])
        for p in report.problems:
            values = report.row_values.get(p.row, [])
            values = (values + [""] * len(headers))[:max(len(headers), len(values))]
            w.writerow([report.path.name, p.row, p.column, p.severity, problem_code(p),
                        p.message, *values])


class _progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI)."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(stderr=True)
        self.bar = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                            console=console, transient=True, disable=not console.is_terminal)
        self.bar.__enter__()
        self.tasks: dict[str, int] = {}
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total or 1)
        self.bar.update(self.tasks[stage], completed=done, total=total or 1)

    def __exit__(self, *exc):
        self.bar.__exit__(*exc)
        return False
