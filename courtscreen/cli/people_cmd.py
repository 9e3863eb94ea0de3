"""courtscreen people: persons in several cases, suggested links, and decisions on them."""

from __future__ import annotations

import click

from courtscreen.cli.base import EXIT_DATABASE, EXIT_USAGE, _engine, _fail, _settings, cli


def _when(d) -> str:
    return f"{d:%Y-%m-%d}" if d else "no date   "


@cli.group("people", invoke_without_command=True)
@click.option("--min-cases", default=2, show_default=True, help="List persons in at least this many cases.")
@click.option("--limit", default=50, show_default=True, help="How many persons to list (0: all).")
@click.pass_context
def people_cmd(ctx, min_cases, limit):
    """Persons named in several cases (any linked spelling), each with their cases on a timeline."""
    if ctx.invoked_subcommand is not None:
        return
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people import count_people, people_in_several_cases

    if min_cases < 1:
        _fail("--min-cases must be 1 or more", EXIT_USAGE)
    try:
        engine = _engine(ctx)
        total = count_people(engine, min_cases)
        found = people_in_several_cases(engine, min_cases, limit=limit or None)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if not found:
        click.echo(f"Nobody is named in {min_cases} or more cases.")
        return
    for p in found:
        born = f", born {p.dob:%Y-%m-%d}" if p.dob else ""
        also = f" (also written: {'; '.join(p.other_names)})" if p.other_names else ""
        click.echo(f"{p.name}{born} — {len(p.cases)} cases{also}  [party ids "
                   f"{', '.join(map(str, p.party_ids))}]")
        for c in p.cases:
            click.echo(f"  {_when(c.when)}  {c.case_type.short:<4} {c.case_number:<18} {c.role:<11} "
                       f"{c.screening.short:<9} {c.incidents} incidents")
    click.echo(f"{len(found)} of {total} persons in {min_cases}+ cases"
               + (" (use --limit 0 for all)" if len(found) < total else ""))


@people_cmd.command("link")
@click.option("--batch", "batch_id", type=int, help="Only the parties of this import batch (the app uses "
              "this after an import).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one line of the job protocol "
              "(courtscreen/jobs/protocol.py, version 1) for programs, instead of a sentence.")
@click.pass_context
def link_cmd(ctx, batch_id, as_json):
    """Match every party against the others again (after an upgrade, or if linking after an import failed)."""
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people import link_all, link_batch

    try:
        engine = _engine(ctx)
        report = link_batch(engine, batch_id) if batch_id else link_all(engine)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if as_json:
        from courtscreen.jobs import protocol
        from courtscreen.jobs.child import link_data

        click.echo(protocol.encode(protocol.Result("link", {"link": link_data(report)})))
        return
    click.echo(f"Compared {report.parties_checked} people in {report.seconds:.1f} s; " + report.summary())


@people_cmd.command("suggestions")
@click.option("--limit", default=50, show_default=True, help="How many to list (0: all).")
@click.pass_context
def suggestions_cmd(ctx, limit):
    """Suggested links waiting for someone to confirm or reject them, surest first."""
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people import suggestions

    try:
        rows = suggestions(_engine(ctx), limit or None)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if not rows:
        click.echo("No suggested links to check.")
        return
    for r in rows:
        click.echo(f"link {r.id}: {r.name_a} (party {r.party_a}, {r.cases_a} cases) = "
                   f"{r.name_b} (party {r.party_b}, {r.cases_b} cases)? {r.confidence_text}: {r.reasons}")
    click.echo("Decide with: courtscreen people confirm LINK  or  courtscreen people reject LINK")


def _decide(ctx, ids: tuple[int, ...], decision: str) -> None:
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people import LinkNotFound, decide, decide_pair

    user = _settings(ctx).user
    try:
        engine = _engine(ctx)
        if len(ids) == 1:
            row = decide(engine, ids[0], decision, user)
        elif len(ids) == 2:
            row = decide_pair(engine, ids[0], ids[1], decision, user)
        else:
            _fail("give a link id (from `people suggestions`) or two party ids (from `people`)", EXIT_USAGE)
    except (LinkNotFound, ValueError) as exc:
        _fail(str(exc), EXIT_USAGE)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    verb = {"confirmed": "are one person", "rejected": "are two different people"}.get(
        decision, "may or may not be one person (not sure: offered again in the review queue)")
    click.echo(f"Recorded: {row.name_a} (party {row.party_a}) and {row.name_b} (party {row.party_b}) "
               f"{verb} (link {row.id}, by {user}). Later imports keep this decision.")


