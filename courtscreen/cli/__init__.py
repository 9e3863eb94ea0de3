"""Command line: `courtscreen` opens the TUI; subcommands do the same work headless.

Each subcommand lives in its own module and registers itself on the group.
"""

import courtscreen.cli.audit_cmd  # noqa: F401
import courtscreen.cli.documents_cmd  # noqa: F401
import courtscreen.cli.export_cmd  # noqa: F401
import courtscreen.cli.forms_cmd  # noqa: F401
import courtscreen.cli.generate_cmd  # noqa: F401
import courtscreen.cli.people_cmd  # noqa: F401
import courtscreen.cli.users_cmd  # noqa: F401
from courtscreen.cli import app_cmd, cases_cmd, db_cmd, findings_cmd, import_cmd, screen_cmd  # noqa: F401
from courtscreen.cli.base import cli, main

__all__ = ["cli", "main"]
