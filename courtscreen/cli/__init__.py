"""Command line: `courtscreen` opens the TUI; subcommands do the same work headless.

Each subcommand lives in its own module and registers itself on the group.
"""

import courtscreen.cli.export_cmd  # noqa: F401
from courtscreen.cli import (  # noqa: F401  # noqa: F401
    app_cmd,
    cases_cmd,
    db_cmd,
    findings_cmd,
    forms_cmd,
    generate_cmd,
    import_cmd,
    screen_cmd,
)
from courtscreen.cli.base import cli, main

__all__ = ["cli", "main"]
