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
@click.option("--max-size", type=float, default=60, show_default=True, help="Largest file in MB.")
@click.option("--problems-csv", type=click.Path(path_type=Path),
              help="Write every rejected row and warning to this CSV file.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link the same people across cases after the import. --no-link suits loading "
              "several files in a row: run `courtscreen people link` once after the last.")
@click.pass_context
def import_cmd(ctx, path, sheet, map_spec, profile, save_profile, no_header, year, as_of, court,
               preview, strict, max_size, problems_csv, link):
    """Import a docket (.xlsx .xlsm .xls .ods .csv .tsv) into the database."""
    from courtscreen.importing.mapping import MappingError, parse_map_spec
    from courtscreen.importing.profiles import Profile, load_profile
    from courtscreen.importing.profiles import save_profile as save
    from courtscreen.importing.readers import MB, BackgroundRead

    settings = _settings(ctx)
    try:
        explicit_map = parse_map_spec(map_spec) if map_spec else {}
        chosen = load_profile(profile, settings.profiles_dir) if profile else None
    except (MappingError, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    # Start reading the file now, so that the read overlaps loading the database code and
    # opening the database below (a 50,000-row workbook takes most of a second to parse).
    reading = BackgroundRead(path, sheet or (chosen.sheet if chosen else None) or None,
                             int(max_size * MB))

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
            max_bytes=int(max_size * MB), strict=strict,
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
        _fail(f"{exc}\nNothing was imported.", EXIT_IMPORT_FAILED)
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


def _write_problems(path: Path, report) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "row", "column", "severity", "message"])
        for p in report.problems:
            w.writerow([report.path.name, p.row, p.column, p.severity, p.message])


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
