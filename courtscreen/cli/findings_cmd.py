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
    methods, areas, reactions, behaviours (comma-separated ids), location,
    location_confidential (yes/no), evidence, evidence_kind, evidence_source,
    reaction_text, actor (mutual cases: petitioner/respondent), series_count,
    series_frequency, acts_counted (a repeated behaviour), if_not_proven
    (omit, no_finding or not_found: what the document says if not found proven).
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
    """Print the incidents, each element with what supports it, what is missing, and the draft findings."""
    from courtscreen.documents.case_record import load_case_record
    from courtscreen.documents.findings_context import findings_context
    from courtscreen.domain.findings import FINDINGS, IF_NOT_PROVEN
    from courtscreen.domain.findings_elements import course_of_conduct

    engine = _engine(ctx)
    if include_confidential:
        _require(ctx, "view_confidential", "see confidential details")
    case_id = _case(engine, case_number, court)
    record = _db_call(load_case_record, engine, case_id)
    if include_confidential:  # issue 17: a read of confidential details is audited
        from courtscreen.store.trail import log_read

        log_read(engine, ctx.obj["access"].user, case_id, "protected details",
                 "courtscreen findings show --include-confidential")
    j = _settings(ctx).jurisdiction
    roles = record.roles
    click.echo(f"Incidents on {case_number}:")
    if not record.incidents:
        click.echo("  none recorded yet (courtscreen findings add CASE FILE)")
    for inc in record.incidents:
        state = f"withdrawn: {inc.withdrawn_reason}" if inc.withdrawn else FINDINGS[inc.finding]
        if not inc.withdrawn and inc.finding != "proven":
            state += f"; in documents: {IF_NOT_PROVEN[inc.if_not_proven].split(' …')[0]}"
        whose = f" [{inc.actor}]" if roles.mutual and inc.actor else ""
        series = f" [series, counted as {inc.acts_counted}]" if inc.is_series else ""
        click.echo(f"  {inc.number:>3}  {inc.when.short():<22} {state:<24} "
                   f"{inc.description[:50]}{whose}{series}")
    ctx_findings = findings_context(record, j, include_confidential)
    for n, s in enumerate(ctx_findings["sets"]):
        conclusion = record.conclusion if n == 0 else record.cross_conclusion
        actor = roles.conduct_of if n == 0 else (s["conduct"].removeprefix("the "))
        coc = course_of_conduct(record.incidents, conclusion, j.acts_required, j.mental_state,
                                actor=actor if roles.mutual else None, conduct_of=roles.conduct_of)
        from courtscreen.domain.findings_timeline import summary_lines

        click.echo(f"\nCourse of conduct ({s['conduct_named']}):")
        click.echo(f"  {summary_lines(list(record.incidents), coc)[0]}")
        click.echo("Elements (the court decides each; the tool only lists what the record offers):")
        for e in coc.needed:
            click.echo(f"  {e.name}: {e.detail}")
            for x in e.for_:
                click.echo(f"      for:     {x}")
            for x in e.against:
                click.echo(f"      AGAINST: {x}")
        threat = {"yes": "found", "no": "not found"}.get(conclusion.credible_threat, "not decided")
        click.echo(f"  Credible threat to physical safety: {threat}")
        if s["missing"]:
            click.echo("\nStill to do (shown here only, never printed in a document):")
            for m in s["missing"]:
                click.echo(f"  - {m}")
        click.echo(f"\nDraft findings{' (DRAFT: elements not decided)' if s['draft'] else ''}:")
        for k, i in enumerate(s["incidents"], 1):
            click.echo(f"  {k}. {i['text']}")
        for t in s["not_found"]:
            click.echo(f"  {t}")
        for c in s["conclusions"]:
            click.echo(f"  {c}")
    for w in ctx_findings["warnings"]:
        click.echo(f"\nWarning: {w}")


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


ELEMENT_OPTIONS = ("acts", "continuity", "directed", "reasonable_person", "fear_caused", "mental_state")


@findings_group.command("conclude")
@click.argument("case_number")
@click.option("--court")
@click.option("--party", type=click.Choice(["petitioner", "respondent"]),
              help="Mutual case: whose conduct these conclusions are about (default: the case's conduct "
                   "party).")
