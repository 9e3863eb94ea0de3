"""courtscreen audit: export the field-by-field history; verify the tamper-evident trail."""

from __future__ import annotations

import csv
from pathlib import Path

import click

from courtscreen.cli.base import EXIT_USAGE, _engine, _fail, _require, cli

EXIT_CHAIN_BROKEN = 8


@cli.group("audit")
def audit_group():
    """The append-only audit log and the hash-chained audit trail."""


@audit_group.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--case", "case_number", help="Only this case.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.pass_context
def audit_export_cmd(ctx, out, case_number, force):
    """Write the audit log to OUT as CSV (who changed what, when, old → new), oldest first."""
    import sqlalchemy as sa

    from courtscreen.exporting.cells import csv_text
    from courtscreen.store.models import AuditEntry, CourtCase
    from courtscreen.store.screenings import ScreeningNotFound, find_case_id

    engine = _engine(ctx.parent)
    _require(ctx.parent, "export_audit", "export the audit log")
    if out.exists() and not force:
        _fail(f"{out} already exists; choose another name or add --force to replace it.", EXIT_USAGE)
    if not out.parent.is_dir():
        _fail(f"{out.parent} is not a folder; create it or choose another path.", EXIT_USAGE)
    a, c = AuditEntry.__table__, CourtCase.__table__
    q = (sa.select(a.c.id, a.c.at, a.c.user_name, c.c.case_number, a.c.record, a.c.record_id, a.c.action,
                   a.c.field_name, a.c.old_value, a.c.new_value)
         .join(c, c.c.id == a.c.case_id, isouter=True).order_by(a.c.id))
    if case_number:
        try:
            q = q.where(a.c.case_id == find_case_id(engine, case_number))
        except ScreeningNotFound as exc:
            _fail(str(exc), EXIT_USAGE)
    temp = out.with_name(f".{out.name}.part")
    n = 0
    try:
        with engine.connect() as conn, temp.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(["entry", "at (UTC)", "user", "case", "record", "record id", "action", "field",
                             "old", "new"])
            for row in conn.execute(q):
                writer.writerow([row[0], f"{row[1]:%Y-%m-%d %H:%M:%S}",
                                 *(csv_text("" if v is None else str(v)) for v in row[2:])])
                n += 1
        temp.replace(out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        _fail(f"{out}: cannot be written ({exc.strerror}).", EXIT_USAGE)
    click.echo(f"Wrote {n:,} audit entries to {out}.")



@audit_group.command("verify")
@click.pass_context
def audit_verify_cmd(ctx):
    """Check the audit trail's hash chain from the first row to the last; exit 8 at the first break."""
    from courtscreen.store.trail import verify_trail

    engine = _engine(ctx.parent)
    _require(ctx.parent, "export_audit", "verify the audit trail")
    verdict = verify_trail(engine)
    if verdict.ok:
        click.echo(f"The audit trail is intact: {verdict.rows:,} rows, every hash and link checked.")
        return
    click.secho(f"The audit trail is BROKEN at row {verdict.broken_at}: {verdict.reason}. "
                f"{verdict.rows - 1:,} rows before it are intact. Keep this database as it is and tell "
                "your court's IT security contact.", fg="red", err=True)
    ctx.exit(EXIT_CHAIN_BROKEN)


@audit_group.command("trail")
@click.option("--event", type=click.Choice(["insert", "update", "delete", "change", "read", "refused", "copy",
                                           "user"]),
              help="Only this kind of entry.")
@click.option("--last", type=int, default=50, show_default=True, help="How many of the newest entries.")
@click.pass_context
def audit_trail_cmd(ctx, event, last):
    """Show the newest audit-trail entries: when, database login, user, from where, what, outcome."""
    from courtscreen.store.trail import trail_rows

    engine = _engine(ctx.parent)
    _require(ctx.parent, "export_audit", "read the audit trail")
    rows = trail_rows(engine, event=event)[-last:] if last > 0 else []
    for r in rows:
        where = f"{r.table_name}#{r.row_id}" if r.table_name else ""
        click.echo(f"{r.id:>7} {r.at:%Y-%m-%d %H:%M:%S} {r.db_login or '-':<14} {r.user_name or '-':<20} "
                   f"{r.client_addr:<16} {r.event:<8} {r.outcome:<8} {where} {r.detail[:200]}")
    if not rows:
        click.echo("No audit-trail entries" + (f" of kind {event}." if event else "."))
