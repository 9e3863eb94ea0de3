"""The docket filter's command-line options, shared by `cases` and `export`.

Both build a store.worklist.WorklistFilter, the filter the app's worklist and batch
generation use too: one implementation, so the same options give the same cases.
"""

from __future__ import annotations

import click

from courtscreen import clock
from courtscreen.cli.base import EXIT_USAGE, _fail

SORT_CHOICES = ("priority", "hearing", "case", "case_number")


def filter_options(fn):
    """The filter options (in the order --help lists them)."""
    options = [
        click.option("--type", "case_types", multiple=True, metavar="TYPE",
                     help="Only this case type (repeatable): custody, divorce, protection_order (po), "
                     "domestic_violence (dv), child_welfare, extreme_risk, other_criminal, civil, other"),
        click.option("--screening", metavar="STATUS",
                     help="not_screened, in_progress, indicated, possible, not_indicated"),
        click.option("--search", default="",
                     help="Part of a case number, party name, charge or hearing text (% and _ are "
                     "plain characters)."),
        click.option("--court", default="", metavar="NAME",
                     help="Only this court's cases (the court's name as on the docket)."),
        click.option("--flag", "flag_tier", metavar="TIER",
                     help="Only cases whose priority is in this triage tier: stalking "
                     "(stalking-specific), linked, pattern (pattern-relevant), type (case type), none."),
        click.option("--judge", default="", help="Only this judge's cases (exact name as on the docket)."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]),
                     help="Hearings on or after YYYY-MM-DD."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]),
                     help="Hearings on or before YYYY-MM-DD."),
        click.option("--flagged", is_flag=True,
                     help="Only cases with triage flags or a party in other cases."),
        click.option("--sort", type=click.Choice(SORT_CHOICES), default="priority", show_default=True,
                     help="Order: priority (the app's worklist order: strongest flag, then nearest "
                     "hearing), hearing (nearest first), case (case number)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_filter(case_types=(), screening=None, search="", court="", flag_tier=None, judge="",
                 date_from=None, date_to=None, flagged=False, sort="priority"):
    from courtscreen.domain.case_types import parse_case_type
    from courtscreen.domain.screening_status import ScreeningStatus
    from courtscreen.domain.triage import parse_tier
    from courtscreen.store.worklist import WorklistFilter

    try:
        types = frozenset(parse_case_type(t) for t in case_types)
    except ValueError as exc:
        _fail(f"--type: {exc}", EXIT_USAGE)
    try:
        status = ScreeningStatus(screening) if screening else None
    except ValueError:
        _fail(f"--screening: unknown screening status {screening!r}; use one of: "
              + ", ".join(s.value for s in ScreeningStatus), EXIT_USAGE)
    try:
        tier = parse_tier(flag_tier) if flag_tier else None
    except ValueError as exc:
        _fail(f"--flag: {exc}", EXIT_USAGE)
    return WorklistFilter(case_types=types, screening=status, search=search, judge=judge,
                          court=court, tier=tier,
                          date_from=date_from.date() if date_from else None,
                          date_to=date_to.date() if date_to else None, flagged_only=flagged,
                          sort="case_number" if sort == "case" else sort, today=clock.today())
