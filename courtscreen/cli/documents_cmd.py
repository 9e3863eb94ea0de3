"""courtscreen documents: the documents generated for a case, and their steps (signed, served, entered)."""

from __future__ import annotations

from datetime import date

import click

from courtscreen.cli.base import EXIT_IMPORT_FAILED, EXIT_USAGE, _engine, _fail, _require, _settings, cli


@cli.group("documents")
def documents_group() -> None:
    """Generated documents: list them, record that one was signed, served or entered in the registry."""


@documents_group.command("list")
@click.argument("case_number")
@click.option("--court", help="Court, when the case number is used by several courts.")
@click.pass_context
def documents_list(ctx, case_number: str, court: str | None) -> None:
    """Every document generated for CASE_NUMBER, newest first, with its status, files and hashes."""
    from courtscreen.documents.service import documents_for
    from courtscreen.store.document_status import LABELS, status_history
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    engine = _engine(ctx)
    try:
        case_id = find_case_id(engine, case_number, court)
    except ScreeningNotFound as exc:
        _fail(str(exc), EXIT_IMPORT_FAILED)
    docs = documents_for(engine, case_id)
    if not docs:
        click.echo(f"{case_number}: no document generated yet.")
    for d in docs:
        secret = "  CONFIDENTIAL copy" if d["confidential_included"] else ""
        click.echo(f"#{d['id']}  {d['form_id']} v{d['version']}  {LABELS.get(d['status'], d['status'])}"
                   f"  generated {d['generated_at']:%Y-%m-%d %H:%M} UTC by {d['generated_by']}{secret}")
        click.echo(f"     DOCX {d['output_path']}  sha256 {d['output_sha256']}")
        if d["pdf_path"]:
            click.echo(f"     PDF  {d['pdf_path']}  sha256 {d['pdf_sha256']}")
        for e in status_history(engine, d["id"]):
            note = f" — {e['note']}" if e["note"] else ""
            click.echo(f"     {LABELS[e['status']]} on {e['happened_on']:%Y-%m-%d} (recorded by "
                       f"{e['recorded_by']}){note}")


@documents_group.command("status")
@click.argument("document_id", type=int)
@click.argument("status", type=click.Choice(["signed", "served", "entered"]))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="When it happened (default today).")
@click.option("--note", default="", help="e.g. 'served by the sheriff in person'.")
@click.pass_context
def documents_status(ctx, document_id: int, status: str, on, note: str) -> None:
    """Record that document DOCUMENT_ID was signed, served or entered in the registry."""
    from courtscreen.store.document_status import LABELS, StatusError, form_of, set_status

    engine = _engine(ctx)
    form_id = form_of(engine, document_id)
    if form_id is not None:  # who may make the form may record where it stands (signed, served, entered)
        _require(ctx, f"generate:{form_id}", f"record that {form_id} document #{document_id} was {status}")
    try:
        set_status(engine, document_id, status, _settings(ctx).user, on.date() if on else date.today(), note)
    except StatusError as exc:
        _fail(str(exc), EXIT_USAGE)
    click.echo(f"document #{document_id}: {LABELS[status]} on {(on.date() if on else date.today()):%Y-%m-%d}")
