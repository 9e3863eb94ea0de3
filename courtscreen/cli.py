"""Command line: `courtscreen` opens the TUI; subcommands do the same work headless.

Exit codes (also in the README):
  0  done
  1  unexpected internal error (please report it)
  2  bad command-line usage
  3  import done, but some rows were not imported (they are listed)
  4  the file could not be imported; nothing was changed
  5  database problem (cannot connect, schema out of date); nothing was changed
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import click

from courtscreen.config import ConfigError, Settings, load_settings

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_ROWS_REJECTED, EXIT_IMPORT_FAILED, EXIT_DATABASE = range(6)
SAMPLE_DOCKET = Path(__file__).resolve().parent.parent / "fixtures" / "sample_docket.xlsx"


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _engine(ctx: click.Context, create: bool = True):
    """The engine, with the schema checked (an empty database is created)."""
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import ensure_schema

    engine = make_engine(_settings(ctx).database_url)
    if create:
        ensure_schema(engine)
    return engine


def _fail(message: str, code: int) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", metavar="URL", help="Database URL (default: "
              "COURTSCREEN_DATABASE_URL, else a SQLite file in your user data folder).")
@click.option("--user", metavar="NAME", help="Your name as recorded on imports and screenings.")
@click.version_option(package_name="courtscreen")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, user: str | None) -> None:
    """Screen a court docket for stalking. Without a command, opens the docket app."""
    try:
        ctx.obj = {"settings": load_settings(database_url, user)}
    except ConfigError as exc:
        _fail(str(exc), EXIT_USAGE)
    if ctx.invoked_subcommand is None:
        _run_tui(ctx, None)


def _run_tui(ctx: click.Context, import_first: Path | None) -> None:
    from courtscreen.store.database import DatabaseError

    try:
        from courtscreen.tui.app import run_app
    except ImportError:  # the TUI is optional at this stage of the build
        click.echo(ctx.get_help())
        return
    try:
        run_app(_settings(ctx), import_first=import_first)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)


@cli.command("demo")
@click.pass_context
def demo_cmd(ctx: click.Context) -> None:
    """Open the app on the bundled sample docket (a separate demo database unless --db is given)."""
    from dataclasses import replace

    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.triage import TriageRules
    from courtscreen.importing.service import ImportFailed, ImportOptions, import_docket
    from courtscreen.store.cases import count_cases
    from courtscreen.store.database import DatabaseError

    settings = _settings(ctx)
    if not ctx.parent.params.get("database_url") and not os.environ.get("COURTSCREEN_DATABASE_URL"):
        settings = replace(settings, database_url=f"sqlite:///{settings.data_dir / 'demo.sqlite'}")
        ctx.obj["settings"] = settings
    try:
        engine = _engine(ctx)
        if count_cases(engine) == 0:
            click.echo(f"Importing the sample docket {SAMPLE_DOCKET.name} into {settings.database_url} …")
            import_docket(engine, SAMPLE_DOCKET, ImportOptions(), CaseTypeRules.load(
                settings.case_type_rules), settings.user, triage=TriageRules.load(settings.triage_rules))
    except (ImportFailed, DatabaseError) as exc:
        _fail(str(exc), EXIT_DATABASE)
    _run_tui(ctx, None)


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
@click.pass_context
def import_cmd(ctx, path, sheet, map_spec, profile, save_profile, no_header, year, as_of, court,
               preview, strict, max_size, problems_csv):
    """Import a docket (.xlsx .xlsm .xls .ods .csv .tsv) into the database."""
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.triage import TriageRules
    from courtscreen.importing.mapping import MappingError, parse_map_spec
    from courtscreen.importing.profiles import Profile, load_profile
    from courtscreen.importing.profiles import save_profile as save
    from courtscreen.importing.readers import MB
    from courtscreen.importing.report import preview_lines, report_lines
    from courtscreen.importing.service import ImportFailed, ImportOptions, import_docket, prepare
    from courtscreen.store.cases import last_batch_with_hash
    from courtscreen.store.database import DatabaseError

    settings = _settings(ctx)
    try:
        options = ImportOptions(
            sheet=sheet, explicit_map=parse_map_spec(map_spec) if map_spec else {},
            has_header=False if no_header else None, year=year,
            as_of=as_of.date() if as_of else None, court=court or settings.default_court,
            max_bytes=int(max_size * MB), strict=strict,
        )
        if profile:
            options = options.with_profile(load_profile(profile, settings.profiles_dir))
        rules = CaseTypeRules.load(settings.case_type_rules)
        triage = TriageRules.load(settings.triage_rules)
    except (MappingError, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    try:
        with _progress() as progress:
            if preview:
                report = prepare(path, options, rules, progress, triage)
            else:
                report = import_docket(_engine(ctx, create=False), path, options, rules,
                                       settings.user, progress, triage)
    except ImportFailed as exc:
        _fail(f"{exc}\nNothing was imported.", EXIT_IMPORT_FAILED)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
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


@cli.command("cases")
@click.option("--type", "case_type", metavar="TYPE",
              help="custody, divorce, protection_order (po), domestic_violence (dv), "
              "other_criminal, civil, other")
@click.option("--search", default="", help="Part of a case number or party name.")
@click.option("--limit", default=50, show_default=True, help="How many cases to list (0: all).")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@click.pass_context
def cases_cmd(ctx, case_type, search, limit, as_csv):
    """List the cases in the database, nearest hearing first."""
    from courtscreen.domain.case_types import parse_case_type
    from courtscreen.store.cases import CaseFilter, count_cases, list_cases
    from courtscreen.store.database import DatabaseError

    try:
        f = CaseFilter(case_type=parse_case_type(case_type) if case_type else None, search=search)
    except ValueError as exc:
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
                    "petitioner", "respondent"])
        for r in rows:
            w.writerow([r.court, r.case_number, r.case_type.value, r.hearing_date or "",
                        r.hearing_time or "", r.judge, r.names("petitioner"),
                        r.names("respondent", "defendant")])
        return
    if not rows:
        click.echo("No cases match." if total == 0 and (case_type or search) else
                   "No cases yet. Import a docket: courtscreen import FILE")
        return
    for r in rows:
        when = f"{r.hearing_date:%Y-%m-%d}" if r.hearing_date else "no date   "
        when += f" {r.hearing_time:%H:%M}" if r.hearing_time else "      "
        parties = " v. ".join(x for x in (r.names("petitioner"), r.names("respondent", "defendant")) if x)
        click.echo(f"{when}  {r.case_type.short:<4}  {r.case_number:<18} {parties[:60]}")
    click.echo(f"{len(rows)} of {total} cases" + (" (use --limit 0 for all)" if len(rows) < total else ""))


@cli.command("screen")
@click.argument("case_number", required=False)
@click.option("--court", help="Court, when the case number is used by several courts.")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path),
              help="JSON answers: an object for CASE_NUMBER, or a list of "
              '{"case_number", "court", "answers", "complete"} objects for bulk entry.')
@click.option("--complete", is_flag=True, help="Mark the screening complete and record its result.")
@click.option("--log", "show_log", is_flag=True, help="Show the screening's audit log.")
@click.pass_context
def screen_cmd(ctx, case_number, court, answers_file, complete, show_log):
    """Record or show a stalking screening without the app (scripted or bulk entry)."""
    import json

    from courtscreen.store.database import DatabaseError
    from courtscreen.store.screenings import ScreeningNotFound, StaleScreening

    items = []
    if answers_file:
        try:
            data = json.loads(answers_file.read_text("utf-8"))
        except OSError as exc:
            _fail(f"{answers_file}: cannot be read ({exc.strerror}).", EXIT_USAGE)
        except json.JSONDecodeError as exc:
            _fail(f"{answers_file}: not valid JSON at line {exc.lineno}, column {exc.colno}: "
                  f"{exc.msg}.", EXIT_USAGE)
        if isinstance(data, list):
            items = [(i, d.get("case_number", ""), d.get("court"), d.get("answers", {}),
                      bool(d.get("complete", False))) if isinstance(d, dict) else (i, "", None, None, False)
                     for i, d in enumerate(data)]
        elif case_number:
            items = [(None, case_number, court, data, complete)]
        else:
            _fail("give the CASE_NUMBER, or a JSON list with a case_number in each item.", EXIT_USAGE)
    elif not case_number:
        _fail("give a CASE_NUMBER (and --answers FILE to record answers).", EXIT_USAGE)
    try:
        engine = _engine(ctx)
        if not items:
            _show_screening(engine, case_number, court, show_log)
            return
        failures = _record_screenings(ctx, engine, answers_file, items)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    except (ScreeningNotFound, StaleScreening) as exc:
        _fail(str(exc), EXIT_IMPORT_FAILED)
    if failures:
        sys.exit(EXIT_ROWS_REJECTED)


def _record_screenings(ctx, engine, answers_file, items) -> int:
    from courtscreen.domain.screening import Answers
    from courtscreen.store import screenings

    user = _settings(ctx).user
    failures = 0
    for index, number, court, data, finish in items:
        where = f"{answers_file}" + (f" item {index + 1}" if index is not None else "")
        try:
            if not number:
                raise ValueError("no case_number")
            answers = Answers.from_dict(data)
            case_id = screenings.find_case_id(engine, number, court)
        except (ValueError, TypeError, screenings.ScreeningNotFound) as exc:
            click.secho(f"{where}: {exc}. Not saved.", fg="red", err=True)
            failures += 1
            continue
        record = screenings.start_screening(engine, case_id, user, answers.screener_role)
        record = screenings.save(engine, record, answers, user, complete=finish)
        state = record.assessment().headline if record.is_complete else "saved as a draft"
        click.echo(f"{number}: {state}")
        if record.is_complete:
            for reason in record.assessment().reasons:
                click.echo(f"  - {reason}")
    return failures


def _show_screening(engine, case_number, court, show_log) -> None:
    from courtscreen.store import screenings

    case_id = screenings.find_case_id(engine, case_number, court)
    record = screenings.get_screening(engine, case_id)
    if record is None:
        click.echo(f"{case_number}: not screened.")
        return
    a = record.assessment()
    state = a.headline if record.is_complete else f"draft (at step {record.step})"
    click.echo(f"{case_number}: {state} — catalogue {record.catalogue_version}, last saved by "
               f"{record.updated_by} {record.updated_at:%Y-%m-%d %H:%M}")
    for reason in a.reasons:
        click.echo(f"  - {reason}")
    for m in a.risk_markers:
        click.echo(f"  risk marker: {m.label} [{m.source}]")
    if show_log:
        click.echo("Audit log:")
        for row in screenings.audit_log(engine, case_id):
            change = f" {row.field}: {row.old or '—'} → {row.new or '—'}" if row.field else ""
            click.echo(f"  {row.at:%Y-%m-%d %H:%M:%S} {row.user} {row.action}{change}")


@cli.group("db")
def db_group():
    """Database schema: upgrade and current version."""


@db_group.command("upgrade")
@click.pass_context
def db_upgrade(ctx):
    """Bring the database schema up to date (run once after installing a new version)."""
    from courtscreen.store.database import DatabaseError, describe, make_engine
    from courtscreen.store.migrate import schema_state, upgrade

    try:
        engine = make_engine(_settings(ctx.parent).database_url)
        before = schema_state(engine)
        upgrade(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if before.is_current:
        click.echo(f"{describe(engine)} is already at the newest schema ({before.head}).")
    else:
        click.echo(f"{describe(engine)} upgraded from {before.current or 'empty'} to {before.head}.")


@db_group.command("current")
@click.pass_context
def db_current(ctx):
    """Show the database's schema version and whether it is up to date."""
    from courtscreen.store.database import DatabaseError, describe, make_engine
    from courtscreen.store.migrate import schema_state

    try:
        engine = make_engine(_settings(ctx.parent).database_url)
        state = schema_state(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    status = "up to date" if state.is_current else "out of date: run courtscreen db upgrade"
    click.echo(f"{describe(engine)}: schema {state.current or 'none (empty database)'}, "
               f"newest {state.head} ({status}).")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing half-written (an import in progress was rolled back).", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: a message and a log file, never a bare traceback
        log = _write_crash_log(exc)
        click.secho(f"Internal error: {type(exc).__name__}: {exc}\nDetails were written to {log}; "
                    "please send that file to your courtscreen support contact.", fg="red", err=True)
        sys.exit(EXIT_INTERNAL)


def _write_crash_log(exc: BaseException) -> Path:
    import tempfile
    import traceback

    from courtscreen.config import default_data_dir

    try:
        folder = default_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "courtscreen-error.log"
    with log.open("a", encoding="utf-8") as fh:
        fh.write("".join(traceback.format_exception(exc)) + "\n")
    return log

