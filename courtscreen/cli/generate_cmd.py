"""courtscreen generate: fill a form for one case, or for every case a docket filter matches.

Exit codes: 0 done; 2 bad usage (unknown form, provision or parameter); 3 batch done but some
cases failed (each is listed); 4 the one document could not be made; 5 database problem;
7 the user's role does not allow this form (generate:FORM) or --include-confidential.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from courtscreen import clock
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


def parse_provisions(values: tuple[str, ...]):
    """'po_stay_away:distance=1000,until=…' -> Choice('po_stay_away', {'distance': '1000', …})."""
    import re

    from courtscreen.documents.context import Choice

    choices = []
    for value in values:
        clause_id, _, rest = value.partition(":")
        params = {}
        # A comma starts a new parameter only before name=, so a value may hold commas (issue 18).
        items = re.split(r",\s*(?=[A-Za-z_][A-Za-z0-9_]*\s*=)", rest) if rest else ()
        for item in filter(None, (s.strip() for s in items)):
            name, eq, v = item.partition("=")
            if not eq:
                raise click.BadParameter(f"{value!r}: write parameters as name=value after a colon, e.g. "
                                         "po_stay_away:distance=1000", param_hint="--provision")
            params[name.strip()] = v.strip()
        choices.append(Choice(clause_id.strip(), params))
    return choices


@cli.command("generate")
@click.argument("case_number", required=False)
@click.option("--form", "form_id", required=True, metavar="ID",
              help="Form id (see 'courtscreen forms list').")
@click.option("--court", help="Court, when the case number is used by several courts.")
@click.option("--provision", "provisions", multiple=True, metavar="ID[:name=value,…]",
              help="A provision to include (repeat). Default: the provisions the findings support.")
@click.option("--set", "answers", multiple=True, metavar="NAME=VALUE",
              help="Answer one of the form's questions (repeat); see 'courtscreen forms fields FORM'.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A JSON file of answers to the form's questions: {\"NAME\": \"VALUE\", …}.")
@click.option("--include-confidential", is_flag=True,
              help="Put the protected person's addresses and confidential locations in this document.")
@click.option("--pdf", is_flag=True, help="Also make a PDF with LibreOffice, when it is installed.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: [jurisdiction] output_dir, else <data dir>/documents).")
@click.option("--preview", is_flag=True, help="Print the filled document as text; save nothing.")
@click.option("--list-provisions", is_flag=True, help="Show the form's provisions: pre-selected or not and "
              "why, and the findings behind each.")
@click.option("--pretrial", is_flag=True, help="Supervision conditions of pretrial release (no search "
              "condition; the release statute), not of a sentence.")
@click.option("--type", "case_types", multiple=True, metavar="TYPE", help="Batch: cases of this type "
                                                                          "(repeat).")
@click.option("--screening", metavar="STATUS", help="Batch: not_screened, in_progress, indicated, possible, "
              "not_indicated.")
@click.option("--judge", default="", help="Batch: cases before this judge (exact name).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]),
              help="Batch: hearings from this date.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Batch: hearings up to this date.")
@click.option("--flagged", is_flag=True, help="Batch: flagged cases only.")
@click.option("--limit", default=0, help="Batch: at most this many cases (0: all).")
@click.pass_context
def generate_cmd(ctx, case_number, form_id, court, provisions, answers, answers_file, include_confidential,
                 pdf, out_dir, preview, list_provisions, pretrial, case_types, screening, judge, date_from,
                 date_to, flagged, limit):
    """Fill a form for CASE_NUMBER, or for every case matching --type/--screening/… (batch)."""
    from courtscreen.documents.registry import load_registry
    from courtscreen.store.database import DatabaseError

    settings = _settings(ctx)
    batch = any((case_types, screening, judge, date_from, date_to, flagged))
    if case_number and batch:
        _fail("give either a CASE_NUMBER or batch filters (--type, --screening, …), not both.", EXIT_USAGE)
    if not case_number and not batch:
        _fail("give a CASE_NUMBER, or filters for a batch (e.g. --type custody --screening indicated).",
              EXIT_USAGE)
    registry = load_registry(settings.jurisdiction.forms_dir)
    try:
        form = registry.get(form_id)
        choices = parse_provisions(provisions) if provisions else None
        given = _answers(answers, answers_file)
    except LookupError as exc:
        _fail(str(exc), EXIT_USAGE)
    except click.BadParameter as exc:
        _fail(exc.format_message(), EXIT_USAGE)
    if form.manifest.kind == "findings":  # issue 21: placeholders are said before, not found after
        for warning in settings.jurisdiction.citation_warnings():
            click.echo(f"Warning: {warning}", err=True)
    try:
        engine = _engine(ctx)
        _require(ctx, f"generate:{form.id}", f"generate the form {form.id}")
        if include_confidential:
            _require(ctx, "include_confidential", "include confidential details in a document")
        if batch:
            _batch(ctx, engine, form, choices, case_types, screening, judge, date_from, date_to, flagged,
                   limit, include_confidential, pdf, out_dir, given, pretrial)
        else:
            _one(ctx, engine, form, case_number, court, choices, include_confidential, pdf, out_dir, preview,
                 list_provisions, given, pretrial)
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)


def _answers(values: tuple[str, ...], path: Path | None) -> dict:
    """--answers FILE.json, then each --set NAME=VALUE over it (checked against the form's questions)."""
    import json

    given: dict = {}
    if path is not None:
        try:
            given = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise click.BadParameter(f"{path}: not a JSON file of answers ({exc})",
                                     param_hint="--answers") from None
        if not isinstance(given, dict):
            raise click.BadParameter(f"{path}: write the answers as an object, {{\"NAME\": \"VALUE\"}}",
                                     param_hint="--answers")
    for value in values:
        name, eq, v = value.partition("=")
        if not eq or not name.strip():
            raise click.BadParameter(f"{value!r}: write NAME=VALUE, e.g. probation_term=12 months",
                                     param_hint="--set")
        given[name.strip()] = v.strip()
    return given


def _one(ctx, engine, form, case_number, court, choices, include_confidential, pdf, out_dir, preview,
         list_provisions, given=None, pretrial=False) -> None:
    from courtscreen.documents import service
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    settings = _settings(ctx)
    try:
        case_id = find_case_id(engine, case_number, court)
    except ScreeningNotFound as exc:
        _fail(str(exc), EXIT_IMPORT_FAILED)
    if list_provisions:
        _list_provisions(engine, settings, form, case_id, pretrial)
        return
    try:
        d = service.draft(engine, settings, form, case_id, choices, include_confidential, answers=given,
                          pretrial=pretrial)
        if preview:
            click.echo(d.text())
            if d.withheld_note:
                click.secho(d.withheld_note + ".", fg="yellow", err=True)
            return
        doc = service.save(engine, settings, d, out_dir, pdf)
    except service.GenerationError as exc:
        _fail(str(exc), EXIT_USAGE if exc.usage else EXIT_IMPORT_FAILED)
    click.echo(f"{doc.case_number}: {form.id} version {doc.version} -> {doc.path}")
    if doc.confidential_included:
        click.secho("  Includes confidential details: do not serve on the respondent.", fg="yellow")
    if doc.withheld_note:
        click.secho(f"  {doc.withheld_note}.", fg="yellow")
    if doc.pdf:
        click.echo(f"  PDF: {doc.pdf}")
    elif pdf:
        click.secho(f"  {doc.pdf_note}", fg="yellow", err=True)


def _list_provisions(engine, settings, form, case_id: int, pretrial: bool) -> None:
    """Per provision: pre-selected or not and why, the findings behind it, its parameters.

    What is printed is withheld like a document: no protected value appears.
    """
    from courtscreen.documents.case_record import load_case_record
    from courtscreen.documents.provisions import basis, case_facts, role_words
    from courtscreen.documents.withholding import protected_for
    from courtscreen.domain.clauses import supports
    from courtscreen.store.protected_values import ProtectedValuesUnreadable

    record = load_case_record(engine, case_id)
    try:
        scrub = protected_for(engine, record)
    except ProtectedValuesUnreadable as exc:
        _fail(f"{record.case_number}: {exc}", EXIT_IMPORT_FAILED)
    words = role_words(form.manifest, record)
    items = supports(form.id, case_facts(record, settings.jurisdiction, pretrial))
    if not items:
        click.echo(f"{form.id} sets out the findings; it has no provisions to choose.")
        return
    click.echo(f"{sum(s.preselect for s in items)} of {len(items)} provision(s) of {form.id} pre-selected"
               + (" (pretrial release)" if pretrial else "") + ".  [x] pre-selected  [ ] offered  "
               "[-] not offered")
    for s in items:
        mark = "[x]" if s.preselect else ("[ ]" if s.offered else "[-]")
        flag = "  (liberty-heavy)" if s.clause.liberty else ""
        click.echo(f"{mark} {s.clause.id:<26} {s.clause.heading}{flag}")
        if not s.offered:
            click.echo(f"    not offered: {s.not_offered}")
            continue
        printed = basis(s, words, record.conclusion, settings.jurisdiction)
        if s.preselect:
            click.echo(f"    pre-selected: {scrub(printed) or '; '.join(s.record)}")
        else:
            click.echo(f"    not pre-selected: {s.why_not_preselected()}")
        click.echo(f"    support: {'' if s.supported else 'NO SUPPORT: '}{scrub(s.describe())}")
        for p in s.clause.params:
            click.echo(f"    {s.clause.id}:{p.name}=… ({p.label}; default {p.default!r})")


def _batch(ctx, engine, form, choices, case_types, screening, judge, date_from, date_to, flagged, limit,
           include_confidential, pdf, out_dir, given=None, pretrial=False) -> None:
    from courtscreen.documents import service
    from courtscreen.domain.case_types import parse_case_type
    from courtscreen.domain.screening_status import ScreeningStatus
    from courtscreen.store.worklist import WorklistFilter

    settings = _settings(ctx)
    try:
        types = frozenset(parse_case_type(t) for t in case_types)
        status = None
        if screening:
            try:
                status = ScreeningStatus(screening)
            except ValueError:
                raise ValueError(f"unknown screening status {screening!r}; use one of: "
                                 + ", ".join(s.value for s in ScreeningStatus)) from None
    except ValueError as exc:
        _fail(str(exc), EXIT_USAGE)
    f = WorklistFilter(case_types=types, screening=status, judge=judge, flagged_only=flagged,
                       date_from=date_from.date() if date_from else None,
                       date_to=date_to.date() if date_to else None, sort="case_number", today=clock.today())
    cases = service.matching_cases(engine, f, limit)
    if not cases:
        click.echo("No cases match these filters; nothing generated.")
        return
    click.echo(f"Generating {form.id} for {len(cases)} case(s)…", err=True)
    with click.progressbar(length=len(cases), label="Generating", file=sys.stderr) as bar:
        def progress(n, total, outcome):
            bar.update(1)

        outcomes = service.generate_batch(engine, settings, form, [c for c, _ in cases], choices,
                                          include_confidential=include_confidential, out_dir=out_dir, pdf=pdf,
                                          progress=progress, answers=given, pretrial=pretrial)
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        if o.ok:
            note = f"  ({o.document.pdf_note})" if o.document.pdf_note else ""
            click.echo(f"ok    {o.case_number}: version {o.document.version} -> {o.document.path}{note}")
            if o.document.withheld_note:
                click.echo(f"      {o.document.withheld_note}")
        else:
            click.secho(f"FAIL  {o.case_number}: {o.error}", fg="red")
    click.echo(f"{len(outcomes) - len(failed)} generated, {len(failed)} failed, of {len(cases)} case(s).")
    if failed:
        sys.exit(EXIT_ROWS_REJECTED)