@click.option("--element", "elements", multiple=True, metavar="NAME=found|not_found|undecided",
              help="The court's decision on an element: acts, continuity, directed, reasonable_person, "
                   "fear_caused, mental_state (repeat).")
@click.option("--words", "words", multiple=True, metavar="NAME=TEXT",
              help="The court's own words for an element's decision (repeat).")
@click.option("--directed-at", help="The person the conduct was directed at (the directed element's words).")
@click.option("--credible-threat", type=click.Choice(["yes", "no", "undecided"]))
@click.option("--basis", help="What a credible-threat finding rests on.")
@click.option("--threat-to", type=click.Choice(["protected", "children", "both"]),
              help="Whose physical safety the credible threat concerns.")
@click.option("--fear", help="The court's words on the fear or distress caused (the fear element's words).")
@click.pass_context
def conclude_cmd(ctx, case_number, court, party, elements, words, directed_at, credible_threat, basis,
                 threat_to, fear):
    """Record the court's conclusions: each element found, not found or undecided, in its words.

    Only the options given are changed. The tool never decides an element;
    `findings show` lists what the incidents offer for and against each.
    """
    from courtscreen.domain.findings import IncidentError, parse_conclusion
    from courtscreen.store.case_roles import case_roles
    from courtscreen.store.findings import get_conclusion, list_incidents, save_conclusion

    engine = _engine(ctx)
    _require(ctx, "record_findings", "record conclusions")
    case_id = _case(engine, case_number, court)
    roles = case_roles(engine, case_id)
    side = "cross" if party and party != roles.conduct_of else ""
    if side and not roles.mutual:
        _fail(f"party: {case_number} is not recorded as a mutual case; the conduct at issue is the "
              f"{roles.conduct_of}'s (courtscreen findings roles {case_number} --mutual).", EXIT_USAGE)
    old = get_conclusion(engine, case_id, side)
    data = old.to_dict()
    decided = dict(data.get("elements", {}))
    problems = []
    for item in elements:
        name, _, status = item.partition("=")
        if name not in ELEMENT_OPTIONS:
            problems.append(f"element: {name!r} is not one of {', '.join(ELEMENT_OPTIONS)}")
            continue
        status = "" if status == "undecided" else status
        decided[name] = {**decided.get(name, {"words": ""}), "status": status}
    for item in words:
        name, _, text = item.partition("=")
        if name not in ELEMENT_OPTIONS:
            problems.append(f"words: {name!r} is not one of {', '.join(ELEMENT_OPTIONS)}")
            continue
        decided[name] = {**decided.get(name, {"status": ""}), "words": text}
    if directed_at is not None:
        decided["directed"] = {**decided.get("directed", {"status": ""}), "words": directed_at}
        data["directed_at"] = directed_at
    if fear is not None:
        decided["fear_caused"] = {**decided.get("fear_caused", {"status": ""}), "words": fear}
        data["fear_or_distress"] = fear
    data["elements"] = decided
    for key, value in (("credible_threat", credible_threat), ("credible_threat_basis", basis),
                       ("threat_to", threat_to)):
        if value is not None:
            data[key] = "" if value == "undecided" else value
    j = _settings(ctx).jurisdiction
    acts = sum(i.acts_counted for i in list_incidents(engine, case_id) if i.counts
               and (not roles.mutual or (i.actor or roles.conduct_of) == (party or roles.conduct_of)))
    if decided.get("acts", {}).get("status") == "found" and acts < j.acts_required:
        problems.append(f"elements.acts: only {acts} act(s) are found proven and the jurisdiction requires "
                        f"{j.acts_required}; find more incidents proven first")
    try:
        new = parse_conclusion(data, j.words_required)
    except IncidentError as exc:
        problems += exc.problems
    if problems:
        _fail("; ".join(problems), EXIT_USAGE)
    _db_call(save_conclusion, engine, case_id, old, new, _settings(ctx).user, side)
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


@findings_group.command("roles")
@click.argument("case_number")
@click.option("--court")
@click.option("--conduct-of", type=click.Choice(["petitioner", "respondent", "defendant"]),
              help="The party whose conduct is at issue (default: respondent civil, defendant criminal).")
@click.option("--protected", "protected", multiple=True,
              help="A protected person: petitioner, respondent, victim, child:NAME or household:NAME "
                   "(repeat for several; replaces the list).")