@people_cmd.command("confirm")
@click.argument("ids", nargs=-1, type=int, required=True)
@click.pass_context
def confirm_cmd(ctx, ids):
    """Confirm a suggested link (LINK), or link two parties by hand (PARTY PARTY)."""
    _decide(ctx, ids, "confirmed")


@people_cmd.command("reject")
@click.argument("ids", nargs=-1, type=int, required=True)
@click.pass_context
def reject_cmd(ctx, ids):
    """Reject a link (LINK), or record that two parties are different people (PARTY PARTY)."""
    _decide(ctx, ids, "rejected")


@people_cmd.command("unsure")
@click.argument("link_id", type=int)
@click.pass_context
def unsure_cmd(ctx, link_id):
    """Record that you cannot tell whether a suggested link (LINK) is one person: it is kept,
    counted by `people quality`, and comes back at the end of the review queue."""
    _decide(ctx, (link_id,), "unsure")


@people_cmd.command("related")
@click.argument("case_number")
@click.option("--court", default=None, help="The court, when two courts use the same case number.")
@click.pass_context
def related_cmd(ctx, case_number, court):
    """Other cases with the same people as CASE_NUMBER: type, dates, screening, incidents."""
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people import related_cases
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    try:
        engine = _engine(ctx)
        case_id = find_case_id(engine, case_number, court)
        rows = related_cases(engine, case_id)
    except ScreeningNotFound as exc:
        _fail(str(exc), EXIT_USAGE)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    if not rows:
        click.echo(f"No other case names the people of {case_number}.")
        return
    for r in rows:
        b = r.best
        link = "" if b.status == "same" else f"  link {b.link_id}" if b.link_id else ""
        click.echo(f"{_when(r.when)}  {r.case_type.short:<4} {r.case_number:<18} {r.screening.short:<9} "
                   f"{r.incidents} incidents  {r.relation}; {b.status} {r.confidence}{link}")
        if b.status != "same":
            click.echo(f"      {b.describe}")


@people_cmd.command("show")
@click.argument("person")
@click.pass_context
def show_cmd(ctx, person):
    """One person's whole pattern: every case (any linked spelling) on one timeline, with its type,
    role, screening result and the incidents recorded in it, marked by case. PERSON is a party id
    (from `courtscreen people` or `people export`) or part of a name."""
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.findings import list_incidents
    from courtscreen.store.people import find_parties, person_of

    try:
        engine = _engine(ctx)
        if person.isdigit():
            found = person_of(engine, int(person))
        else:
            matches = find_parties(engine, person)
            pids = {m[0] for m in matches}
            persons = {p.key: p for p in (person_of(engine, pid) for pid in pids) if p}
            if len(persons) > 1:
                click.echo(f"{len(persons)} people match {person!r}; give a party id:")
                for pid, name, number, role in matches:
                    click.echo(f"  party {pid}: {name} ({role} in {number})")
                return
            found = next(iter(persons.values()), None)
        if found is None:
            _fail(f"no person matches {person!r} (organisations are not people here); "
                  "`courtscreen people` lists persons and their party ids", EXIT_USAGE)
        incidents = {c.case_id: [i for i in list_incidents(engine, c.case_id) if not i.withdrawn]
                     for c in found.cases}
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    born = f", born {found.dob:%Y-%m-%d}" if found.dob else ""
    also = f"; also written: {'; '.join(found.other_names)}" if found.other_names else ""
    click.echo(f"{found.name}{born} — {len(found.cases)} cases{also}  [party ids "
               f"{', '.join(map(str, found.party_ids))}]")
    for c in found.cases:
        result = c.screening_result or c.screening.short
        click.echo(f"  {_when(c.when)}  {c.case_type.short:<4} {c.case_number:<18} {c.role:<11} "
                   f"{result}  {c.incidents} incidents")
        for i in incidents.get(c.case_id, []):
            click.echo(f"      [{c.case_number}] {i.when.short()}: {i.description[:90]}")


@people_cmd.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.pass_context
def export_cmd(ctx, file):
    """Every party of every case as CSV: case number, court, role, name as on the docket, date of
    birth, person id (the same for parties linked as one person) and link status."""
    from pathlib import Path

    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people_report import export_people

    try:
        n = export_people(_engine(ctx), Path(file))
    except OSError as exc:
        _fail(f"cannot write {file}: {exc.strerror or exc}", EXIT_USAGE)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    click.echo(f"Wrote {n} party rows to {file}")


@people_cmd.command("quality")
@click.pass_context
def quality_cmd(ctx):
    """How the linker is doing: links by status, decisions by people, how often its automatic
    links were rejected, and any linking left unfinished."""
    from courtscreen.store.database import DatabaseError
    from courtscreen.store.people_report import link_quality

    try:
        report = link_quality(_engine(ctx))
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
    for line in report.lines():
        click.echo(line)
