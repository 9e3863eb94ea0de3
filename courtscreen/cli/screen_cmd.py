"""courtscreen screen: record or show a screening headless (scripted or bulk)."""

from __future__ import annotations

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
        _require(ctx, "screen", "record screenings")
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
        except screenings.ScreeningNotFound as exc:
            if index is None:
                raise  # one case named on the command line: exit 4 like `screen CASE`
            click.secho(f"{where}: {exc}. Not saved.", fg="red", err=True)
            failures += 1
            continue
        except (ValueError, TypeError) as exc:
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
               f"{record.updated_by} {record.updated_at:%Y-%m-%d %H:%M} UTC")
    for reason in a.reasons:
        click.echo(f"  - {reason}")
    for m in a.risk_markers:
        click.echo(f"  risk marker: {m.label} [{m.source}]")
    if show_log:
        click.echo("Audit log:")
        for row in screenings.audit_log(engine, case_id):
            change = f" {row.field}: {row.old or '—'} → {row.new or '—'}" if row.field else ""
            click.echo(f"  {row.at:%Y-%m-%d %H:%M:%S} UTC {row.user} {row.action}{change}")
