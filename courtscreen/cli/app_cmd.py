"""courtscreen demo: the app on the bundled sample docket."""

from __future__ import annotations

import os

import click

from courtscreen.cli.base import (
    EXIT_DATABASE,
    EXIT_USAGE,
    SAMPLE_DOCKET,
    _engine,
    _fail,
    _run_tui,
    _settings,
    cli,
)


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

    if not SAMPLE_DOCKET.exists():
        _fail(f"the sample docket {SAMPLE_DOCKET} is missing: run demo from a source checkout "
              "(pip install -e .), or open your own docket with 'courtscreen'.", EXIT_USAGE)
    settings = _settings(ctx)
    if not ctx.parent.params.get("database_url") and not os.environ.get("COURTSCREEN_DATABASE_URL"):
        settings = replace(settings, database_url=f"sqlite:///{settings.data_dir / 'demo.sqlite'}")
        ctx.obj["settings"] = settings
        _upgrade_demo(settings.database_url)
    try:
        engine = _engine(ctx)
        if count_cases(engine) == 0:
            click.echo(f"Importing the sample docket {SAMPLE_DOCKET.name} into {settings.database_url} …")
            import_docket(engine, SAMPLE_DOCKET, ImportOptions(), CaseTypeRules.load(
                settings.case_type_rules), settings.user, triage=TriageRules.load(settings.triage_rules))
    except (ImportFailed, DatabaseError) as exc:
        _fail(str(exc), EXIT_DATABASE)
    _run_tui(ctx)


def _upgrade_demo(url: str) -> None:
    """The demo database holds only the bundled sample: bring it to the newest schema unasked.

    (A court's own database is never upgraded behind its back; this one is ours.)
    """
    from courtscreen.store.database import DatabaseError, make_engine
    from courtscreen.store.migrate import KNOWN_REVISIONS, schema_state, upgrade

    try:
        engine = make_engine(url)
        state = schema_state(engine)
        if state.current in KNOWN_REVISIONS and not state.is_current:
            upgrade(engine)
        engine.dispose()
    except DatabaseError as exc:
        _fail(str(exc), EXIT_DATABASE)
