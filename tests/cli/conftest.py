"""Run `courtscreen …` in-process with click's CliRunner against a temporary SQLite file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from courtscreen.cli import cli


@pytest.fixture
def cli_db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


@pytest.fixture
def courtscreen(cli_db):
    """courtscreen(*args) -> click Result; --db is the test's own SQLite file.

    result.output is what a user sees in the terminal (stdout and stderr);
    result.stdout is standard output only.
    """
    runner = CliRunner()

    def run(*args: str, db: str | None = cli_db):
        prefix = ["--db", db] if db else []
        return runner.invoke(cli, [*prefix, *map(str, args)])

    return run
