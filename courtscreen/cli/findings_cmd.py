"""courtscreen findings: the incident log of a case, headless.

`add` takes a JSON list or a spreadsheet (one incident per row) and records
all of it or nothing, naming every row and field that is wrong. `show` prints
the timeline list, the course-of-conduct summary and the draft findings.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    EXIT_ROWS_REJECTED,
    EXIT_USAGE,
    _engine,
    _fail,
    _require,
    _settings,
    cli,
)


@cli.group("findings")
def findings_group():
    """Record and review the incidents (findings of fact) of a case."""


def _case(engine, case_number: str, court: str | None) -> int:
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    try:
        return find_case_id(engine, case_number, court)
    except ScreeningNotFound as exc:
        _fail(str(exc), EXIT_USAGE)


def _db_call(fn, *args, **kwargs):
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.findings import RecordNotFound, StaleRecord

    try:
        return fn(*args, **kwargs)
    except (StaleRecord, RecordNotFound, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)


@findings_group.command("add")
@click.argument("case_number")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--court", help="Court, when the case number is used by several courts.")
@click.pass_context
def add_cmd(ctx, case_number, file, court):
    """Add incidents from FILE: a JSON list of incidents, or a .xlsx/.csv sheet, one per row.

    Columns / keys: when, description, finding (proven/alleged/disputed),
    methods, areas, reactions (comma-separated ids), location,
    location_confidential (yes/no), evidence, evidence_source, reaction_text.
    """
    from courtscreen.domain.findings import IncidentError, parse_incident
    from courtscreen.importing.incident_sheet import SheetError, read_incident_rows
    from courtscreen.store.findings import add_incidents

    try:
        rows = read_incident_rows(file)
    except SheetError as exc:
        _fail(str(exc), EXIT_USAGE)
    engine = _engine(ctx)
    _require(ctx, "record_findings", "record findings")
    case_id = _case(engine, case_number, court)
    incidents, problems = [], []
    for where, data in rows:
        try:
            incidents.append(parse_incident(data, date.today()))
        except IncidentError as exc:
            problems += [f"{file.name}, {where}: {p}" for p in exc.problems]
    if problems:
        for p in problems:
            click.echo(p, err=True)
        _fail(f"{len(problems)} problem(s) in {file.name}; nothing was recorded. Fix them and run "
              "the same command again.", EXIT_ROWS_REJECTED)
    if not incidents:
        _fail(f"{file.name} has no incidents in it; nothing was recorded.", EXIT_USAGE)
    added = _db_call(add_incidents, engine, case_id, incidents, _settings(ctx).user)
    click.echo(f"Recorded {len(added)} incident(s) on {case_number}: "
               + ", ".join(str(i.number) for i in added) + ".")


@findings_group.command("show")
@click.argument("case_number")
@click.option("--court")
@click.option("--include-confidential", is_flag=True,
              help="Show confidential locations in the draft text (they are withheld by default).")
@click.pass_context
def show_cmd(ctx, case_number, court, include_confidential):
    """Print the incidents, the course-of-conduct summary and the draft findings."""
    from courtscreen.domain.findings import FINDINGS, course_of_conduct, draft_findings, party_names
    from courtscreen.domain.findings_timeline import summary_lines
    from courtscreen.store.cases import get_case
    from courtscreen.store.findings import case_findings

    engine = _engine(ctx)
    if include_confidential:
        _require(ctx, "view_confidential", "see confidential details")
    case_id = _case(engine, case_number, court)
    cf = _db_call(case_findings, engine, case_id)
    if include_confidential:  # issue 17: a read of confidential details is audited
        from courtscreen.store.trail import log_read

        log_read(engine, ctx.obj["access"].user, case_id, "protected details",
                 "courtscreen findings show --include-confidential")
    case = get_case(engine, case_id)
    names = party_names(case.parties) if case else {}
    settings = _settings(ctx)
    click.echo(f"Incidents on {case_number}:")
    if not cf.incidents:
        click.echo("  none recorded yet (courtscreen findings add CASE FILE)")
    for inc in cf.incidents:
        state = f"withdrawn: {inc.withdrawn_reason}" if inc.withdrawn else FINDINGS[inc.finding]
        click.echo(f"  {inc.number:>3}  {inc.when.short():<22} {state:<24} {inc.description[:60]}")
    draft = draft_findings(cf.incidents, cf.conclusion, acts_required=settings.acts_required,
                           include_confidential=include_confidential, **names)
    coc = course_of_conduct(cf.incidents, cf.conclusion, settings.acts_required)
    click.echo("\nCourse of conduct:")
    for line in summary_lines(list(cf.incidents), coc):
        click.echo(f"  {line}")
    click.echo("\nDraft findings:")
    for n, para in enumerate(draft.incidents, 1):
        click.echo(f"  {n}. {para}")
    for para in draft.conclusions:
        click.echo(f"  {para}")
    if draft.not_found:
        click.echo("\nNot (yet) found:")
        for para in draft.not_found:
            click.echo(f"  {para}")


@findings_group.command("withdraw")
@click.argument("case_number")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why the incident is withdrawn (kept in the record).")
@click.option("--court")
@click.pass_context
def withdraw_cmd(ctx, case_number, number, reason, court):
    """Withdraw incident NUMBER of the case (it stays in the record with the reason)."""
    from courtscreen.store.findings import list_incidents, withdraw_incident

    engine = _engine(ctx)
    _require(ctx, "record_findings", "withdraw findings")
    case_id = _case(engine, case_number, court)
    found = [i for i in list_incidents(engine, case_id) if i.number == number]
    if not found:
        _fail(f"{case_number} has no incident {number}.", EXIT_USAGE)
    if found[0].withdrawn:
        _fail(f"incident {number} was already withdrawn ({found[0].withdrawn_reason}).", EXIT_USAGE)
    _db_call(withdraw_incident, engine, found[0], reason, _settings(ctx).user)
    click.echo(f"Withdrew incident {number} of {case_number}.")


@findings_group.command("conclude")
@click.argument("case_number")
@click.option("--court")
@click.option("--directed-at", help="The person the conduct was directed at.")
@click.option("--credible-threat", type=click.Choice(["yes", "no", "undecided"]))
@click.option("--basis", help="What a credible-threat finding rests on.")
@click.option("--fear", help="The court's words on the fear or distress caused.")
@click.pass_context
def conclude_cmd(ctx, case_number, court, directed_at, credible_threat, basis, fear):
    """Record the case-level conclusions (only the options given are changed)."""
    from courtscreen.domain.findings import IncidentError, parse_conclusion
    from courtscreen.store.findings import get_conclusion, save_conclusion

    engine = _engine(ctx)
    _require(ctx, "record_findings", "record conclusions")
    case_id = _case(engine, case_number, court)
    old = get_conclusion(engine, case_id)
    data = old.to_dict()
    for key, value in (("directed_at", directed_at), ("credible_threat", credible_threat),
                       ("credible_threat_basis", basis), ("fear_or_distress", fear)):
        if value is not None:
            data[key] = "" if value == "undecided" else value
    try:
        new = parse_conclusion(data)
    except IncidentError as exc:
        _fail("; ".join(exc.problems), EXIT_USAGE)
    _db_call(save_conclusion, engine, case_id, old, new, _settings(ctx).user)
    click.echo(f"Saved the conclusions for {case_number}.")


@findings_group.command("protect")
@click.argument("case_number")
@click.option("--court")
@click.option("--kind", required=True, help="home, workplace, phone, email, school, childcare, shelter, "
              "vehicle or other.")
@click.option("--value", required=True, help="The confidential detail itself.")
@click.option("--label", default="", help="How documents refer to it, e.g. \"Petitioner's workplace\".")
@click.pass_context
def protect_cmd(ctx, case_number, court, kind, value, label):
    """Record a confidential detail (left out of documents and exports unless included)."""
    from courtscreen.store.findings import add_protected

    engine = _engine(ctx)
    _require(ctx, "view_confidential", "record confidential details")
    case_id = _case(engine, case_number, court)
    _db_call(add_protected, engine, case_id, kind, value, _settings(ctx).user, label)
    click.echo(f"Recorded a confidential {kind} detail on {case_number}.")