@click.option("--victim-name", help="The victim's name as the court gives it (criminal cases).")
@click.option("--relationship", help="spouse, former_spouse, co_parent, cohabiting, formerly_cohabiting, "
                                     "dating, family_household, acquaintance or stranger.")
@click.option("--cohabited", type=click.Choice(["yes", "no", "unknown"]),
              help="Whether they ever lived together.")
@click.option("--hearing-with-notice", type=click.Choice(["yes", "no", "unknown"]),
              help="The order follows a hearing of which the respondent had actual notice and a chance "
                   "to take part.")
@click.option("--order-kind", type=click.Choice(["ex_parte", "temporary", "final"]))
@click.option("--order-date", help="The date the order was or will be entered (2026-08-20).")
@click.option("--mutual/--not-mutual", default=None,
              help="Cross-petitions: each party's conduct is recorded and found separately.")
@click.pass_context
def roles_cmd(ctx, case_number, court, conduct_of, protected, victim_name, relationship, cohabited,
              hearing_with_notice, order_kind, order_date, mutual):
    """Show, or record, who did what to whom in the case (only the options given are changed)."""
    from courtscreen.domain.case_roles import RELATIONSHIPS, RolesError, parse_roles, roles_to_dict
    from courtscreen.store.case_roles import StaleRoles, get_roles, save_roles
    from courtscreen.store.cases import get_case

    engine = _engine(ctx)
    case_id = _case(engine, case_number, court)
    case = get_case(engine, case_id)
    criminal = case.case_type.value in ("domestic_violence", "other_criminal")
    roles, version = get_roles(engine, case_id)
    given = {"conduct_of": conduct_of, "protected": list(protected) or None, "victim_name": victim_name,
             "relationship": relationship, "cohabited": cohabited, "hearing_with_notice": hearing_with_notice,
             "order_kind": order_kind, "order_date": order_date,
             "mutual": None if mutual is None else ("yes" if mutual else "no")}
    if any(v is not None for v in given.values()):
        _require(ctx, "record_findings", "record the roles of a case")
        data = roles_to_dict(roles)
        if conduct_of and not protected and conduct_of in [p.role for p in roles.protected]:
            data["protected"] = ["respondent" if conduct_of == "petitioner" else "petitioner"]
        for key, value in given.items():
            if value is not None:
                data[key] = "" if value == "unknown" else value
        parties = frozenset(p.role for p in case.parties if p.name)
        try:
            new = parse_roles(data, criminal=criminal, parties=parties)
        except RolesError as exc:
            for p in exc.problems:
                click.echo(p, err=True)
            _fail(f"the roles of {case_number} were not saved.", EXIT_USAGE)
        try:
            roles = _db_call(save_roles, engine, case_id, version, new, _settings(ctx).user)
        except StaleRoles as exc:
            _fail(str(exc), EXIT_USAGE)
        click.echo(f"Saved the roles of {case_number}.")
    from courtscreen.documents.findings_context import protected_people
    from courtscreen.domain.case_roles import firearms_note
    from courtscreen.store.findings import get_conclusion

    state = "recorded" if roles.recorded else "defaults for the case type, not yet confirmed"
    click.echo(f"Roles of {case_number} ({state}):")
    click.echo(f"  conduct at issue:  the {roles.conduct_of}"
               + (" and, on the cross-petition, the other party" if roles.mutual else ""))
    people = protected_people(roles, case_names(case), exclude=roles.conduct_of)
    click.echo("  protected:         " + "; ".join(f"{w}, {n}" if n else w for w, n in people))
    click.echo(f"  relationship:      {RELATIONSHIPS.get(roles.relationship, roles.relationship)}"
               + ("" if roles.cohabited is None else
                  f"; lived together: {'yes' if roles.cohabited else 'no'}"))
    hearing = {True: "yes", False: "no", None: "not recorded"}[roles.hearing_with_notice]
    click.echo(f"  hearing with notice: {hearing}")
    threat = get_conclusion(engine, case_id).credible_threat
    click.echo(f"  federal firearms (18 U.S.C. 922(g)(8)): {firearms_note(roles, threat)}")


def case_names(case) -> dict[str, str]:
    """role -> name(s) on the docket, for wording the roles."""
    return {role: case.names(role) for role in ("petitioner", "respondent", "defendant", "victim")}
